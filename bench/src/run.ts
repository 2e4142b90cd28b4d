/**
 * `npm run bench -- [--db postgres|pglite|both] [--size N] [--quick] [--reps N] [--seconds N]
 *   [--clients N] [--regenerate]`
 *
 * Measures what users feel at scale, through the same service code and HTTP routes the API uses, each
 * beside a hand-written SQL baseline of the same work timed alternately in the same run, so that the ratio
 * holds on a noisy machine. Writes bench/results/<db>-<size>.json (<db>-<size>-only-<groups>.json with --only).
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../apps/server/src/config';
import type { Queryable } from '../../apps/server/src/db/client';
import { encodeCursor, parseSort } from '../../apps/server/src/lib/keyset';
import { createLogger } from '../../apps/server/src/lib/logger';
import { sha256 } from '../../apps/server/src/lib/tokens';
import type { Principal } from '../../apps/server/src/modules/access/principal';
import { leadSortColumns } from '../../apps/server/src/modules/leads/lead-sql';
import { startRuntime } from '../../apps/server/src/runtime';
import { benchDir, openBenchDatabase, type BenchDatabase, type DbKind } from './databases';
import type { GenerateResult } from './generate';
import type { LoadResult, LoadTask } from './load-client';
import { mb, rssSampler } from './memory';
import { FIRST_NAMES, INTERESTS, LAST_NAMES, COMPANY_ROOTS, COMPANY_WORDS, uuidOf } from './pools';
import { compare, summarize, type Summary } from './stats';
import { reportNames } from '@leadline/contract';
import { benchHttp, printHttpTable, type HttpMeasure, type HttpRow } from './http';
import { benchExport, benchForms, removeBenchForms, type ExportRow } from './intake-http';
import { createReportsRepository } from '../../apps/server/src/modules/reports/reports.repository';
import { benchIdentityJobs } from './identity-jobs';
import { defaultColumnIds, listFields } from '../../apps/web/src/features/leads/listFields';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    size: { type: 'string' },
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    seconds: { type: 'string' },
    clients: { type: 'string', default: '16' },
    regenerate: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});

/** Groups of measures `--only` can pick (comma-separated); all of them by default. */
const GROUPS = [
  'pages',
  'filters',
  'duplicates',
  'kanban',
  'creates',
  'reports',
  'http',
  'forms',
  'export',
] as const;
/** Groups a run leaves out unless named: an export of a million leads takes minutes. */
const ON_REQUEST = new Set<string>(['forms', 'export']);
const only = new Set(args.only ? args.only.split(',') : GROUPS.filter((g) => !ON_REQUEST.has(g)));
const runs = (group: (typeof GROUPS)[number]) => only.has(group);

const size = Number(args.size ?? (args.quick ? 100_000 : 1_000_000));
const reps = Number(args.reps ?? (args.quick ? 40 : 150));
const loadSeconds = Number(args.seconds ?? (args.quick ? 3 : 10));
const clients = Number(args.clients);
const kinds: DbKind[] = args.db === 'both' ? ['postgres', 'pglite'] : [args.db as DbKind];
if (
  !kinds.every((k) => k === 'postgres' || k === 'pglite') ||
  !(size >= 1000) ||
  !(reps >= 5) ||
  ![...only].every((g) => (GROUPS as readonly string[]).includes(g))
) {
  console.error(
    `usage: npm run bench -- [--db postgres|pglite|both] [--size N>=1000] [--quick] [--reps N>=5] [--only ${GROUPS.join(',')}]`,
  );
  process.exit(2);
}

/** Targets of the benchmark issue (2 cores, PostgreSQL 15, 1M leads), as p95 in milliseconds. */
const TARGETS: Record<string, { p95?: number; ratio?: number; perSecond?: Record<DbKind, number> }> = {
  'My leads, first page': { p95: 20, ratio: 1.5 },
  'Opened leads, first page': { p95: 20, ratio: 1.5 },
  'Opened leads, first page without total': { p95: 20, ratio: 1.5 },
  'Opened leads, page 200 (keyset)': { p95: 20, ratio: 1.5 },
  'Filtered list (owner+status+source+dates)': { p95: 50 },
  'Full-text search': { p95: 50 },
  'Search by fragment (e-mail part, phone digits)': { p95: 50 },
  'Duplicate candidates with scoring': { p95: 30 },
  'Kanban counts and sums': { p95: 100 },
  'Single creates over HTTP': { perSecond: { postgres: 1500, pglite: 600 } },
  ...Object.fromEntries(reportNames.map((n) => [`Report ${n}`, { p95: 200 }])),
  ...Object.fromEntries(reportNames.map((n) => [`Report ${n}, 12 months`, { p95: 200 }])),
};

