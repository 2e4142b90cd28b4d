import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { openPostgres, type Database } from '../db/client';
import { createLogger } from '../lib/logger';
import { startRuntime, type Runtime } from '../runtime';
import { ADMIN, signIn, signInAdmin, testDbKind, type Client } from '../test/harness';
import { underMigrationLock } from '../db/migrate';

/**
 * Several Leadline processes on one PostgreSQL, built in this process as separate runtimes with their
 * own database pools and job queues on one schema: two web processes (LEADLINE_JOBS=0) and two workers.
 * PGlite is one process's database, so this runs on PostgreSQL only.
 */
const JOB = 'once-test';
const url = process.env.TEST_DATABASE_URL ?? '';
const schema = `lltest_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
const instances: { name: string; rt: Runtime; db: Database }[] = [];

async function start(name: string, jobs: boolean) {
  const config = loadConfig({
    LEADLINE_ADMIN_EMAIL: ADMIN.email,
    LEADLINE_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    LEADLINE_WEB_DIR: '/nonexistent',
    // The web processes count requests together, in the database.
    LEADLINE_RATE_LIMIT: '100',
    LEADLINE_RATE_LIMIT_STORE: 'database',
    LEADLINE_RATE_LIMIT_ANONYMOUS: '1000000',
    LEADLINE_JOBS: jobs ? '1' : '0',
  });
  config.databaseUrl = url;
  const db = openPostgres(url, { searchPath: `${schema},public`, max: 4 });
  const rt = await startRuntime(config, {
    db,
    log: createLogger('silent'),
    bossSchema: `${schema}_boss`,
    jobPollingSeconds: 0.5,
    // A worker takes up to 25 jobs a poll, so that a thousand go through in seconds, not minutes.
    jobBatchSize: 25,
    extraJobs: [
      {
        name: JOB,
        handler: async (data) => {
          await db.query('INSERT INTO once_runs (n, process) VALUES ($1, $2)', [
            (data as { n: number }).n,
            name,
          ]);
        },
      },
    ],
  });
  instances.push({ name, rt, db });
  return rt;
}

describe.skipIf(testDbKind() !== 'postgres')(
  'several processes on one PostgreSQL',
  { timeout: 180_000 },
  () => {
    let webA: Runtime;
    let webB: Runtime;
    let adminA: Client;
    let adminB: Client;

    beforeAll(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`CREATE SCHEMA "${schema}"`);
      await c.end();
      // The first start applies the migrations; the others find them applied.
      webA = await start('web-a', false);
      webB = await start('web-b', false);
      await start('worker-1', true);
      await start('worker-2', true);
      await webA.db.query('CREATE TABLE once_runs (n integer NOT NULL, process text NOT NULL)');
      adminA = await signInAdmin(webA.app);
      adminB = await signInAdmin(webB.app);
    }, 120_000);
    afterAll(async () => {
      for (const i of instances.reverse()) {
        await i.rt.close();
        await i.db.close();
      }
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(
        underMigrationLock(
          `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_boss" CASCADE`,
        ),
      );
      await c.end();
    });

    it('runs each of 1,000 jobs sent by two web processes exactly once, on the workers only', async () => {
      const sends: Promise<unknown>[] = [];
      for (let n = 0; n < 1000; n++) sends.push((n % 2 ? webA : webB).jobs.send(JOB, { n }));
      await Promise.all(sends);
      await expect
        .poll(
          async () => (await webA.db.query<{ c: number }>('SELECT count(*)::int AS c FROM once_runs'))[0].c,
          {
            timeout: 120_000,
            interval: 500,
          },
        )
        .toBeGreaterThanOrEqual(1000);
      // Time for a job run twice to show.
      await new Promise((r) => setTimeout(r, 1500));
      const [runs] = await webA.db.query<{ total: number; distinct: number; min: number; max: number }>(
        'SELECT count(*)::int AS total, count(DISTINCT n)::int AS distinct, min(n) AS min, max(n) AS max FROM once_runs',
      );
      expect(runs).toEqual({ total: 1000, distinct: 1000, min: 0, max: 999 });
      const by = await webA.db.query<{ process: string }>('SELECT DISTINCT process FROM once_runs');
      for (const { process } of by) expect(['worker-1', 'worker-2']).toContain(process);
    });

    it('a session opened on one web process is valid on the other, and signing out ends it on both', async () => {
      const login = await webA.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: ADMIN.email, password: ADMIN.password },
      });
      const session = login.cookies.find((c) => c.name === 'leadline_session')!.value;
      const csrf = login.json<{ csrfToken: string }>().csrfToken;
      const me = (app: Runtime['app']) =>
        app.inject({ method: 'GET', url: '/api/v1/me', cookies: { leadline_session: session } });
      expect((await me(webA.app)).statusCode).toBe(200);
      expect((await me(webB.app)).statusCode).toBe(200);
      const out = await webB.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        cookies: { leadline_session: session },
        headers: { 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBeLessThan(300);
      await expect
        .poll(async () => (await me(webA.app)).statusCode, { timeout: 1200, interval: 50 })
        .toBe(401);
    });

    it('a change of settings, users or statuses made on one process shows on the other within a second', async () => {
      const current = (await adminB.get('/api/v1/settings')).json<{ defaultCurrency: string }>();
      const next = current.defaultCurrency === 'USD' ? 'EUR' : 'USD';
      const changed = await adminA.patch('/api/v1/settings', { defaultCurrency: next });
      expect(changed.statusCode, changed.body).toBe(200);
      const at = Date.now();
      await expect
        .poll(
          async () =>
            (await adminB.get('/api/v1/settings')).json<{ defaultCurrency: string }>().defaultCurrency,
          {
            timeout: 1200,
            interval: 50,
          },
        )
        .toBe(next);
      expect(Date.now() - at).toBeLessThan(1200);

      // A user deactivated on A can no longer work on B.
      const res = await adminA.post('/api/v1/users', {
        name: 'Two Places',
        email: `two.places.${Date.now()}@example.test`,
        password: 'two-places-password-1',
        roles: ['crm_sales'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const user = res.json<{ id: string; email: string; version: number }>();
      const login = await webB.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'two-places-password-1' },
      });
      const cookie = login.cookies.find((c) => c.name === 'leadline_session')!;
      const asUser = () =>
        webB.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          cookies: { leadline_session: cookie.value },
        });
      expect((await asUser()).statusCode).toBe(200);
      const off = await adminA.patch(
        `/api/v1/users/${user.id}`,
        { active: false },
        { 'if-match': String(user.version) },
      );
      expect(off.statusCode, off.body).toBe(200);
      await expect.poll(async () => (await asUser()).statusCode, { timeout: 1200, interval: 50 }).toBe(401);
    });

    it('holds one user to one request budget across the web processes', async () => {
      const email = `budget.${Date.now()}@example.test`;
      const created = await adminA.post('/api/v1/users', {
        name: 'Budget User',
        email,
        password: 'budget-password-1',
        roles: ['crm_sales'],
      });
      expect(created.statusCode, created.body).toBe(201);
      const onA = await signIn(webA.app, email, 'budget-password-1');
      const onB = await signIn(webB.app, email, 'budget-password-1');
      const answers = await Promise.all(
        Array.from({ length: 120 }, (_, i) => (i % 2 ? onA : onB).get('/api/v1/leads?limit=1')),
      );
      const count = (code: number) => answers.filter((r) => r.statusCode === code).length;
      expect([count(200), count(429)]).toEqual([100, 20]);
    });
  },
);
