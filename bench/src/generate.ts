import type { Database, Queryable } from '../../apps/server/src/db/client';
import { hashPassword } from '../../apps/server/src/lib/passwords';
import {
  city,
  company,
  countryCode,
  DESCRIPTIONS,
  FIRST_NAMES,
  h,
  chance,
  INTERESTS,
  JOB_TITLES,
  SALES_DIRECTIONS,
  LAST_NAMES,
  phone,
  pick,
  sqlArray,
  TAGS,
  UNITS,
  uuidOf,
} from './pools';
import { searchTextSql } from './search-text';

export const BENCH_ADMIN = { email: 'admin@bench.test', password: 'bench-admin-password' };
export const OWNERS = 50;
const CHUNK = 50_000;
/** Share of leads per status, in the order of the default statuses' positions. */
const STATUS_WEIGHTS = [15, 15, 15, 10, 20, 15, 10];

export interface GenerateResult {
  size: number;
  seconds: number;
  rowsPerSecond: number;
  rows: Record<string, number>;
}

const counts = (size: number) => ({
  leads: size,
  companies: Math.max(10, Math.round(size / 10)),
  contacts: Math.max(10, Math.round(size / 5)),
});

/** Runs chunks [lo, hi] of 1..n, `parallel` at a time (PostgreSQL has two cores to use; PGlite has one connection). */
async function inChunks(n: number, parallel: number, fn: (lo: number, hi: number) => Promise<void>) {
  const chunks: [number, number][] = [];
  for (let lo = 1; lo <= n; lo += CHUNK) chunks.push([lo, Math.min(n, lo + CHUNK - 1)]);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const [lo, hi] = chunks[next++];
      await fn(lo, hi);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
}

/** Foreign keys are checked by triggers; the generator's data is consistent by construction, so a bulk load skips them. */
async function bulk(db: Database, sql: string, params: unknown[]) {
  await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL session_replication_role = replica');
    await tx.query(sql, params);
  });
}

const companiesSql = `
INSERT INTO companies (id, name, tin, website, type, key_account, emails, phones, address_city, address_country,
  created_at, updated_at)
SELECT ${uuidOf('c', 'k')}, ${company.name('k')},
  CASE WHEN ${chance(60, 'k', 16)} THEN (1000000000 + k)::text END,
  'https://www.' || ${company.domain('k')},
  (ARRAY['prospect','prospect','prospect','customer','customer','supplier','partner'])[1 + ${h('k', 17)} % 7],
  ${chance(5, 'k', 18)},
  ARRAY['info@' || ${company.domain('k')}],
  ARRAY[${phone(company.country('k'), 'k', 19)}],
  ${city(company.country('k'), 'k', 20)}, ${countryCode(company.country('k'))},
  now() - make_interval(secs => ${h('k', 25)} % (900 * 86400)), now() - make_interval(secs => ${h('k', 26)} % (30 * 86400))
FROM generate_series($1::int, $2::int) k`;

/** The person of contact ordinal k: names, the company they work for and how to reach them. */
const person = {
  company: (k: string, ncomp: string) => `(1 + ${h(k, 21)} % ${ncomp})`,
  first: (k: string) => pick(FIRST_NAMES, k, 22),
  last: (k: string) => pick(LAST_NAMES, k, 23),
};

const contactsSql = `
INSERT INTO contacts (id, first_name, last_name, emails, phones, company_id, job_title, address_city, address_country,
  created_at, updated_at)
SELECT ${uuidOf('p', 'k')}, fn, ln,
  ARRAY[lower(fn || '.' || ln) || '@' || ${company.domain('ck')}],
  ARRAY[${phone(company.country('ck'), 'k', 24)}],
  ${uuidOf('c', 'ck')}, ${pick(JOB_TITLES, 'k', 27)},
  ${city(company.country('ck'), 'k', 28)}, ${countryCode(company.country('ck'))},
  now() - make_interval(secs => ${h('k', 29)} % (800 * 86400)), now() - make_interval(secs => ${h('k', 30)} % (60 * 86400))
FROM (SELECT k, ${person.company('k', '$3::int')} AS ck, ${person.first('k')} AS fn, ${person.last('k')} AS ln
        FROM generate_series($1::int, $2::int) k) s`;

