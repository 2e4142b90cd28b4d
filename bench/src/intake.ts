/**
 * `npm run intake --workspace bench -- [--db postgres|pglite|both] [--rows N] [--seconds N] [--clients N]`
 *
 * The intake at scale, through the real server on a fresh database: an import of a generated CSV (1 % bad
 * rows, 2 % duplicates) beside a raw COPY of the same file into a bare table; public form submissions per
 * second from N clients beside raw inserts of the same rows; an export of the imported leads in rows per
 * second. Peak RSS of this process (which holds the server, and PGlite when embedded) for each phase.
 * Writes bench/results/intake-<db>-<rows>.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../../apps/server/src/config';
import { openPglite, openPostgres, type Database } from '../../apps/server/src/db/client';
import { createLogger } from '../../apps/server/src/lib/logger';
import { startRuntime } from '../../apps/server/src/runtime';
import { benchDir, DEFAULT_DATABASE_URL } from './databases';
import { mb, rssSampler } from './memory';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    rows: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '5' },
    clients: { type: 'string', default: '16' },
  },
});
const rows = Number(args.rows);
const seconds = Number(args.seconds);
const clients = Number(args.clients);
const kinds = args.db === 'both' ? ['postgres', 'pglite'] : [args.db];
const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const ADMIN = { email: 'bench@intake.test', password: 'bench-intake-password' };

const HEADER = 'Lead name;First name;Last name;E-mail;Phone;City;Probability;Source;Tags;External id';

/**
 * The CSV, written to `file` as a stream (the bench holds no file in memory): realistic columns (a source
 * and tags by name, an external client id); every 100th row bad (an e-mail that is none), every 50th a
 * repeat of the row before (a duplicate the skip policy skips).
 */
