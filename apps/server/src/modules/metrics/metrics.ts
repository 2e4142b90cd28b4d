import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { forbidden } from '../../http/errors';
import { requirePrincipal } from '../../http/auth';
import type { Jobs } from '../../jobs/queue';
import { isAdmin } from '../access/policy';
import { createMetricsRepository } from './metrics.repository';

/**
 * `GET /metrics` in the Prometheus text format: requests and their latency per route pattern, the
 * database pool, the job queue (waiting, running, failed for good), the mail and webhook outboxes and the
 * lead imports. Each application has its own registry, so that
 * several in one process (tests) count apart.
 */
export function registerMetrics(app: FastifyInstance, deps: { db: Database; jobs?: Jobs; config: Config }) {
  const { db, jobs, config } = deps;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadline_' });
  const repo = createMetricsRepository(db);

  const requests = new Counter({
    name: 'leadline_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'leadline_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // The pattern, never the raw URL: ids and query strings would make every request its own series.
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  if (db.poolUse) {
    const poolUse = db.poolUse.bind(db);
    new Gauge({
      name: 'leadline_db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting requests, max).',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const use = poolUse();
        for (const [state, n] of Object.entries(use)) this.set({ state }, n);
      },
    });
  }
  if (jobs) {
    new Gauge({
      name: 'leadline_jobs',
      help: 'Jobs not finished per queue and state: created and retry wait, active run, failed failed for good.',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await jobs.counts()) this.set({ queue: r.queue, state: r.state }, r.count);
      },
    });
  }
  new Gauge({
    name: 'leadline_mail_outbox_backlog',
    help: 'Messages queued in the mail outbox and not sent yet.',
    registers: [registry],
    async collect() {
      this.set(await repo.outboxBacklog());
    },
  });

  new Gauge({
    name: 'leadline_imports',
    help: 'Lead imports waiting (queued) and running.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      for (const r of await repo.importsByState()) this.set({ state: r.state }, r.n);
    },
  });
  new Gauge({
    name: 'leadline_webhook_backlog',
    help: 'Webhook deliveries waiting or under way.',
    registers: [registry],
    async collect() {
      this.set(await repo.webhookBacklog());
    },
  });

  app.get(
    '/metrics',
    { config: { public: true, bearerSecret: config.metricsToken }, schema: { hide: true } },
    async (req, reply) => {
      if (!req.bearerSecretMatched && !isAdmin(requirePrincipal(req)))
        throw forbidden('Only an administrator reads the metrics.');
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
