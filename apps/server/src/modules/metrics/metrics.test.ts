import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTestApp,
  signInAdmin,
  testDbKind,
  userWith,
  type Client,
  type TestApp,
} from '../../test/harness';
import { MAIL_JOB } from '../mail/mailer';

const SECRET = 'scraper-secret-0123456789';
let t: TestApp;
let admin: Client;

beforeAll(async () => {
  // No workers: a queued message and its delivery job stay waiting, to be seen in the figures.
  t = await createTestApp({ env: { LEADLINE_METRICS_TOKEN: SECRET, LEADLINE_JOBS: '0' } });
  admin = await signInAdmin(t.app);
}, 180_000);
afterAll(() => t.close());

const scrape = (headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: '/metrics', headers });

describe('GET /metrics', { timeout: 120_000 }, () => {
  it('answers administrators, their tokens and the metrics secret; 401 without a user, 403 for others', async () => {
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-the-secret-at-all' })).statusCode).toBe(401);

    const sales = await userWith(t.app, admin, ['crm_sales', 'crm_manager']);
    expect((await sales.get('/metrics')).statusCode).toBe(403);
    const salesToken = await admin.post('/api/v1/api-tokens', { name: 'Sales sync', roles: ['crm_sales'] });
    const s = salesToken.json<{ token: string }>();
    expect((await bearer(t.app, '', s.token).get('/metrics')).statusCode).toBe(403);

    const adminSession = await admin.get('/metrics');
    expect(adminSession.statusCode).toBe(200);
    expect(adminSession.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const adminToken = await admin.post('/api/v1/api-tokens', { name: 'Monitoring', roles: ['crm_admin'] });
    expect(
      (await bearer(t.app, '', adminToken.json<{ token: string }>().token).get('/metrics')).statusCode,
    ).toBe(200);
    const secret = await scrape({ authorization: `Bearer ${SECRET}` });
    expect(secret.statusCode).toBe(200);
    expect(secret.body).toContain('leadline_http_requests_total');
  });

  it('counts requests per route pattern, never per raw URL', async () => {
    const line = (body: string, start: string) =>
      body.split('\n').find((l) => l.startsWith(start + ' ')) ?? `${start} 0`;
    const value = (body: string, start: string) => Number(line(body, start).split(' ').pop());
    const counter = 'leadline_http_requests_total{method="GET",route="/api/v1/leads/:id",status="404"}';
    const histogram = 'leadline_http_request_duration_seconds_count{method="GET",route="/api/v1/leads/:id"}';
    const before = (await scrape({ authorization: `Bearer ${SECRET}` })).body;
    const ids = ['7b0e7c6a-0c55-4a53-9c3a-2f1d6f1a0001', '7b0e7c6a-0c55-4a53-9c3a-2f1d6f1a0002'];
    await Promise.all(ids.map((id) => admin.get(`/api/v1/leads/${id}`)));
    const after = (await scrape({ authorization: `Bearer ${SECRET}` })).body;
    expect(value(after, counter) - value(before, counter)).toBe(2);
    expect(value(after, histogram) - value(before, histogram)).toBe(2);
    for (const id of ids) expect(after).not.toContain(id);
  });

  it('reports the mail outbox backlog, the job queue and the database pool', async () => {
    const before = (await scrape({ authorization: `Bearer ${SECRET}` })).body;
    expect(before).toMatch(/^leadline_mail_outbox_backlog 0$/m);
    await t.db.transaction((tx) =>
      t.rt.mailer.enqueue(tx, { to: 'someone@example.test', subject: 'Hello', text: 'Waiting' }),
    );
    const body = (await scrape({ authorization: `Bearer ${SECRET}` })).body;
    expect(body).toMatch(/^leadline_mail_outbox_backlog 1$/m);
    expect(body).toMatch(new RegExp(`^leadline_jobs\\{queue="${MAIL_JOB}",state="created"\\} 1$`, 'm'));
    if (testDbKind() === 'postgres') expect(body).toMatch(/^leadline_db_pool_connections\{state="max"\} 5$/m);
  });

  it('reports the lead imports waiting and running, and the webhook backlog', async () => {
    const series = async () => (await scrape({ authorization: `Bearer ${SECRET}` })).body;
    const before = await series();
    expect(before).toMatch(/^leadline_imports\{state="running"\} 0$/m);
    expect(before).toMatch(/^leadline_imports\{state="queued"\} 0$/m);
    expect(before).toMatch(/^leadline_webhook_backlog 0$/m);
    await t.db.query(
      `INSERT INTO imports (created_by_id, state, file_name, file_path, file_size, format, mapping,
                           duplicate_policy, mode)
       VALUES ($1, 'running', 'leads.csv', '/tmp/leads.csv', 10, 'csv', '{}', 'skip', 'keep-good-rows')`,
      [admin.userId],
    );
    const after = await series();
    expect(after).toMatch(/^leadline_imports\{state="running"\} 1$/m);
    expect(after).toMatch(/^leadline_imports\{state="queued"\} 0$/m);
  });

  it('counts a job that failed for good under its queue', async () => {
    const withWorkers = await createTestApp({
      env: { LEADLINE_METRICS_TOKEN: SECRET },
      jobPollingSeconds: 0.5,
      extraJobs: [
        {
          name: 'always-fails',
          retryLimit: 0,
          handler: async () => {
            throw new Error('the far side is down');
          },
        },
      ],
    });
    try {
      await withWorkers.rt.jobs.send('always-fails', {});
      const failed = /^leadline_jobs\{queue="always-fails",state="failed"\} 1$/m;
      await expect
        .poll(
          async () =>
            (
              await withWorkers.app.inject({
                method: 'GET',
                url: '/metrics',
                headers: { authorization: `Bearer ${SECRET}` },
              })
            ).body,
          { timeout: 30_000, interval: 300 },
        )
        .toMatch(failed);
    } finally {
      await withWorkers.close();
    }
  });
});
