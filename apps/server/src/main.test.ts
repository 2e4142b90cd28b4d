import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from './test/harness';

/**
 * The real server as `npm start` runs it, in a child process: start, work, SIGTERM, start again on the
 * same data. Runs on PGlite in a temporary directory, or on a fresh PostgreSQL database.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const main = path.join(root, 'apps/server/src/main.ts');

let dataDir: string;
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
/** A test that fails or times out before its stop leaves no server behind. */
const leftovers = new Set<ChildProcess>();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-main-'));
  if (testDbKind() === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `lltest_main_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    };
  }
});
afterAll(async () => {
  for (const child of leftovers)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
  await dropDatabase?.();
});

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      LEADLINE_DATA_DIR: dataDir,
      LEADLINE_WEB_DIR: '/nonexistent',
      LOG_LEVEL: 'info',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  leftovers.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Leadline is listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${out}`));
    });
  });
  return { child, base, output: () => out, exited };
}

/** Sends SIGTERM and answers the exit code; a clean stop takes seconds, not a keep-alive timeout. */
async function stopServer(s: Server) {
  const started = Date.now();
  s.child.kill('SIGTERM');
  const code = await s.exited;
  expect(Date.now() - started, s.output()).toBeLessThan(20_000);
  return code;
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function signIn(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('leadline_session='))!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = {
    cookie: cookie.split(';')[0],
    'x-csrf-token': csrfToken,
    'content-type': 'application/json',
  };
  return {
    get: (p: string) => fetch(`${base}${p}`, { headers }),
    post: (p: string, body: unknown) =>
      fetch(`${base}${p}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  };
}

/** The processes of a group that still run (a zombie has finished and only waits for its parent). */
async function runningInGroup(pgid: number): Promise<string[]> {
  const running: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, the rest follows the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z')
      running.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)}`);
  }
  return running;
}

const incomingUserPosts = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.includes('"incoming request"') && l.includes('"POST"') && l.includes('/api/v1/users'))
    .length;

