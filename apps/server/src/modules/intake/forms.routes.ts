import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import { AppError, fieldError } from '../../http/errors';
import { ALTCHA_SCRIPT, renderFormPage, renderMessage, renderThankYou } from './form-page';
import { CONSENT, type FormIntake, type PostKind } from './form-submission';
import type { StoredWebForm } from './web-forms.repository';

const SlugParams = z.object({ slug: z.string().max(80) });
const PageQuery = z.object({ sent: z.string().max(5).optional() });

/** The CORS answer for a request's Origin: none needed (no Origin, or this server), allowed, or refused. */
function originOf(req: FastifyRequest, form: StoredWebForm): { allow: string | null } | 'refused' {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return { allow: null };
  if (origin === `${req.protocol}://${req.host}`) return { allow: null };
  return form.allowedOrigins.includes(origin.toLowerCase()) ? { allow: origin } : 'refused';
}

const refusedOrigin = () =>
  new AppError('origin_not_allowed', 403, 'This form does not accept submissions from that site.', [
    fieldError('Origin', 'not_allowed', 'is not among the allowed origins of the form'),
  ]);

/**
 * The page's security headers: nothing runs on it, it posts only to itself (and may be sent on to
 * the form's redirect address), and only the allowed origins may frame it.
 */
function pageHeaders(reply: FastifyReply, form: StoredWebForm) {
  const redirect = form.redirectUrl ? ` ${new URL(form.redirectUrl).origin}` : '';
  const frames = form.allowedOrigins.length ? form.allowedOrigins.join(' ') : "'none'";
  void reply
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; worker-src 'self' blob:; img-src 'self' data:; form-action 'self'${redirect}; frame-ancestors ${frames}; base-uri 'none'`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store');
}

/** The proof-of-work widget's script (one file with its styles and workers), read once. */
let widget: Promise<Buffer> | null = null;
const widgetScript = () =>
  (widget ??= readFile(
    // The ES module build beside the package's main entry.
    path.join(path.dirname(createRequire(import.meta.url).resolve('altcha')), 'altcha.min.js'),
  ).catch((err: unknown) => {
    widget = null;
    throw err;
  }));

/** The public forms: `GET /forms/{slug}` serves the page, `POST /forms/{slug}` receives a submission. */
export function formsRoutes(app: FastifyInstance, intake: FormIntake, config: Config) {
  void app.register(async (scope) => {
    // A browser's form post; only here, so that the API keeps speaking JSON alone.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: config.forms.bodyLimit },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const schema = { tags: ['Web forms'], params: SlugParams };

    r.get('/forms/:slug', {
      schema: { ...schema, summary: 'The public page of a web form (HTML)', querystring: PageQuery },
      handler: async (req, reply) => {
        let page;
        try {
          page = await intake.page(req.params.slug);
        } catch (err) {
          // A browser gets a page; a program asking for anything but HTML gets the usual problem.
          if (err instanceof AppError && err.status === 404 && /text\/html/.test(req.headers.accept ?? ''))
            return reply
              .status(404)
              .type('text/html; charset=utf-8')
              .send(renderMessage('Not found', 'There is no such form.'));
          throw err;
        }
        pageHeaders(reply, page.form);
        const html = req.query.sent ? renderThankYou(page.form) : renderFormPage(page.form, page.token);
        return reply.type('text/html; charset=utf-8').send(html);
      },
    });

    r.get(ALTCHA_SCRIPT, {
      schema: { tags: ['Web forms'], summary: 'The proof-of-work widget of the form pages (JavaScript)' },
      handler: async (_req, reply) =>
        reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'public, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .send(await widgetScript()),
    });

    r.get('/forms/:slug/challenge', {
      schema: {
        ...schema,
        summary: 'A proof-of-work challenge (ALTCHA) for a browser post to the form; solved by the page',
      },
      handler: async (req, reply) => {
        const challenge = await intake.challenge(req.params.slug);
        return reply.header('cache-control', 'no-store').send(challenge);
      },
    });

    r.options('/forms/:slug', {
      schema: { ...schema, summary: 'CORS preflight: answered for the origins the form allows' },
      handler: async (req, reply) => {
        const cors = originOf(req, await intake.form(req.params.slug));
        if (cors === 'refused') throw refusedOrigin();
        if (cors.allow)
          void reply
            .header('access-control-allow-origin', cors.allow)
            .header('access-control-allow-methods', 'POST')
            .header('access-control-allow-headers', 'content-type')
            .header('access-control-max-age', '600');
        return reply.header('vary', 'Origin').status(204).send();
      },
    });

    r.post('/forms/:slug', {
      bodyLimit: config.forms.bodyLimit,
      schema: {
        ...schema,
        summary:
          'Submit a web form: form-encoded (a browser; answered with a 303 redirect) or JSON (201 { id, message }). ' +
          'The fields are those the form offers; _hp is the honeypot, _consent the consent box',
        body: z.record(z.string(), z.unknown()),
      },
      handler: async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        const kind: PostKind = type === 'application/json' ? 'json' : 'browser';
        const body = req.body;
        try {
          const form = await intake.form(req.params.slug);
          const cors = originOf(req, form);
          if (cors === 'refused') throw refusedOrigin();
          void reply.header('vary', 'Origin');
          if (cors.allow) void reply.header('access-control-allow-origin', cors.allow);
          const result = await intake.submit({
            slug: req.params.slug,
            kind,
            body,
            address: req.ip,
            userAgent: req.headers['user-agent'] ?? null,
          });
          if (kind === 'browser')
            return reply.redirect(result.form.redirectUrl ?? `/forms/${result.form.slug}?sent=1`, 303);
          return reply.status(201).send({
            id: result.id,
            message: result.form.thankYou || 'Thank you! We have received your request.',
            redirectUrl: result.form.redirectUrl,
          });
        } catch (err) {
          // A person at a browser gets a page, not JSON: the form again with what to correct. A program
          // (JSON, or a form post that does not ask for HTML) gets the usual problem.
          if (kind === 'json' || !(err instanceof AppError) || !/text\/html/.test(req.headers.accept ?? ''))
            throw err;
          for (const [k, v] of Object.entries(err.headers ?? {})) void reply.header(k, v);
          reply.status(err.status).type('text/html; charset=utf-8');
          if (err.status === 422) {
            const page = await intake.page(req.params.slug);
            pageHeaders(reply, page.form);
            const values = Object.fromEntries(
              Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
            );
            return reply.send(
              renderFormPage(page.form, page.token, {
                values,
                errors: err.fieldErrors,
                consent: !!values[CONSENT],
              }),
            );
          }
          return reply.send(
            renderMessage(err.status === 429 ? 'Please wait a moment' : 'Not sent', err.message),
          );
        }
      },
    });
  });
}
