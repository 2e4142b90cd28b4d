import { existsSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { constants as zlib } from 'node:zlib';
import type { Config } from './config';
import type { Database } from './db/client';
import { pendingMigrations } from './db/migrate';
import { registerAuth } from './http/auth';
import { errorHandler, notFoundHandler, problem, sendProblem } from './http/errors';
import { registerIdempotency } from './http/idempotency';
import { rejectNulBytes } from './http/input-guard';
import { withNullableEnums } from './http/openapi';
import { contractSerializerCompiler } from './http/serialize';
import { registerRequestRateLimit } from './http/request-rate-limit';
import { docsContentSecurityPolicy, registerSecurityHeaders } from './http/security-headers';
import type { Jobs } from './jobs/queue';
import type { Logger } from './lib/logger';
import type { Mailer } from './modules/mail/mailer';
import { createServices, type Services } from './services';
import { registerRoutes } from './routes';
import { registerMetrics } from './modules/metrics/metrics';
import { backupRoutes } from './ops/backup.routes';

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  jobs?: Jobs;
  mailer?: Mailer;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Builds the HTTP application; it does no I/O until it is asked to listen or to answer. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, log } = deps;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
  });

  // The API speaks JSON: a text/plain body is a wrong content type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(contractSerializerCompiler({ check: config.checkResponses }));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-request-id', req.id);
    return payload;
  });

  await app.register(cookie);
  // Answers are compressed for a browser that accepts it, as the last step of each route's reply (after
  // the idempotency record keeps the plain body). Registered before any route, so that every route has
  // it. Only answers from 8 kB: a smaller one (a lead is about 2 kB) leaves in the first packets of the
  // answer anyway, and compressing it cost a quarter more CPU to save one kilobyte. The quickest brotli
  // and gzip levels: answers are JSON made on the spot, and brotli 1 wrote a page of 50 leads 10 %
  // larger than brotli 4 in a third of its time (bench/README.md); the web application's files are
  // compressed once at build and sent as they are.
  await app.register(compress, {
    global: true,
    threshold: 8192,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } },
    zlibOptions: { level: 1 },
  });
  await registerSecurityHeaders(app);
  // Uploads (the city register's CSV import) are one file of a few megabytes at most.
  await app.register(multipart, {
    limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5, parts: 6, headerPairs: 50 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Leadline API',
        version: '1',
        description:
          'Leads from every channel, worked through a pipeline, converted or closed with a reason. ' +
          'Authenticate with the session cookie (plus X-CSRF-Token on changes) or Authorization: Bearer <API token>.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'leadline_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      withNullableEnums(
        'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject,
      ),
  });
  app.addHook('onRoute', (route) => {
    // Only the API needs a signed-in caller; pages, assets, docs and public forms are for everyone.
    if (!route.url.startsWith('/api/v1/')) route.config = { ...route.config, public: true };
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: docsContentSecurityPolicy,
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const services = createServices(deps);
  app.decorate('services', services);
  registerAuth(app, services.auth.repo, db.memo, config);
  await registerRequestRateLimit(app, config.rateLimit, db);
  app.addHook('preValidation', rejectNulBytes);
  registerIdempotency(app, db);
  registerMetrics(app, { db, jobs: deps.jobs, config });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length > 0)
        return sendProblem(reply, problem(503, `Migrations pending: ${pending.join(', ')}`, 'not_ready'));
      return { status: 'ready', database: db.kind };
    } catch {
      return sendProblem(reply, problem(503, 'The database does not answer.', 'not_ready'));
    }
  });

  registerRoutes(app, services, config);
  backupRoutes(app, { db, config });

  if (existsSync(config.webDir)) {
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: false,
      index: false,
      // The build writes .br and .gz copies; the one the browser accepts is sent with Content-Encoding.
      preCompressed: true,
      cacheControl: false,
      // A file under /assets/ has its content's hash in its name: it never changes, so it is kept a year.
      setHeaders: (res, file) => {
        res.setHeader(
          'cache-control',
          /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        res.setHeader('vary', 'accept-encoding');
      },
    });
    const spa = { config: { public: true }, schema: { hide: true } };
    // Every path that is not the API or a form is a page of the web application.
    app.get('/*', spa, async (req, reply) => {
      const url = req.url.split('?')[0];
      if (url.startsWith('/api/') || url.startsWith('/forms/')) return notFoundHandler(req, reply);
      if (/\.[a-z0-9]+$/i.test(url) && !url.endsWith('.html')) return notFoundHandler(req, reply);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  } else {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>Leadline</title><h1>Leadline</h1><p>The web interface is not built. Run <code>npm start</code> (it builds it) or see <a href="/api/docs">the API documentation</a>.</p>',
        ),
    );
  }
  return app;
}