describe('the server process', () => {
  let adminPassword = '';
  const created: string[] = [];
  const refused: string[] = [];

  it('prints the generated administrator password once, and works', async () => {
    const s = await startServer();
    try {
      const m = /Administrator created: admin@localhost with password (\S+) \(shown only this once\)/.exec(
        s.output(),
      );
      expect(m, s.output()).not.toBeNull();
      adminPassword = m![1];
      expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
      const admin = await signIn(s.base, 'admin@localhost', adminPassword);
      const unit = await admin.post('/api/v1/units', { name: 'Survives restarts' });
      expect(unit.status).toBe(201);
      // The secret appears only in that one start-up line, never in the structured logs.
      expect(s.output().split(adminPassword).length - 1).toBe(1);
    } finally {
      expect(await stopServer(s)).toBe(0);
    }
  }, 180_000);

  it('finishes the requests in flight on SIGTERM, stops cleanly and exits 0', async () => {
    const s = await startServer();
    const admin = await signIn(s.base, 'admin@localhost', adminPassword);
    // Creating a user hashes a password (argon2, tens of milliseconds) and the embedded database takes
    // one statement at a time: of several sent at once, most are still running when the signal arrives.
    const emails = Array.from({ length: 8 }, (_, i) => `inflight${i}@example.test`);
    const answers = emails.map((email) =>
      admin.post('/api/v1/users', {
        email,
        name: email,
        password: 'in-flight-password',
        roles: ['crm_sales'],
      }),
    );
    await waitUntil(() => incomingUserPosts(s.output()) >= 1, 'a request to arrive');
    const stopping = stopServer(s);
    const results = await Promise.allSettled(answers);
    expect(await stopping).toBe(0);
    const out = s.output();
    const shutdownAt = out.indexOf('shutting down');
    expect(shutdownAt).toBeGreaterThan(0);
    expect(out).toContain('stopped cleanly');
    expect(out).not.toMatch(/"level":50|shutdown failed/);

    // Every request the server had received before the signal was answered, and answered in full.
    const receivedBefore = incomingUserPosts(out.slice(0, shutdownAt));
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(receivedBefore);
    // Some of them were still running when the shutdown began.
    expect(out.lastIndexOf('"request completed"')).toBeGreaterThan(shutdownAt);
    // Later ones were turned away (503 or a refused connection), never half-done.
    for (const r of results) if (r.status === 'fulfilled') expect([201, 503]).toContain(r.value.status);
    results.forEach((r, i) => {
      if (r.status === 'fulfilled' && r.value.status === 201) created.push(emails[i]);
      else refused.push(emails[i]);
    });
    expect(created.length).toBeGreaterThan(0);
  }, 180_000);

  it('under `npm start`, after working for a while, the whole process group stops on SIGTERM and exits 0', async () => {
    // As a terminal or a service manager stops it: `npm start` leads its own process group (npm, the
    // server, the compiler service of the TypeScript loader) and the signal goes to all of them.
    const child = spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        HOST: '127.0.0.1',
        PORT: '0',
        LEADLINE_DATA_DIR: dataDir,
        LEADLINE_SKIP_WEB_BUILD: '1',
        LEADLINE_WEB_DIR: '/nonexistent',
        LOG_LEVEL: 'info',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pgid = child.pid!;
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitUntil(
        () => /Leadline is listening on/.test(out) || child.exitCode !== null,
        'the start',
        120_000,
      );
      const base = /Leadline is listening on (http:\/\/[^\s]+)/.exec(out)?.[1];
      expect(base, out).toBeDefined();
      const admin = await signIn(base!, 'admin@localhost', adminPassword);
      const sources = (await (await admin.get('/api/v1/lead-sources?limit=100')).json()) as {
        items: { id: string }[];
      };
      const direction = (await (
        await admin.post('/api/v1/sales-directions', { name: 'Shutdown direction' })
      ).json()) as { id: string };
      const leads = await Promise.all(
        ['Stop', 'Start', 'Again'].map(async (lastName) => {
          const res = await admin.post('/api/v1/leads', {
            name: `Survives a stop: ${lastName}`,
            sourceId: sources.items[0].id,
            salesDirectionId: direction.id,
            prospectType: 'person',
            newContact: true,
            firstName: 'Sigrid',
            lastName,
            emails: [`sigrid.${lastName.toLowerCase()}@example.test`],
          });
          expect(res.status, await res.clone().text()).toBe(201);
          return (await res.json()) as { id: string };
        }),
      );
      expect((await admin.post(`/api/v1/leads/${leads[0].id}/actions/take`, {})).status).toBe(200);
      expect((await admin.get('/api/v1/leads?view=all')).status).toBe(200);
      // Long enough for the job workers to poll several times and for every delayed start-up task to run.
      await new Promise((r) => setTimeout(r, 6_000));
    } finally {
      const signalled = Date.now();
      process.kill(-pgid, 'SIGTERM');
      let running = await runningInGroup(pgid);
      while (running.length > 0 && Date.now() - signalled < 20_000) {
        await new Promise((r) => setTimeout(r, 50));
        running = await runningInGroup(pgid);
      }
      const stoppedIn = Date.now() - signalled;
      if (running.length > 0) process.kill(-pgid, 'SIGKILL');
      expect(running, `still running ${stoppedIn} ms after SIGTERM:\n${out}`).toEqual([]);
      expect(stoppedIn, out).toBeLessThan(10_000);
      expect(await exited, out).toEqual({ code: 0, signal: null });
      expect(out).toContain('stopped cleanly');
      expect(out).not.toMatch(/"level":50|shutdown failed/);
    }
  }, 180_000);

  it('finds everything again after a restart on the same data, without a second administrator', async () => {
    const s = await startServer();
    try {
      expect(s.output()).not.toContain('Administrator created');
      expect(s.output()).not.toContain(adminPassword);
      const admin = await signIn(s.base, 'admin@localhost', adminPassword);
      const units = (await (await admin.get('/api/v1/units')).json()) as { items: { name: string }[] };
      expect(units.items.map((u) => u.name)).toContain('Survives restarts');
      const leads = (await (await admin.get('/api/v1/leads?view=all&limit=100')).json()) as {
        items: { name: string; ownerId: string | null }[];
      };
      const stopped = leads.items.filter((l) => l.name.startsWith('Survives a stop'));
      expect(stopped.map((l) => l.name).sort()).toEqual([
        'Survives a stop: Again',
        'Survives a stop: Start',
        'Survives a stop: Stop',
      ]);
      expect(stopped.filter((l) => l.ownerId !== null)).toHaveLength(1);
      const admins = (await (await admin.get('/api/v1/users?role=crm_admin')).json()) as {
        items: { email: string }[];
        total: number;
      };
      expect(admins.total).toBe(1);
      expect(admins.items[0].email).toBe('admin@localhost');
      const users = (await (await admin.get('/api/v1/users?limit=100')).json()) as {
        items: { email: string }[];
      };
      const emails = users.items.map((u) => u.email);
      for (const email of created) expect(emails).toContain(email);
      for (const email of refused) expect(emails).not.toContain(email);
    } finally {
      expect(await stopServer(s)).toBe(0);
    }
    expect(s.output()).toContain('stopped cleanly');
  }, 180_000);
});