/** The targets of the HTTP measures (issue #18), by `<db>:<measure>`. */
const HTTP_TARGETS: Record<string, string> = {
  'postgres:GET one lead': '>= 0.3x bare',
  'pglite:GET one lead': '>= 1,000/s',
  'postgres:My leads, first page of 50': '>= 1,000/s',
  'postgres:Opened leads, first page of 50': '>= 1,000/s',
  'postgres:My leads, first page of 50, web fields': '>= 1,000/s',
  'postgres:Opened leads, first page of 50, web fields': '>= 1,000/s',
  'postgres:Create a lead': '>= 0.5x bare',
  'pglite:Create a lead': '>= 300/s',
};

interface Row {
  name: string;
  service: Summary | null;
  baseline: Summary;
  note?: string;
  perSecond?: number;
  baselinePerSecond?: number;
  statuses?: Record<string, number>;
}

const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(v < 10 ? 2 : 1));

function verdict(kind: DbKind, r: Row): string {
  const t = TARGETS[r.name];
  if (!t) return '';
  if (t.perSecond && r.perSecond !== undefined) return r.perSecond >= t.perSecond[kind] ? 'ok' : 'MISSED';
  // The targets are stated for PostgreSQL; on PGlite they are shown for comparison only.
  if (kind !== 'postgres') return '';
  const p95 = (r.service ?? r.baseline).p95;
  const okTime = t.p95 === undefined || p95 <= t.p95;
  const okRatio = t.ratio === undefined || !r.service || r.service.p95 <= t.ratio * r.baseline.p95;
  return okTime && okRatio ? 'ok' : 'MISSED';
}

function printTable(kind: DbKind, rows: Row[]) {
  const head = ['measure', 'p50', 'p95', 'p99', 'raw p50', 'raw p95', 'ratio p95', 'target', ''];
  const lines = rows.map((r) => {
    const t = TARGETS[r.name];
    if (r.perSecond !== undefined) {
      return [
        `${r.name} (req/s: ${Math.round(r.perSecond)} vs raw ${Math.round(r.baselinePerSecond ?? 0)})`,
        fmt(r.service?.p50),
        fmt(r.service?.p95),
        fmt(r.service?.p99),
        fmt(r.baseline.p50),
        fmt(r.baseline.p95),
        r.service ? fmt(r.service.p95 / r.baseline.p95) : '-',
        t?.perSecond ? `>= ${t.perSecond[kind]}/s` : '',
        verdict(kind, r),
      ];
    }
    return [
      r.name + (r.note ? ` (${r.note})` : ''),
      fmt(r.service?.p50),
      fmt(r.service?.p95),
      fmt(r.service?.p99),
      fmt(r.baseline.p50),
      fmt(r.baseline.p95),
      r.service ? fmt(r.service.p95 / r.baseline.p95) : '-',
      t ? [t.p95 ? `p95 <= ${t.p95}` : '', t.ratio ? `<= ${t.ratio}x` : ''].filter(Boolean).join(', ') : '',
      verdict(kind, r),
    ];
  });
  const all = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  for (const [i, l] of all.entries()) {
    console.log(l.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function principalOf(db: Queryable, userId: string): Promise<Principal> {
  const [u] = await db.query<{
    name: string;
    email: string | null;
    roles: Principal['roles'];
    unit_ids: string[];
  }>(
    `SELECT u.name, u.email, u.roles,
            coalesce((SELECT array_agg(m.unit_id::text) FROM unit_members m WHERE m.user_id = u.id), '{}') AS unit_ids
       FROM users u WHERE u.id = $1`,
    [userId],
  );
  return {
    userId,
    name: u.name,
    email: u.email,
    roles: u.roles,
    unitIds: u.unit_ids,
    partnerCompanyId: null,
    via: 'session',
  };
}

/** The page's columns as the repository returns them, with tag names: what a hand-written list query returns. */
const rawPage = `SELECT l.*, coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM lead_tags lt
    JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = l.id), '{}') AS tag_names FROM leads l`;

/** API clients each with their own token (an integration user), so that they do not queue on one token's row. */
async function apiTokens(db: Queryable, n: number) {
  const tokens: string[] = [];
  for (let k = 1; k <= n; k++) {
    const token = `ll_bench_client_${k}_0123456789abcdef`;
    await db.query(
      `INSERT INTO users (id, name, roles, is_integration) VALUES (${uuidOf('u', '$1::int')}, $2, '{crm_sales}', true)
       ON CONFLICT (id) DO NOTHING`,
      [100_000 + k, `Bench client ${k}`],
    );
    await db.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES (${uuidOf('u', '$1::int')}, $2, $3, 'll_benc')
       ON CONFLICT (token_hash) DO NOTHING`,
      [100_000 + k, `Bench client ${k}`, sha256(token)],
    );
    tokens.push(token);
  }
  return tokens;
}

/**
 * What an integration sends: half are people (a new contact), half belong to an existing company with a
 * new contact in it; every one has a source, a sales direction, an e-mail, a phone and an amount.
 */
function createBodies(sourceIds: string[], directionIds: string[], companyIds: string[]) {
  return Array.from({ length: 500 }, (_, i) => {
    const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length];
    const last = LAST_NAMES[(i * 13) % LAST_NAMES.length];
    const company = `${COMPANY_ROOTS[(i * 17) % COMPANY_ROOTS.length]} ${COMPANY_WORDS[(i * 5) % COMPANY_WORDS.length]} Ltd`;
    const person = i % 2 === 0;
    return {
      name: `${person ? `${first} ${last}` : company} – ${INTERESTS[i % INTERESTS.length]}`,
      sourceId: sourceIds[i % sourceIds.length],
      salesDirectionId: directionIds[i % directionIds.length],
      prospectType: person ? 'person' : 'company',
      ...(person ? {} : { companyId: companyIds[i % companyIds.length] }),
      newContact: true,
      firstName: first,
      lastName: last,
      emails: [`${first}.${last}.${i}@example.com`.toLowerCase()],
      phones: [`+33 6 ${String(10000000 + i * 7919).slice(-8)}`],
      targetAmount: { amount: String(1000 + ((i * 37) % 90) * 500), currency: 'EUR' },
      tags: i % 3 === 0 ? ['Inbound'] : [],
    };
  });
}

/** `--profile`: a CPU profile of this process (the server) while the HTTP load runs, for Chrome DevTools. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name: string) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const file = path.join(benchDir, 'results', `${name}.cpuprofile`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(profile));
      return path.relative(process.cwd(), file);
    },
  };
}

function runClients(task: LoadTask): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(benchDir, 'src/load-client.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load client exited with ${code}`)));
    child.send(task);
  });
}

