import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Login, MePatch, SIGNED_IN_HINT_COOKIE, Session } from '@leadline/contract';
import { assertCsrf, requirePrincipal, secureSession, sessionCookieName } from '../../http/auth';
import type { Config } from '../../config';
import type { UsersService } from '../users/users.service';
import type { AuthService } from './auth.service';

export function authRoutes(app: FastifyInstance, auth: AuthService, users: UsersService, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sign-in'];
  const secure = (req: FastifyRequest) => secureSession(req, config.secureCookies);

  r.post('/api/v1/auth/login', {
    config: { public: true },
    schema: { tags, summary: 'Sign in; sets the session cookie', body: Login, response: { 200: Session } },
    handler: async (req, reply: FastifyReply) => {
      const s = await auth.login(req.body.email, req.body.password, req.ip, req.headers['user-agent'] ?? '');
      void reply.setCookie(sessionCookieName(secure(req)), s.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(req),
        path: '/',
        maxAge: s.maxAgeSeconds,
      });
      void reply.setCookie(SIGNED_IN_HINT_COOKIE, '1', {
        httpOnly: false,
        sameSite: 'lax',
        secure: secure(req),
        path: '/',
        maxAge: s.maxAgeSeconds,
      });
      const user = await users.getSelf(s.userId);
      return { user, csrfToken: s.csrfToken, organisation: await users.organisation() };
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { public: true },
    schema: { tags, summary: 'Sign out; ends the session', response: { 204: z.null() } },
    handler: async (req, reply) => {
      // Signing out needs the CSRF token too when a session is there, so a foreign page cannot do it.
      if (req.principal?.via === 'session') {
        assertCsrf(req);
        await auth.logout(req.principal.sessionHash);
      }
      void reply.clearCookie(sessionCookieName(secure(req)), { path: '/', secure: secure(req) });
      void reply.clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/', secure: secure(req) });
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/me', {
    schema: { tags, summary: 'The signed-in user and the CSRF token', response: { 200: Session } },
    handler: async (req) => {
      const p = requirePrincipal(req);
      return {
        user: await users.getSelf(p.userId),
        csrfToken: p.csrfToken ?? '',
        organisation: await users.organisation(),
      };
    },
  });

  r.patch('/api/v1/me', {
    schema: {
      tags,
      summary: 'Change my own preferences (language)',
      body: MePatch,
      response: { 200: Session },
    },
    handler: async (req) => {
      const p = requirePrincipal(req);
      return {
        user: await users.updateSelf(p, req.body),
        csrfToken: p.csrfToken ?? '',
        organisation: await users.organisation(),
      };
    },
  });
}