async function generate(n: number, file: string) {
  const out = createWriteStream(file);
  out.write(`${HEADER}\n`);
  let prev = '';
  for (let i = 1; i <= n; i++) {
    let row: string;
    if (i % 50 === 0 && prev) row = prev;
    else {
      const email = i % 100 === 1 ? 'not-an-email' : `person${i}@company${i % 997}.test`;
      const tags = i % 3 === 0 ? 'fair,newsletter' : i % 3 === 1 ? 'fair' : '';
      row = `Deal ${i};First${i % 311};Last${i};${email};+4930${String(1_000_000 + i)};City ${i % 40};${i % 100};Bench source;${tags};EXT-${i}`;
      prev = row;
    }
    if (!out.write(`${row}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

async function signIn(base: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const body = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const call = async <T>(method: string, p: string, data?: unknown): Promise<T> => {
    const r = await fetch(`${base}/api/v1${p}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': body.csrfToken,
        ...(data !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: data !== undefined ? JSON.stringify(data) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { cookie, csrf: body.csrfToken, call };
}

async function runOne(kind: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'leadline-bench-intake-'));
  let db: Database & { pglite?: import('@electric-sql/pglite').PGlite };
  let schema = '';
  if (kind === 'postgres') {
    schema = `bench_intake_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.end();
    db = openPostgres(url, { searchPath: `${schema},public`, max: 20 });
  } else {
    db = await openPglite(undefined);
  }
  const config = loadConfig({
    LEADLINE_ADMIN_EMAIL: ADMIN.email,
    LEADLINE_ADMIN_PASSWORD: ADMIN.password,
    LEADLINE_DATA_DIR: dataDir,
    LEADLINE_WEB_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    LEADLINE_RATE_LIMIT: '100000000',
    LEADLINE_RATE_LIMIT_ANONYMOUS: '100000000',
    LEADLINE_FORM_RATE_PER_ADDRESS: '100000000',
    LEADLINE_FORM_RATE_PER_FORM: '100000000',
  });
  if (kind === 'postgres') config.databaseUrl = url;
  const rt = await startRuntime(config, {
    db,
    log: createLogger('silent'),
    bossSchema: schema ? `${schema}_boss` : undefined,
  });
  await rt.app.listen({ port: 0, host: '127.0.0.1' });
  const address = rt.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const api = await signIn(base);
  const direction = await api.call<{ id: string }>('POST', '/sales-directions', { name: 'Bench direction' });
  await api.call('POST', '/lead-sources', { name: 'Bench source' });
  const rss = rssSampler();
  const result: Record<string, unknown> = { db: kind, rows, clients, seconds };

  // Import through the API, beside a raw COPY of the same file into a bare table.
  const file = path.join(dataDir, 'bench.csv');
  await generate(rows, file);
  await db.exec(
    `CREATE TABLE bench_bare (name text, first_name text, last_name text, email text, phone text, city text,
       probability text, source text, tags text, external_id text)`,
  );
  rss.phase();
  let t = performance.now();
  if (kind === 'postgres') {
    // The client sends the file (COPY ... FROM STDIN), as a non-superuser can.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`SET search_path TO "${schema}"`);
    await pipeline(
      createReadStream(file),
      client.query(copyFrom(`COPY bench_bare FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)`)),
    );
    await client.end();
  } else {
    await db.pglite!.query(
      `COPY bench_bare FROM '/dev/blob' WITH (FORMAT csv, DELIMITER ';', HEADER true)`,
      [],
      { blob: await openAsBlob(file) },
    );
  }
  const copySeconds = (performance.now() - t) / 1000;
  const form = new FormData();
  form.set(
    'mapping',
    JSON.stringify({
      'Lead name': 'name',
      'First name': 'firstName',
      'Last name': 'lastName',
      'E-mail': 'emails',
      Phone: 'phones',
      City: 'address.city',
      Probability: 'probability',
      Source: 'sourceId',
      Tags: 'tags',
      'External id': 'externalClientId',
    }),
  );
  form.set('defaults', JSON.stringify({ salesDirectionId: direction.id }));
  form.set('duplicatePolicy', 'skip');
  form.set('mode', 'keep-good-rows');
  form.set('file', await openAsBlob(file), 'bench.csv');
  t = performance.now();
  const started = await fetch(`${base}/api/v1/imports`, {
    method: 'POST',
    headers: { cookie: api.cookie, 'x-csrf-token': api.csrf },
    body: form,
  });
  const { id } = (await started.json()) as { id: string };
  let status: Record<string, unknown> = {};
  for (;;) {
    // The embedded database answers in the server's thread: a poll may meet a busy server, and is repeated.
    const polled = await api.call<Record<string, unknown>>('GET', `/imports/${id}`).catch(() => null);
    if (!polled) continue;
    status = polled;
    if (status.state === 'done' || status.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const importSeconds = (performance.now() - t) / 1000;
  result.import = {
    seconds: Math.round(importSeconds * 10) / 10,
    rowsPerSecond: Math.round(rows / importSeconds),
    copySeconds: Math.round(copySeconds * 1000) / 1000,
    ratioToCopy: Math.round(importSeconds / copySeconds),
    peakRssMb: mb(rss.phase()),
    outcome: {
      state: status.state,
      created: status.created,
      skipped: status.skipped,
      rejected: status.rejected,
    },
  };
  console.log(kind, 'import', result.import);

  // Form submissions: JSON posts from N clients for S seconds, beside raw inserts of the same rows.
  const webForm = await api.call<{ id: string; slug: string }>('POST', '/web-forms', {
    name: 'Bench form',
    slug: 'bench-form',
    fields: [{ key: 'firstName' }, { key: 'lastName', required: true }, { key: 'emails', required: true }],
    salesDirectionId: direction.id,
  });
  rss.phase();
  let sent = 0;
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; Date.now() < until; i++) {
        const r = await fetch(`${base}/forms/${webForm.slug}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${c}.${i % 250}` },
          body: JSON.stringify({
            firstName: 'Form',
            lastName: `Client${c}x${i}`,
            emails: `c${c}.${i}@form.test`,
          }),
        });
        await r.arrayBuffer();
        if (r.status === 201) sent++;
        else failed++;
      }
    }),
  );
  const formsPerSecond = sent / seconds;
  const formRss = mb(rss.phase());
  let inserted = 0;
  const rawUntil = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; Date.now() < rawUntil; i++) {
        await db.query(
          `INSERT INTO intake_submissions (form_id, payload, remote_address) VALUES ($1, $2::jsonb, '10.0.0.1')`,
          [
            webForm.id,
            JSON.stringify({ firstName: 'Raw', lastName: `Raw${c}x${i}`, emails: `r${c}.${i}@raw.test` }),
          ],
        );
        inserted++;
      }
    }),
  );
  result.forms = {
    acceptedPerSecond: Math.round(formsPerSecond),
    refused: failed,
    rawInsertsPerSecond: Math.round(inserted / seconds),
    ratio: Math.round((inserted / seconds / Math.max(formsPerSecond, 0.001)) * 10) / 10,
    peakRssMb: formRss,
  };
  console.log(kind, 'forms', result.forms);

  // Export of every lead (the imported ones and the forms' ones), streamed.
  rss.phase();
  t = performance.now();
  const exp = await fetch(`${base}/api/v1/leads/export.csv?view=all`, { headers: { cookie: api.cookie } });
  let lines = 0;
  const reader = exp.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) lines++;
  }
  const exportSeconds = (performance.now() - t) / 1000;
  result.export = {
    rows: lines - 1,
    seconds: Math.round(exportSeconds * 10) / 10,
    rowsPerSecond: Math.round((lines - 1) / exportSeconds),
    peakRssMb: mb(rss.phase()),
  };
  console.log(kind, 'export', result.export);
  rss.stop();

  await rt.close();
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_boss" CASCADE`,
    );
    await admin.end();
  } else await db.close();
  await rm(dataDir, { recursive: true, force: true });
  return result;
}

const all = [];
for (const kind of kinds) all.push(await runOne(kind));
await mkdir(path.join(benchDir, 'results'), { recursive: true });
await writeFile(
  path.join(benchDir, 'results', `intake-${args.db}-${rows}.json`),
  JSON.stringify(all, null, 2),
);
console.table(
  all.map((r) => ({
    db: r.db,
    'import rows/s': (r.import as { rowsPerSecond: number }).rowsPerSecond,
    'import s': (r.import as { seconds: number }).seconds,
    'x raw COPY': (r.import as { ratioToCopy: number }).ratioToCopy,
    'import RSS MB': (r.import as { peakRssMb: number }).peakRssMb,
    'forms/s': (r.forms as { acceptedPerSecond: number }).acceptedPerSecond,
    'raw inserts/s': (r.forms as { rawInsertsPerSecond: number }).rawInsertsPerSecond,
    'export rows/s': (r.export as { rowsPerSecond: number }).rowsPerSecond,
    'export RSS MB': (r.export as { peakRssMb: number }).peakRssMb,
  })),
);
process.exit(0);