function leadsSql() {
  let acc = 0;
  const statusCase = `CASE ${STATUS_WEIGHTS.map((w, i) => `WHEN b < ${(acc += w)} THEN ${i + 1}`).join(' ')} ELSE ${STATUS_WEIGHTS.length} END`;
  // $1 lo, $2 hi, $3 companies, $4 contacts, $5 status ids, $6 status phases, $7 source ids, $8 admin id
  return `
INSERT INTO leads (id, number, name, source_id, prospect_type, lead_company_name, company_id, company_name,
  company_website, company_tin, contact_id, first_name, last_name, emails, phones, job_title, address_city,
  address_country, target_amount, target_currency, probability, priority, status_id, phase, owner_id, unit_id,
  sales_direction_id, active, start_date, expected_completion_date, actual_completed_date, description, search_text, created_by_id,
  created_at, updated_at)
SELECT id, number, name, source_id, prospect_type, company_name, company_id, company_name, company_website,
  company_tin, contact_id, first_name, last_name, emails, phones, job_title, address_city, address_country,
  target_amount, target_currency, probability, priority, status_id, phase, owner_id, unit_id, sales_direction_id,
  active, start_date,
  expected_completion_date, actual_completed_date, description, ${searchTextSql}, created_by_id, created_at,
  updated_at
FROM (
  SELECT ${uuidOf('l', 'g')} AS id,
    -- Seven digits: the service numbers new leads from the sequence with six (L-000001), so the two never meet.
    'L-' || lpad(g::text, 7, '0') AS number,
    CASE WHEN is_person THEN first_name || ' ' || last_name ELSE company_name END || ' – ' || ${pick(INTERESTS, 'p', 35)} AS name,
    ($7::uuid[])[1 + ${h('g', 45)} % cardinality($7::uuid[])] AS source_id,
    CASE WHEN is_person THEN 'person' ELSE 'company' END AS prospect_type,
    company_name,
    CASE WHEN NOT is_person AND ${chance(70, 'p', 34)} THEN ${uuidOf('c', 'ck')} END AS company_id,
    CASE WHEN NOT is_person THEN 'https://www.' || domain END AS company_website,
    CASE WHEN NOT is_person AND ${chance(60, 'ck', 16)} THEN (1000000000 + ck)::text END AS company_tin,
    CASE WHEN ${chance(80, 'p', 33)} THEN ${uuidOf('p', 'k')} END AS contact_id,
    first_name, last_name, real_last AS contact_last_name,
    ARRAY[CASE WHEN is_person THEN lower(first_name || '.' || real_last) || (${h('k', 36)} % 100)::text || '@gmail.com'
               ELSE lower(first_name || '.' || real_last) || '@' || domain END] AS emails,
    CASE WHEN ${chance(70, 'p', 37)} THEN ARRAY[${phone(company.country('ck'), 'k', 24)}] ELSE '{}'::text[] END AS phones,
    ${pick(JOB_TITLES, 'k', 27)} AS job_title,
    ${city(company.country('ck'), 'k', 28)} AS address_city, ${countryCode(company.country('ck'))} AS address_country,
    CASE WHEN ${chance(65, 'g', 54)} THEN ((1 + ${h('g', 55)} % 2000) * 100)::numeric(15, 2) END AS target_amount,
    CASE WHEN ${chance(88, 'g', 56)} THEN 'EUR' ELSE 'USD' END AS target_currency,
    (ARRAY[10, 30, 50, 40, 100, 0, 0])[si]::smallint AS probability,
    (ARRAY['low','normal','normal','normal','high','urgent'])[1 + ${h('g', 57)} % 6] AS priority,
    ($5::uuid[])[si] AS status_id, ($6::text[])[si] AS phase,
    CASE WHEN unowned THEN NULL ELSE ${uuidOf('u', 'oi')} END AS owner_id,
    CASE WHEN unowned THEN ${uuidOf('unit', `1 + ${h('g', 44)} % ${UNITS.length}`)}
         ELSE ${uuidOf('unit', `1 + (oi - 1) % ${UNITS.length}`)} END AS unit_id,
    ${uuidOf('sd', `1 + ${h('p', 46)} % ${SALES_DIRECTIONS.length}`)} AS sales_direction_id,
    ${chance(97, 'g', 58)} AS active,
    created_at::date AS start_date,
    created_at::date + (14 + ${h('g', 53)} % 90)::int AS expected_completion_date,
    CASE WHEN si > 4 THEN updated_at::date END AS actual_completed_date,
    CASE WHEN ${chance(40, 'g', 59)} THEN ${pick(DESCRIPTIONS, 'g', 60)} END AS description,
    CASE WHEN unowned THEN $8::uuid ELSE ${uuidOf('u', 'oi')} END AS created_by_id,
    created_at, updated_at
  FROM (
    SELECT *, created_at + (now() - created_at) * ((${h('g', 52)} % 1000) / 1000.0) AS updated_at,
      CASE WHEN is_person THEN NULL ELSE ${company.name('ck')} END AS company_name,
      ${company.domain('ck')} AS domain
    FROM (
      SELECT *,
        -- Open leads are recent; closed ones spread over two years.
        now() - make_interval(secs => ${h('g', 51)} % (CASE WHEN si <= 4 THEN 180 ELSE 730 END * 86400)) AS created_at,
        -- A near-duplicate is the same person typed again with one letter missing.
        CASE WHEN g <> p THEN left(real_last, 2) || substr(real_last, 4) ELSE real_last END AS last_name
      FROM (
        SELECT g, p, si, k, ${person.company('k', '$3::int')} AS ck, ${person.first('k')} AS first_name,
          ${person.last('k')} AS real_last, ${chance(15, 'p', 32)} AS is_person,
          si = 1 AND ${chance(50, 'g', 43)} AS unowned, 1 + ${h('g', 42)} % ${OWNERS} AS oi
        FROM (
          SELECT g, p, ${statusCase} AS si, 1 + ${h('p', 31)} % $4::int AS k
          FROM (SELECT g, CASE WHEN g % 50 = 0 THEN g - 1 ELSE g END AS p, ${h('g', 41)} % 100 AS b
                  FROM generate_series($1::int, $2::int) g) s0
        ) s1
      ) s2
    ) s3
  ) s4
) s5`;
}