type CreateBody = ReturnType<typeof createBodies>[number];

/** A create's values in one INSERT: the raw baseline of a create. */
const insertRaw = (db: Queryable, b: CreateBody, statusId: string, adminId: string) =>
  db.query(
    `INSERT INTO leads (name, source_id, company_id, first_name, last_name, emails, phones, target_amount,
       target_currency, status_id, phase, search_text, created_by_id, sales_direction_id, prospect_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'EUR', $9, 'new', $10, $11, $12, $13) RETURNING id`,
    [
      b.name,
      b.sourceId,
      b.companyId ?? null,
      b.firstName,
      b.lastName,
      b.emails,
      b.phones,
      b.targetAmount.amount,
      statusId,
      `${b.name} ${b.firstName} ${b.lastName} ${b.emails.join(' ')} ${b.phones.join(' ')}`,
      adminId,
      b.salesDirectionId,
      b.prospectType,
    ],
  );

/** A token of an existing user, for the HTTP measures that read as that user. */
async function tokenOf(db: Queryable, userId: string, label: string) {
  const token = `ll_bench_${label}_0123456789abcdef`;
  await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, $2, $3, 'll_benc')
     ON CONFLICT (token_hash) DO NOTHING`,
    [userId, `Bench ${label}`, sha256(token)],
  );
  return token;
}

/** The raw-SQL baseline of a create: the same values in one INSERT, from as many concurrent callers. */
async function rawInserts(
  db: Queryable,
  bodies: ReturnType<typeof createBodies>,
  statusId: string,
  adminId: string,
) {
  const latencies: number[] = [];
  const deadline = performance.now() + loadSeconds * 1000;
  const started = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const b = bodies[i++ % bodies.length];
        const t0 = performance.now();
        await insertRaw(db, b, statusId, adminId);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latency: summarize(latencies), perSecond: latencies.length / seconds };
}

async function benchOne(kind: DbKind) {
  console.log(`\n== ${kind}, ${size.toLocaleString('en')} leads ==`);
  const rss = rssSampler();
  const t0 = performance.now();
  const loadBefore = os.loadavg()[0];
  let bench: BenchDatabase;
  try {
    bench = await openBenchDatabase(kind, size, { regenerate: args.regenerate });
  } catch (err) {
    console.error(`  ${kind} at ${size.toLocaleString('en')} leads failed: ${(err as Error).message}`);
    return { kind, failed: (err as Error).message, peakRssMb: mb(rss.peak()) };
  }
  const generated: GenerateResult | null = bench.generated;
  const [{ now: runStarted }] = await bench.db.query<{ now: Date }>('SELECT now()');
  const generateRssMb = mb(rss.phase());
  const db = bench.db;

  const config = loadConfig({
    LOG_LEVEL: 'fatal',
    LEADLINE_WEB_DIR: '/nonexistent',
    HOST: '127.0.0.1',
    PORT: '0',
    // The load clients post and read as fast as they can, from one address and one token: the limits are
    // still checked on every request (their cost is measured) but never reached.
    LEADLINE_RATE_LIMIT: '100000000',
    LEADLINE_FORM_RATE_PER_ADDRESS: '100000000',
    LEADLINE_FORM_RATE_PER_FORM: '100000000',
    LEADLINE_RATE_LIMIT_ANONYMOUS: '100000000',
    ...(bench.url ? { DATABASE_URL: bench.url } : {}),
  });
  const rt = await startRuntime(config, { db, log: createLogger('fatal'), bossSchema: bench.bossSchema });
  const leads = rt.app.services.leads;
  const address = await rt.app.listen({ host: '127.0.0.1', port: 0 });

  const owner = await principalOf(
    db,
    (await db.query<{ id: string }>(`SELECT ${uuidOf('u', '1')} AS id`))[0].id,
  );
  const adminId = (await db.query<{ id: string }>(`SELECT ${uuidOf('u', '0')} AS id`))[0].id;
  const admin = await principalOf(db, adminId);
  const statuses = await db.query<{ id: string; phase: string }>(
    'SELECT id, phase FROM lead_statuses ORDER BY position, id',
  );
  const sources = await db.query<{ id: string }>('SELECT id FROM lead_sources ORDER BY position, id');
  const rows: Row[] = [];
  const add = (name: string, r: { subject: Summary; baseline: Summary }, note?: string) => {
    rows.push({ name, service: r.subject, baseline: r.baseline, note });
    console.log(`  ${name}: p95 ${fmt(r.subject.p95)} ms (raw ${fmt(r.baseline.p95)} ms)`);
  };
  const count = (where: string, params: unknown[]) =>
    db.query(`SELECT count(*)::int AS n FROM leads l WHERE ${where}`, params);

  if (runs('pages')) {
    // First pages, as the web interface asks for them (with the total), and the page alone.
    add(
      'My leads, first page',
      await compare(
        () => leads.list(owner, { view: 'my', limit: 50, sort: '-updatedAt' }),
        async () => {
          await db.query(
            `${rawPage} WHERE l.owner_id = $1 AND l.active ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`,
            [owner.userId],
          );
          await count('l.owner_id = $1 AND l.active', [owner.userId]);
        },
        reps,
      ),
      'with total',
    );
    const open = `l.phase IN ('new', 'in_progress') AND l.active`;
    add(
      'Opened leads, first page',
      await compare(
        () => leads.list(owner, { view: 'open', limit: 50, sort: '-updatedAt' }),
        async () => {
          await db.query(`${rawPage} WHERE ${open} ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`);
          await count(open, []);
        },
        reps,
      ),
      'with total',
    );
    add(
      'Opened leads, first page without total',
      await compare(
        () => leads.list(owner, { view: 'open', limit: 50, sort: '-updatedAt', count: false }),
        () => db.query(`${rawPage} WHERE ${open} ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`),
        reps,
      ),
      'count=false',
    );

    // Page 200: the cursor of the last row of page 199, as the list would have handed it out.
    const [last] = await db.query<{ id: string; updated_at: Date }>(
      `SELECT l.id, l.updated_at FROM leads l WHERE ${open} ORDER BY l.updated_at DESC, l.id DESC OFFSET $1 LIMIT 1`,
      [199 * 50 - 1],
    );
    const terms = parseSort('-updatedAt', leadSortColumns, '-updatedAt', 'l.id');
    const cursor = encodeCursor(terms, { updatedAt: last.updated_at, id: last.id });
    add(
      'Opened leads, page 200 (keyset)',
      await compare(
        () => leads.list(owner, { view: 'open', limit: 50, sort: '-updatedAt', cursor, count: false }),
        () =>
          db.query(
            `${rawPage} WHERE ${open} AND (l.updated_at, l.id) < ($1::timestamptz, $2::uuid)
              ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`,
            [last.updated_at, last.id],
          ),
        reps,
      ),
      'count=false',
    );
  }

  // Leads to search for and to find duplicates of: a first and last name, or a company.
  const samples = await db.query<{
    id: string;
    first_name: string;
    last_name: string;
    company_name: string | null;
    name: string;
    emails: string[];
    phones: string[];
  }>(
    `SELECT id, first_name, last_name, company_name, name, emails, phones FROM leads
      WHERE number IN (SELECT 'L-' || lpad((1 + (k * 7919) % $1::int)::text, 7, '0') FROM generate_series(1, 20) k)`,
    [size],
  );
  const searches = samples.map((s, i) =>
    i % 2 === 0
      ? `${s.first_name} ${s.last_name}`
      : (s.company_name ?? s.last_name).split(' ').slice(0, 2).join(' '),
  );
  if (runs('filters')) {
    // Filtered: one owner, one status, one source, a quarter of the two years.
    const from = new Date(Date.now() - 300 * 86400_000).toISOString();
    const to = new Date(Date.now() - 30 * 86400_000).toISOString();
    const filters = statuses
      .slice(0, 4)
      .flatMap((s, i) =>
        sources
          .slice(0, 3)
          .map((src, j) => ({ statusId: s.id, sourceId: src.id, ownerIdx: 1 + ((i * 3 + j) % 40) })),
      );
    const filterOwners = await db.query<{ id: string }>(
      `SELECT ${uuidOf('u', 'k')} AS id FROM generate_series(1, 40) k ORDER BY k`,
    );
    const filterSql = `l.active AND l.owner_id = $1 AND l.status_id = $2 AND l.source_id = $3
      AND l.created_at >= $4::timestamptz AND l.created_at <= $5::timestamptz`;
    add(
      'Filtered list (owner+status+source+dates)',
      await compare(
        (i) => {
          const f = filters[i % filters.length];
          return leads.list(admin, {
            view: 'all',
            limit: 50,
            sort: '-updatedAt',
            ownerId: filterOwners[f.ownerIdx - 1].id,
            statusId: f.statusId,
            sourceId: f.sourceId,
            createdFrom: from,
            createdTo: to,
          });
        },
        async (i) => {
          const f = filters[i % filters.length];
          const params = [filterOwners[f.ownerIdx - 1].id, f.statusId, f.sourceId, from, to];
          await db.query(
            `${rawPage} WHERE ${filterSql} ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`,
            params,
          );
          await count(filterSql, params);
        },
        reps,
      ),
      'with total',
    );

    const tsq = (q: string) =>
      q
        .split(/\s+/)
        .map((w) => `'${w.replace(/['\\:&|!()<>*]/g, '').toLowerCase()}':*`)
        .join(' & ');
    add(
      'Full-text search',
      await compare(
        (i) =>
          leads.list(admin, { view: 'all', limit: 50, sort: '-updatedAt', q: searches[i % searches.length] }),
        async (i) => {
          const params = [tsq(searches[i % searches.length])];
          const where = `l.active AND l.search @@ to_tsquery('simple', $1)`;
          await db.query(`${rawPage} WHERE ${where} ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`, params);
          await count(where, params);
        },
        reps,
      ),
      'with total',
    );
    // Fragments: the middle of an e-mail's local part, or a phone's digits as typed ("30 1010397").
    const fragments = samples.map((s, i) => {
      const email = s.emails[0] ?? s.name;
      const phone = s.phones[0] ?? '';
      if (i % 2 === 0 || !phone) return email.split('@')[0].slice(1, 9);
      const digits = phone.replace(/\D/g, '').slice(2);
      return `${digits.slice(0, 3)} ${digits.slice(3)}`;
    });
    const fragmentLike = (q: string) => {
      const t = q.trim();
      const v = /^[\d\s]+$/.test(t) ? t.replace(/\D/g, '').replace(/^0+/, '') : t.toLowerCase();
      return `%${v.replace(/[\\%_]/g, '\\$&')}%`;
    };
    add(
      'Search by fragment (e-mail part, phone digits)',
      await compare(
        (i) =>
          leads.list(admin, {
            view: 'all',
            limit: 50,
            sort: '-updatedAt',
            q: fragments[i % fragments.length],
          }),
        async (i) => {
          const params = [fragmentLike(fragments[i % fragments.length])];
          const where = `l.active AND lead_fragments(l.emails, l.company_website, l.phones) LIKE $1`;
          await db.query(`${rawPage} WHERE ${where} ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`, params);
          await count(where, params);
        },
        reps,
      ),
      'with total',
    );
  }

  if (runs('duplicates')) {
    // Likely duplicates of one lead in SQL alone: the twenty leads whose person's name is nearest to
    // its own among those at similarity 0.6 or more (`%`, the session's threshold; GIN trigram index,
    // 0850), and the leads that share an e-mail or a phone.
    const person = `lower(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, ''))`;
    const dupSql = `WITH by_name AS (
        SELECT l.id, 1 - (${person} <-> $2) AS score FROM leads l
         WHERE l.id <> $1 AND l.merged_into_id IS NULL AND ${person} % $2 ORDER BY ${person} <-> $2 LIMIT 20),
      by_contact AS (
        SELECT l.id, 1.0::real AS score FROM leads l
         WHERE l.id <> $1 AND l.merged_into_id IS NULL AND (l.emails && $3::text[] OR l.phones && $4::text[])
         LIMIT 20)
      SELECT id, max(score) AS score
        FROM (SELECT * FROM by_name WHERE score >= 0.6 UNION ALL SELECT * FROM by_contact) AS c
       GROUP BY id ORDER BY score DESC, id LIMIT 20`;
    const dupQuery = (i: number) => {
      const s = samples[i % samples.length];
      const name = `${s.first_name ?? ''} ${s.last_name ?? ''}`.toLowerCase();
      return db.query(dupSql, [s.id, name, s.emails, s.phones]);
    };
    // The service: candidates from every index (names, e-mails, phones, TIN, company), scored field by
    // field with reasons, against the SQL of nearest names and shared contact points alone.
    const duplicates = rt.app.services.duplicates;
    add(
      'Duplicate candidates with scoring',
      await compare((i) => duplicates.ofLead(admin, samples[i % samples.length].id), dupQuery, reps),
      'GET /leads/{id}/duplicates vs SQL only',
    );
    console.log(`  duplicates: p95 ${fmt(rows[rows.length - 1].service!.p95)} ms (target 30)`);
    rows.push(...(await benchIdentityJobs(db, admin)));
  }

  if (runs('kanban')) {
    // Kanban: a column per open status with its count and total target amount, as the board asks for it.
    const kanbanSql = `SELECT l.status_id, l.target_currency, count(*)::int AS n, sum(l.target_amount)::text AS total
      FROM leads l WHERE l.phase IN ('new', 'in_progress') AND l.active GROUP BY l.status_id, l.target_currency`;
    add(
      'Kanban counts and sums',
      await compare(
        () => leads.summary(admin, { view: 'open', groupBy: 'statusId' }),
        () => db.query(kanbanSql),
        Math.max(5, Math.round(reps / 3)),
      ),
      'open leads, every status',
    );
  }

  if (runs('reports')) {
    // Every dashboard report as an administrator opens the dashboard (read from the per-day figures);
    // the baseline is the same report's SQL over the leads and their history, as a narrower user's runs.
    const service = rt.app.services.reports;
    const raw = createReportsRepository(db, { aggregates: false });
    const all = { kind: 'all' } as const;
    // What the dashboard asks when it opens: the last twelve months.
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    for (const [query, label] of [
      [{}, ''],
      [{ from }, ', 12 months'],
    ] as const) {
      const measures = {
        funnel: [() => service.funnel(admin, query), () => raw.funnel(all, query)],
        created: [() => service.created(admin, query), () => raw.created(all, query)],
        outcomes: [() => service.outcomes(admin, query), () => raw.outcomes(all, query)],
        'time-in-status': [() => service.timeInStatus(admin, query), () => raw.timeInStatus(all, query)],
        owners: [() => service.owners(admin, query), () => raw.owners(all, query)],
        sources: [() => service.sources(admin, query), () => raw.sources(all, query)],
        directions: [() => service.directions(admin, query), () => raw.directions(all, query)],
      } satisfies Record<(typeof reportNames)[number], [() => Promise<unknown>, () => Promise<unknown>]>;
      for (const name of reportNames) {
        const [subject, baseline] = measures[name];
        add(
          `Report ${name}${label}`,
          await compare(subject, baseline, Math.max(5, Math.round(reps / 3))),
          'raw: SQL over leads and history',
        );
      }
    }
  }

  const queryRssMb = mb(rss.phase());

  // Creates over HTTP: concurrent API clients in a separate process; the baseline is a raw INSERT.
  let creates: {
    http: LoadResult;
    raw: Awaited<ReturnType<typeof rawInserts>>;
    serverCpuMsPerCreate: number;
  } | null = null;
  if (runs('creates')) {
    const tokens = await apiTokens(db, clients);
    const directions = await db.query<{ id: string }>(
      'SELECT id FROM sales_directions ORDER BY position, id',
    );
    const companies = await db.query<{ id: string }>('SELECT id FROM companies ORDER BY id LIMIT 200');
    const bodies = createBodies(
      sources.map((s) => s.id),
      directions.map((d) => d.id),
      companies.map((c) => c.id),
    );
    const profiler = args.profile ? await startProfiler() : null;
    const cpuBefore = process.cpuUsage();
    const load = await runClients({
      url: address,
      path: '/api/v1/leads',
      tokens,
      concurrency: clients,
      seconds: loadSeconds,
      bodies: bodies.map((b) => JSON.stringify(b)),
    });
    const cpu = process.cpuUsage(cpuBefore);
    if (profiler)
      console.log(`  CPU profile of the server: ${await profiler.stop(`creates-${kind}-${size}`)}`);
    // CPU time of the server process per request (JavaScript only; PostgreSQL's own work is not in it, PGlite's is).
    const serverCpuMsPerCreate = (cpu.user + cpu.system) / 1000 / Math.max(1, load.requests);
    const raw = await rawInserts(db, bodies, statuses[0].id, adminId);
    rows.push({
      name: 'Single creates over HTTP',
      service: load.latency,
      baseline: raw.latency,
      perSecond: load.perSecond,
      baselinePerSecond: raw.perSecond,
      statuses: load.statuses,
    });
    console.log(
      `  creates: ${Math.round(load.perSecond)}/s over HTTP (${JSON.stringify(load.statuses)}), raw INSERT ${Math.round(raw.perSecond)}/s; server CPU ${serverCpuMsPerCreate.toFixed(1)} ms per create (${(cpu.system / 1000 / Math.max(1, load.requests)).toFixed(1)} in the kernel)`,
    );
    if (load.firstError) console.log(`  first error: ${load.firstError}`);
    creates = { http: load, raw, serverCpuMsPerCreate };
  }
  let http: HttpRow[] = [];
  if (runs('http')) {
    console.log(`  over HTTP, ${clients} clients, ${loadSeconds} s each (API, then the bare route):`);
    const ownerToken = await tokenOf(db, owner.userId, 'owner');
    const adminToken = await tokenOf(db, adminId, 'admin');
    const clientTokens = await apiTokens(db, clients);
    const directions = await db.query<{ id: string }>(
      'SELECT id FROM sales_directions ORDER BY position, id',
    );
    const companies = await db.query<{ id: string }>('SELECT id FROM companies ORDER BY id LIMIT 200');
    const bodies = createBodies(
      sources.map((s) => s.id),
      directions.map((d) => d.id),
      companies.map((c) => c.id),
    );
    const ids = samples.map((s) => s.id);
    const open = `l.phase IN ('new', 'in_progress') AND l.active`;
    const page = '&limit=50&sort=-updatedAt&count=false';
    const fts = (q: string) =>
      q
        .split(/\s+/)
        .map((w) => `'${w.replace(/['\\:&|!()<>*]/g, '').toLowerCase()}':*`)
        .join(' & ');
    const measures: HttpMeasure[] = [
      {
        name: 'GET one lead',
        paths: ids.map((id) => `/api/v1/leads/${id}`),
        tokens: [adminToken],
        raw: (k) => db.query('SELECT * FROM leads WHERE id = $1', [ids[k % ids.length]]),
      },
      {
        name: 'My leads, first page of 50',
        paths: [`/api/v1/leads?view=my${page}`],
        tokens: [ownerToken],
        raw: () =>
          db.query(
            `${rawPage} WHERE l.owner_id = $1 AND l.active ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`,
            [owner.userId],
          ),
      },
      {
        name: 'Opened leads, first page of 50',
        paths: [`/api/v1/leads?view=open${page}`],
        tokens: [ownerToken],
        raw: () => db.query(`${rawPage} WHERE ${open} ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`),
      },
      {
        name: 'Full-text search, first page of 50',
        paths: searches.map((q) => `/api/v1/leads?view=all&q=${encodeURIComponent(q)}${page}`),
        tokens: [adminToken],
        raw: (k) =>
          db.query(
            `${rawPage} WHERE l.active AND l.search @@ to_tsquery('simple', $1) ORDER BY l.updated_at DESC, l.id DESC LIMIT 51`,
            [fts(searches[k % searches.length])],
          ),
      },
      {
        name: 'Kanban summary',
        paths: ['/api/v1/leads/summary?view=open&groupBy=statusId'],
        tokens: [adminToken],
        raw: () =>
          db.query(`SELECT l.status_id, l.target_currency, count(*)::int AS n, sum(l.target_amount)::text AS total
            FROM leads l WHERE ${open} GROUP BY l.status_id, l.target_currency`),
      },
      {
        name: 'Create a lead',
        method: 'POST',
        paths: ['/api/v1/leads'],
        bodies: bodies.map((b) => JSON.stringify(b)),
        tokens: clientTokens,
        raw: (_k, body) => insertRaw(db, body as CreateBody, statuses[0].id, adminId),
      },
    ];
    // The lists as the web asks them: only the fields of its default columns (`fields=`).
    const webFields = `&fields=${encodeURIComponent(listFields(defaultColumnIds)!)}`;
    for (const m of measures.slice(1, 4))
      measures.push({ ...m, name: `${m.name}, web fields`, paths: m.paths.map((p) => `${p}${webFields}`) });
    // Compression: the same answers asked as a browser asks them (brotli first) and as most HTTP
    // clients do (gzip); beside the plain answers above, its CPU cost against the bytes it saves.
    const [getOne, myLeads] = measures;
    for (const [encoding, label] of [
      ['br, gzip', 'brotli'],
      ['gzip', 'gzip'],
    ] as const) {
      for (const m of [getOne, myLeads])
        measures.push({ ...m, name: `${m.name}, ${label}`, headers: { 'accept-encoding': encoding } });
    }
    http = await benchHttp({
      kind,
      size,
      db,
      apiUrl: address,
      measures,
      clients,
      seconds: loadSeconds,
      profile: args.profile,
    });
  }
  if (runs('forms')) {
    console.log(`  web forms, ${clients} clients, ${loadSeconds} s (API, then the bare route):`);
    http.push(
      ...(await benchForms({
        kind,
        size,
        db,
        apiUrl: address,
        adminToken: await tokenOf(db, adminId, 'admin'),
        clients,
        seconds: loadSeconds,
        profile: args.profile,
      })),
    );
  }
  const httpRssMb = mb(rss.phase());
  let exports: ExportRow[] = [];
  if (runs('export')) {
    console.log(`  export of every lead (view=all, the default columns):`);
    exports = await benchExport({
      kind,
      apiUrl: address,
      adminToken: await tokenOf(db, adminId, 'admin'),
      url: bench.url,
      schema: bench.schema,
    });
  }

  await rt.close();
  if (runs('forms')) await removeBenchForms(db);
  // What the run wrote goes, and the tables are vacuumed, so that the next run at this size reads the
  // same data in the state autovacuum keeps it in, not thousands of unvacuumed rows from this one.
  await db.query('DELETE FROM leads WHERE created_at >= $1', [runStarted]);
  // (a contact that a lead of before the run came to point at stays)
  await db.query(
    `DELETE FROM contacts c WHERE c.created_at >= $1
        AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = c.id)`,
    [runStarted],
  );
  await db.exec('VACUUM (ANALYZE) leads, contacts, lead_events, lead_tags');
  const disk = await bench.sizeOnDisk();
  const [{ n: leadCount }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
  await bench.close();
  rss.stop();

  console.log('');
  printTable(kind, rows);
  if (http.length) {
    console.log('');
    printHttpTable(kind, http, HTTP_TARGETS);
  }
  console.log(
    `\n  load average (1 min) ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end, on ${os.cpus().length} cores`,
  );
  const peakRssMb = mb(rss.peak());
  console.log(
    `\n  peak RSS ${peakRssMb} MB (generation ${generateRssMb}, queries ${queryRssMb}, HTTP ${httpRssMb})${kind === 'pglite' ? ', database included' : ''}; ` +
      `database on disk ${mb(disk.bytes)} MB (${disk.how})`,
  );
  const result = {
    db: kind,
    size,
    leadsAtEnd: leadCount,
    quick: args.quick,
    reps,
    clients,
    loadSeconds,
    at: new Date().toISOString(),
    machine: {
      // Other work on the machine inflates every figure; the ratios to the raw baseline hold better.
      loadAverage1m: { start: loadBefore, end: os.loadavg()[0] },
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryMb: mb(os.totalmem()),
      node: process.version,
    },
    generated,
    seconds: (performance.now() - t0) / 1000,
    peakRssMb,
    rssMbByPhase: { generation: generateRssMb, queries: queryRssMb, http: httpRssMb },
    diskBytes: disk.bytes,
    diskMb: mb(disk.bytes),
    diskHow: disk.how,
    measures: rows.map((r) => ({
      ...r,
      ratioP95: r.service ? r.service.p95 / r.baseline.p95 : null,
      verdict: verdict(kind, r),
    })),
    creates,
    http,
    exports,
  };
  await mkdir(path.join(benchDir, 'results'), { recursive: true });
  // A partial run (--only) keeps its own file, so that the report's full tables are not overwritten.
  const partial = args.only ? `-only-${[...only].join('-')}` : '';
  const file = path.join(benchDir, 'results', `${kind}-${size}${partial}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
  return result;
}

const started = performance.now();
for (const kind of kinds) await benchOne(kind);
console.log(`\nbenchmark finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
