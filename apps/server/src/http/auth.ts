import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Memo } from '../lib/memo';
import type { AuthRepository, PrincipalRow } from '../modules/auth/auth.repository';
import type { Principal } from '../modules/access/principal';
import { safeEqual, sha256 } from '../lib/tokens';
import { AppError } from './errors';

export const SESSION_COOKIE = 'leadline_session';
/** Over HTTPS: a browser takes this name only from a secure origin, for the whole host and no other. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** Whether the session cookie is marked Secure (and so carries the __Host- prefix) for this request. */
export function secureSession(request: FastifyRequest, secureCookies: Config['secureCookies']): boolean {
  return secureCookies === 'auto' ? request.protocol === 'https' : secureCookies;
}

export const sessionCookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The request carried the route's own bearer secret (see `bearerSecret`). */
    bearerSecretMatched: boolean;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, health checks, public forms, docs). */
    public?: boolean;
    /** A fixed secret this route also accepts as `Authorization: Bearer <secret>` (in place of a user). */
    bearerSecret?: string;
  }
}

const unauthorized = (message = 'Sign in or send a valid API token.') =>
  new AppError('unauthorized', 401, message, undefined, { 'WWW-Authenticate': 'Bearer realm="leadline"' });

function toPrincipal(row: PrincipalRow, via: Principal['via'], extra: Partial<Principal>): Principal {
  return {
    userId: row.id,
    name: row.name,
    email: row.email,
    roles: row.roles,
    unitIds: row.unit_ids,
    partnerCompanyId: row.partner_company_id,
    via,
    ...extra,
  };
}

/** Identifies the caller on every request and enforces sign-in and CSRF where the route needs them. */
export function registerAuth(
  app: FastifyInstance,
  repo: AuthRepository,
  memo: Memo,
  config: Pick<Config, 'secureCookies' | 'sessionIdleHours'>,
) {
  app.decorateRequest('principal', null);
  app.decorateRequest('bearerSecretMatched', false);
  app.addHook('onRequest', async (request) => {
    const secret = request.routeOptions.config?.bearerSecret;
    const sent = /^Bearer\s+(\S+)$/.exec(request.headers.authorization?.trim() ?? '')?.[1];
    if (secret && sent && safeEqual(sent, secret)) {
      request.bearerSecretMatched = true;
      return;
    }
    request.principal = await identify(request, repo, memo, config);
    const isPublic = request.routeOptions.config?.public === true;
    if (isPublic) return;
    if (!request.principal) throw unauthorized();
    if (!SAFE_METHODS.has(request.method)) assertCsrf(request);
  });
}

/** A state-changing request made with the session cookie must also carry the session's CSRF token. */
export function assertCsrf(request: FastifyRequest) {
  const p = request.principal;
  if (!p || p.via !== 'session') return;
  const header = request.headers['x-csrf-token'];
  const sent = Array.isArray(header) ? header[0] : header;
  if (!sent || !p.csrfToken || !safeEqual(sent, p.csrfToken)) {
    throw new AppError(
      'csrf_failed',
      403,
      'The X-CSRF-Token header is missing or does not match the session.',
    );
  }
}

async function identify(
  request: FastifyRequest,
  repo: AuthRepository,
  memo: Memo,
  config: Pick<Config, 'secureCookies' | 'sessionIdleHours'>,
): Promise<Principal | null> {
  const authz = request.headers.authorization;
  if (authz !== undefined) {
    const m = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{10,200})$/.exec(authz.trim());
    if (!m) throw unauthorized('The Authorization header must be "Bearer <api token>".');
    const hash = sha256(m[1]);
    const row = await memo.get(`principal:token:${hash}`, () => repo.principalByToken(hash));
    if (!row) throw unauthorized('The API token is not valid or was revoked.');
    return toPrincipal(row, 'token', { tokenId: row.token_id });
  }
  // Only the name this request would be given is read: over HTTPS a cookie without the prefix may have
  // been planted by a plain-HTTP page or a sibling host.
  const cookie = request.cookies?.[sessionCookieName(secureSession(request, config.secureCookies))];
  if (!cookie || cookie.length > 200) return null;
  const hash = sha256(cookie);
  const idleSeconds = Math.round(config.sessionIdleHours * 3600);
  const row = await memo.get(`principal:session:${hash}`, () => repo.principalBySession(hash, idleSeconds));
  if (!row) return null;
  return toPrincipal(row, 'session', { sessionHash: hash, csrfToken: row.csrf_token });
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