const leadTagsSql = `
INSERT INTO lead_tags (lead_id, tag_id)
SELECT DISTINCT ${uuidOf('l', 'g')}, ${uuidOf('tag', 't')}
  FROM generate_series($1::int, $2::int) g,
       LATERAL (VALUES (CASE WHEN ${chance(55, 'g', 61)} THEN 1 + ${h('g', 62)} % ${TAGS.length} END),
                       (CASE WHEN ${chance(25, 'g', 63)} THEN 1 + ${h('g', 64)} % ${TAGS.length} END)) v(t)
 WHERE t IS NOT NULL`;

async function seedPeople(db: Queryable) {
  const hash = await hashPassword(BENCH_ADMIN.password);
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, roles) VALUES (${uuidOf('u', '0')}, $1, 'Administrator', $2, '{crm_admin}')`,
    [BENCH_ADMIN.email, hash],
  );
  await db.query(
    `INSERT INTO users (id, email, name, roles)
     SELECT ${uuidOf('u', 'k')}, 'user' || k || '@bench.test', ${pick(FIRST_NAMES, 'k + 1000', 1)} || ' ' || ${pick(LAST_NAMES, 'k + 1000', 2)},
            CASE WHEN k <= 40 THEN '{crm_sales}' WHEN k <= 45 THEN '{crm_marketeer}' ELSE '{crm_manager}' END::text[]
       FROM generate_series(1, ${OWNERS}) k`,
  );
  await db.query(
    `INSERT INTO units (id, name) SELECT ${uuidOf('unit', 'k')}, (${sqlArray(UNITS)})[k] FROM generate_series(1, ${UNITS.length}) k`,
  );
  await db.query(
    `INSERT INTO unit_members (unit_id, user_id)
     SELECT ${uuidOf('unit', `1 + (k - 1) % ${UNITS.length}`)}, ${uuidOf('u', 'k')} FROM generate_series(1, ${OWNERS}) k`,
  );
  await db.query(
    `INSERT INTO sales_directions (id, name, position)
     SELECT ${uuidOf('sd', 'k')}, (${sqlArray(SALES_DIRECTIONS)})[k], k FROM generate_series(1, ${SALES_DIRECTIONS.length}) k`,
  );
  await db.query(
    `INSERT INTO tags (id, name) SELECT ${uuidOf('tag', 'k')}, (${sqlArray(TAGS)})[k] FROM generate_series(1, ${TAGS.length}) k`,
  );
}

interface IndexDef {
  indexname: string;
  indexdef: string;
}

/** Secondary indexes are built once after the load: much faster than maintaining them row by row. */
async function dropSecondaryIndexes(db: Queryable, tables: string[]): Promise<IndexDef[]> {
  const defs = await db.query<IndexDef>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                         WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)`,
    [tables],
  );
  for (const d of defs) await db.exec(`DROP INDEX "${d.indexname}"`);
  return defs;
}

