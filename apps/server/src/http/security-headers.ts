import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * The web application loads only its own scripts: a lead description is shown as HTML, and should
 * anything slip through its sanitiser, this policy is the second wall. Styles allow 'unsafe-inline'
 * because Mantine writes its CSS variables and component styles into <style> elements at run time.
 */
export const appContentSecurityPolicy = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Swagger UI at /api/docs is served under the same rules, set by @fastify/swagger-ui on its own routes:
 * its default policy would allow framing by the same origin and upgrade every request to HTTPS, which
 * breaks the page on a plain-HTTP installation. It needs no inline script.
 */
export const docsContentSecurityPolicy = Object.entries(appContentSecurityPolicy)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

const ONE_YEAR = 365 * 24 * 3600;

export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: appContentSecurityPolicy },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Set below, and only over HTTPS: a browser must not learn to insist on HTTPS from a plain-HTTP answer.
    strictTransportSecurity: false,
    // Cross-origin isolation would block nothing we serve and break links opened from e-mails.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', `max-age=${ONE_YEAR}`);
    // API answers carry personal data: no browser or proxy keeps them.
    if (request.url.startsWith('/api/v1/')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
