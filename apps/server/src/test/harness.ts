import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '@leadline/contract';
import { loadConfig, type Config } from '../config';
import { openPglite, openPostgres, type Database } from '../db/client';
import { createLogger } from '../lib/logger';
import { startRuntime, type Runtime } from '../runtime';
import type { JobDefinition } from '../jobs/queue';
import { underMigrationLock } from '../db/migrate';

export const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' };

export const testDbKind = (): 'pglite' | 'postgres' =>
  process.env.LEADLINE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestApp {
  app: FastifyInstance;
  rt: Runtime;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

/** A complete Leadline on a fresh database: PGlite in memory, or a new schema on the test PostgreSQL. */
export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    extraJobs?: JobDefinition[];
    jobPollingSeconds?: number;
    /** Receives the JSON log lines (with env LOG_LEVEL to choose how many). */
    logStream?: { write(line: string): void };
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    LEADLINE_ADMIN_EMAIL: ADMIN.email,
    LEADLINE_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LEADLINE_WEB_DIR: '/nonexistent',
    // Tests fire thousands of requests a minute as one user from one address; the request rate limit
    // has its own test with low limits.
    LEADLINE_RATE_LIMIT: '1000000',
    LEADLINE_RATE_LIMIT_ANONYMOUS: '1000000',
    // Every answer is also checked against its contract schema, and the compiled serialiser's output
    // against what the contract's parse gives.
    LEADLINE_CHECK_RESPONSES: '1',
    ...opts.env,
  });
  const log = createLogger(config.logLevel, opts.logStream);
  let db: Database;
  let dropSchema: (() => Promise<void>) | undefined;
  let bossSchema: string | undefined;
  if (testDbKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    // The creation time in the name lets a later run clean up after an interrupted one without
    // dropping the schemas of a run still going on beside it.
    const schema = `lltest_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    bossSchema = `${schema}_boss`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    db = openPostgres(url, { searchPath: `${schema},public`, max: 5 });
    config.databaseUrl = url;
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(
        underMigrationLock(
          `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${bossSchema}" CASCADE`,
        ),
      );
      await c.end();
    };
  } else {
    // The global setup's migrated database: a copy starts in a fraction of initdb and the migrations.
    const snapshot = inject('pgliteSnapshot');
    db = await openPglite(undefined, snapshot ? new Blob([await readFile(snapshot)]) : undefined);
  }
  const rt = await startRuntime(config, {
    db,
    log,
    bossSchema,
    extraJobs: opts.extraJobs,
    jobPollingSeconds: opts.jobPollingSeconds,
  });
  return {
    app: rt.app,
    rt,
    db,
    config,
    async close() {
      await rt.close();
      await db.close();
      await dropSchema?.();
    },
  };
}

/** A signed-in browser session: the cookie and the CSRF token, sent with every request. */
export interface Client {
  userId: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

function clientWith(app: FastifyInstance, userId: string, auth: Record<string, string>): Client {
  const inject = (o: InjectOptions) =>
    app.inject({ ...o, headers: { ...auth, ...(o.headers as Record<string, string>) } });
  return {
    userId,
    inject,
    get: (url) => inject({ method: 'GET', url }),
    post: (url, body, headers) => inject({ method: 'POST', url, payload: (body ?? {}) as object, headers }),
    patch: (url, body, headers) => inject({ method: 'PATCH', url, payload: (body ?? {}) as object, headers }),
    del: (url) => inject({ method: 'DELETE', url }),
  };
}

export async function signIn(app: FastifyInstance, email: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'leadline_session')!;
  const body = res.json<{ user: { id: string }; csrfToken: string }>();
  return clientWith(app, body.user.id, {
    cookie: `leadline_session=${cookie.value}`,
    'x-csrf-token': body.csrfToken,
  });
}

export const signInAdmin = (app: FastifyInstance) => signIn(app, ADMIN.email, ADMIN.password);

export function bearer(app: FastifyInstance, userId: string, token: string): Client {
  return clientWith(app, userId, { authorization: `Bearer ${token}` });
}

let seq = 0;
/** Creates a user through the API as the admin and signs them in. */
export async function userWith(
  app: FastifyInstance,
  admin: Client,
  roles: Role[],
  extra: Record<string, unknown> = {},
): Promise<Client & { email: string; password: string }> {
  const email = `user${++seq}-${randomBytes(3).toString('hex')}@example.test`;
  const password = 'correct-horse-battery';
  const res = await admin.post('/api/v1/users', { email, name: `User ${seq}`, password, roles, ...extra });
  if (res.statusCode !== 201) throw new Error(`creating user failed: ${res.statusCode} ${res.body}`);
  return Object.assign(await signIn(app, email, password), { email, password });
}