export async function generate(
  db: Database,
  opts: { size: number; log?: (line: string) => void },
): Promise<GenerateResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const n = counts(opts.size);
  const parallel = db.kind === 'postgres' ? 2 : 1;
  const started = performance.now();
  const lap = (what: string, rows: number, t0: number) => {
    const s = (performance.now() - t0) / 1000;
    log(
      `  ${what}: ${rows.toLocaleString('en')} rows in ${s.toFixed(1)} s (${Math.round(rows / s).toLocaleString('en')} rows/s)`,
    );
  };

  await seedPeople(db);
  const [admin] = await db.query<{ id: string }>(`SELECT ${uuidOf('u', '0')} AS id`);
  const statuses = await db.query<{ id: string; phase: string }>(
    'SELECT id, phase FROM lead_statuses ORDER BY position, id',
  );
  if (statuses.length !== STATUS_WEIGHTS.length) throw new Error('expected the seven default lead statuses');
  const sources = await db.query<{ id: string }>('SELECT id FROM lead_sources ORDER BY position, id');

  const dropped = await dropSecondaryIndexes(db, ['leads', 'companies', 'contacts', 'lead_tags']);

  let t0 = performance.now();
  await inChunks(n.companies, parallel, (lo, hi) => bulk(db, companiesSql, [lo, hi]));
  lap('companies', n.companies, t0);
  t0 = performance.now();
  await inChunks(n.contacts, parallel, (lo, hi) => bulk(db, contactsSql, [lo, hi, n.companies]));
  lap('contacts', n.contacts, t0);
  t0 = performance.now();
  const sql = leadsSql();
  let done = 0;
  await inChunks(n.leads, parallel, async (lo, hi) => {
    await bulk(db, sql, [
      lo,
      hi,
      n.companies,
      n.contacts,
      statuses.map((s) => s.id),
      statuses.map((s) => s.phase),
      sources.map((s) => s.id),
      admin.id,
    ]);
    done += hi - lo + 1;
    if (n.leads >= 200_000)
      process.stdout.write(`\r  leads: ${done.toLocaleString('en')} / ${n.leads.toLocaleString('en')}`);
  });
  if (n.leads >= 200_000) process.stdout.write('\n');
  lap('leads', n.leads, t0);
  t0 = performance.now();
  await inChunks(n.leads, parallel, (lo, hi) => bulk(db, leadTagsSql, [lo, hi]));
  const [{ tags }] = await db.query<{ tags: number }>('SELECT count(*)::int AS tags FROM lead_tags');
  lap('lead tags', tags, t0);
  // The load ran with the triggers off: the figures they keep are counted from the leads.
  await db.query('SELECT rebuild_report_day_counts(), rebuild_lead_status_totals()');

  t0 = performance.now();
  // Two index builds at a time on PostgreSQL's two cores; PGlite builds one after the other.
  const queue = [...dropped];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const def = d.indexdef;
        await db.transaction(async (tx) => {
          await tx.exec(`SET LOCAL maintenance_work_mem = '256MB'; ${def}`);
        });
      }
    }),
  );
  log(`  ${dropped.length} indexes rebuilt in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  // VACUUM sets the visibility map (index-only scans) as well as the planner's statistics.
  await db.exec(
    'VACUUM ANALYZE leads, lead_tags, companies, contacts, users, units, unit_members, tags, sales_directions',
  );
  log(`  VACUUM ANALYZE in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const rows = { ...n, leadTags: tags, users: OWNERS + 1 };
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  const seconds = (performance.now() - started) / 1000;
  await db.query(
    `INSERT INTO settings (key, value) VALUES ('bench.generated', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ size: opts.size, at: new Date().toISOString(), seconds })],
  );
  log(
    `  generated ${total.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (${Math.round(total / seconds).toLocaleString('en')} rows/s)`,
  );
  return { size: opts.size, seconds, rowsPerSecond: total / seconds, rows };
}

/** The size the database was generated at, or null when it holds no benchmark data. */
export async function generatedSize(db: Queryable): Promise<number | null> {
  const rows = await db.query<{ size: number }>(
    `SELECT (value->>'size')::int AS size FROM settings WHERE key = 'bench.generated'`,
  );
  return rows[0]?.size ?? null;
}
