/**
 * The intake over HTTP on the benchmark's data (`--only forms,export`):
 * - public web-form submissions accepted per second from N clients (no session, no token: what a web site
 *   sends), beside a bare route that inserts the same row into `intake_submissions`;
 * - an export of every lead as CSV and as XLSX in rows per second with the peak RSS of the server process,
 *   beside a raw `COPY (SELECT ...) TO STDOUT` of the same columns (PostgreSQL) read by the same client.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from '../../apps/server/src/db/client';
import type { DbKind } from './databases';
import { benchHttp, type HttpMeasure, type HttpRow } from './http';
import { mb, rssSampler } from './memory';

/** A public form as a web site would embed it: a few fields, the defaults of the leads it creates. */
export async function benchForms(opts: {
  kind: DbKind;
  size: number;
  db: Database;
  apiUrl: string;
  adminToken: string;
  clients: number;
  seconds: number;
  profile: boolean;
}): Promise<HttpRow[]> {
  const { db } = opts;
  const slug = `bench-form-${Date.now().toString(36)}`;
  // A lead needs a sales direction: the form gives its leads one, as a real form does.
  const [direction] = await db.query<{ id: string }>(
    'SELECT id FROM sales_directions ORDER BY position, id LIMIT 1',
  );
  const created = await fetch(new URL('/api/v1/web-forms', opts.apiUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench form',
      slug,
      fields: [
        { key: 'firstName' },
        { key: 'lastName', required: true },
        { key: 'emails', required: true },
        { key: 'phones' },
        { key: 'description' },
      ],
      salesDirectionId: direction.id,
    }),
  });
  if (created.status !== 201) throw new Error(`web form: ${created.status} ${await created.text()}`);
  const form = (await created.json()) as { id: string };
  const bodies = Array.from({ length: 2000 }, (_, i) =>
    JSON.stringify({
      firstName: `Visitor${i % 97}`,
      lastName: `Formsent${i}`,
      emails: `visitor${i}@form-bench.test`,
      phones: `+4930${String(2_000_000 + i)}`,
      description: 'Please call me about your offer.',
    }),
  );
  const measures: HttpMeasure[] = [
    {
      name: 'Web form submission',
      method: 'POST',
      paths: [`/forms/${slug}`],
      bodies,
      tokens: [],
      status: 201,
      raw: (_k, body) =>
        db.query(
          `INSERT INTO intake_submissions (form_id, payload, remote_address, user_agent, flags)
           VALUES ($1, $2::jsonb, $3, $4, $5) RETURNING id`,
          [form.id, JSON.stringify(body), '127.0.0.1', 'bench', []],
        ),
    },
  ];
  return benchHttp({ ...opts, measures });
}

/** What the run's form wrote goes with it (its leads go with the run's other leads). */
export async function removeBenchForms(db: Database) {
  await db.query(
    `DELETE FROM intake_submissions WHERE form_id IN (SELECT id FROM web_forms WHERE name = 'Bench form')`,
  );
  await db.query(`DELETE FROM web_forms WHERE name = 'Bench form'`);
}

export interface ExportRow {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  rssAtStartMb: number;
  status: number;
  sha1?: string;
}

/** Reads a response body to its end, counting bytes and line ends (gzip is undone by fetch, as a browser does). */
async function drain(res: Response) {
  let bytes = 0;
  let lines = 0;
  const hash = createHash('sha1');
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    hash.update(value);
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
  return { bytes, lines, sha1: hash.digest('hex').slice(0, 12) };
}

/**
 * The raw baseline: the default export columns (the same 17) of the same leads (view=all: the active ones, merged
 * ones left out) with the names of the records they point to, in one
 * `COPY ... TO STDOUT (FORMAT csv)` read by this process. PostgreSQL only (PGlite's COPY TO gives the
 * whole file as one blob).
 */
const RAW_EXPORT = `COPY (
  SELECT l.number, l.name, s.name AS status, so.name AS source, u.name AS owner, un.name AS unit,
         l.company_name, l.lead_company_name, l.first_name, l.last_name,
         array_to_string(l.emails, ', '), array_to_string(l.phones, ', '), sd.name AS sales_direction,
         l.target_amount, l.target_currency, l.expected_completion_date, l.created_at
    FROM leads l
    JOIN lead_statuses s ON s.id = l.status_id
    LEFT JOIN lead_sources so ON so.id = l.source_id
    LEFT JOIN users u ON u.id = l.owner_id
    LEFT JOIN units un ON un.id = l.unit_id
    LEFT JOIN sales_directions sd ON sd.id = l.sales_direction_id
   WHERE l.merged_into_id IS NULL AND l.active
   ORDER BY l.updated_at DESC, l.id DESC
) TO STDOUT WITH (FORMAT csv, HEADER true)`;

export async function benchExport(opts: {
  kind: DbKind;
  apiUrl: string;
  adminToken: string;
  url?: string;
  schema?: string;
}): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  const rss = rssSampler(50);
  const measure = async (
    name: string,
    work: () => Promise<{ lines: number; bytes: number; status: number; sha1?: string }>,
    headerLines: number,
  ) => {
    global.gc?.();
    const start = rss.phase();
    const t0 = performance.now();
    const r = await work();
    const seconds = (performance.now() - t0) / 1000;
    const row: ExportRow = {
      name,
      rows: r.lines - headerLines,
      bytes: r.bytes,
      seconds,
      rowsPerSecond: (r.lines - headerLines) / seconds,
      peakRssMb: mb(rss.phase()),
      rssAtStartMb: mb(start),
      status: r.status,
      sha1: r.sha1,
    };
    rows.push(row);
    console.log(
      `  ${name}: ${row.rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(row.rowsPerSecond).toLocaleString('en')} rows/s, ` +
        `${mb(r.bytes)} MB, peak RSS ${row.peakRssMb} MB (${row.rssAtStartMb} MB at the start), status ${r.status}`,
    );
  };
  const get = async (file: string) => {
    const res = await fetch(new URL(`/api/v1/leads/${file}?view=all`, opts.apiUrl), {
      headers: { authorization: `Bearer ${opts.adminToken}` },
    });
    return { ...(await drain(res)), status: res.status };
  };
  if (opts.kind === 'postgres' && opts.url) {
    await measure(
      'raw COPY TO STDOUT (same columns)',
      async () => {
        const client = new pg.Client({ connectionString: opts.url });
        await client.connect();
        await client.query(`SET search_path TO "${opts.schema}", public`);
        let bytes = 0;
        let lines = 0;
        await pipeline(
          client.query(copyTo(RAW_EXPORT)),
          new Writable({
            write(chunk: Buffer, _enc, done) {
              bytes += chunk.length;
              for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
              done();
            },
          }),
        );
        await client.end();
        return { bytes, lines, status: 200 };
      },
      1,
    );
  }
  await measure('GET /api/v1/leads/export.csv', () => get('export.csv'), 1);
  // An XLSX has no line per row: its rows are counted from the CSV of the same leads.
  const csvRows = rows[rows.length - 1].rows;
  await measure(
    'GET /api/v1/leads/export.xlsx',
    async () => {
      const r = await get('export.xlsx');
      return { ...r, lines: csvRows };
    },
    0,
  );
  rss.stop();
  return rows;
}
