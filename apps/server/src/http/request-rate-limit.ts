import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../config';
import { AppError } from './errors';

/** One budget per API token, per signed-in user (all their sessions), and per address for the rest. */
function budgetKey(request: FastifyRequest): string {
  const p = request.principal;
  if (!p) return `address:${request.ip}`;
  return p.via === 'token' && p.tokenId ? `token:${p.tokenId}` : `user:${p.userId}`;
}

/**
 * Requests per minute, counted in this process. The caller is identified first (http/auth.ts runs as
 * an application hook, before this route hook), so a user keeps one budget whatever their address.
 */
export async function registerRequestRateLimit(app: FastifyInstance, limits: Config['rateLimit']) {
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (request: FastifyRequest) => (request.principal ? limits.perPrincipal : limits.perAnonymousAddress),
    keyGenerator: budgetKey,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, `Too many requests. Try again in ${context.after}.`, undefined, {
        'Retry-After': String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  });
}
