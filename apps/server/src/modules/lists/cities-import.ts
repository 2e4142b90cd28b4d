import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CityImportResult } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';

const allowed = ['name', 'region', 'country', 'postalCode'] as const;
const limits: Record<(typeof allowed)[number], number> = {
  name: 200,
  region: 200,
  country: 200,
  postalCode: 40,
};

type Values = Record<(typeof allowed)[number], string | null>;

function rowErrors(v: Values): string[] {
  const errors: string[] = [];
  if (!v.name) errors.push('name is required');
  for (const key of allowed) {
    const value = v[key];
    if (value && value.length > limits[key]) errors.push(`${key} is longer than ${limits[key]} characters`);
    if (value && value.includes('\u0000')) errors.push(`${key} contains a NUL character`);
  }
  return errors;
}

/** Rows written a statement at a time. */
const CHUNK_ROWS = 5000;

/**
 * Upserts a chunk of good rows in one statement, as upserting them one after the other would: a row whose
 * name, region and country a stored city (or an earlier row) has updates its postal code when it gives
 * one and counts as updated, every other creates a city. Rows naming the same city are merged first (one
 * statement can touch a row only once), by the unique key's own lower(): the first row's spelling, the
 * last postal code given; each row counts, and moves the city's version, as its own save would.
 */
async function upsertChunk(q: Queryable, rows: Values[]) {
  const [counts] = await q.query<{ created: number }>(
    `WITH v AS (
       SELECT e->>'name' AS name, e->>'region' AS region, e->>'country' AS country,
              e->>'postalCode' AS "postalCode", o
         FROM json_array_elements($1::json) WITH ORDINALITY AS x(e, o)),
     merged AS (
       SELECT (array_agg(name ORDER BY o))[1] AS name, (array_agg(region ORDER BY o))[1] AS region,
              (array_agg(country ORDER BY o))[1] AS country,
              (array_agg("postalCode" ORDER BY o DESC) FILTER (WHERE "postalCode" IS NOT NULL))[1] AS postal_code,
              count(*)::int AS n, min(o) AS first
         FROM v GROUP BY lower(name), lower(coalesce(region, '')), lower(coalesce(country, ''))),
     w AS (
       INSERT INTO cities AS c (name, region, country, postal_code, version)
       SELECT name, region, country, postal_code, n FROM merged ORDER BY first
       ON CONFLICT (lower(name), lower(coalesce(region, '')), lower(coalesce(country, ''))) DO UPDATE
         SET postal_code = coalesce(EXCLUDED.postal_code, c.postal_code), active = true,
             version = c.version + EXCLUDED.version, updated_at = now()
       RETURNING (xmax = 0) AS created)
     SELECT count(*) FILTER (WHERE created)::int AS created FROM w`,
    [JSON.stringify(rows)],
  );
  // A city created here was created by its first row; its other rows, and every row of a city already
  // stored, updated it.
  return { created: counts.created, updated: rows.length - counts.created };
}

/**
 * Reads a CSV with the header name,region,country,postalCode as it streams in and upserts each city
 * (same name, region and country: the postal code is updated), a chunk of rows a statement, with no
 * limit on their number. Bad rows are reported by line and skipped; a file that is not such a CSV
 * changes nothing. Everything happens in one transaction.
 */
export async function importCities(db: Database, file: Readable): Promise<CityImportResult> {
  const result: CityImportResult = { created: 0, updated: 0, rejected: [] };
  let header: string[] = [];
  const parser = file.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 10_000,
      info: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        return header;
      },
    }),
  );
  // Errors reach the loop below through the iterator; this listener keeps one raised after the loop has
  // stopped (an early refusal while the upload still streams) from crashing the process.
  parser.on('error', () => {});
  try {
    await db.transaction(async (tx) => {
      let rows = 0;
      let chunk: Values[] = [];
      const flush = async () => {
        const c = await upsertChunk(tx, chunk);
        result.created += c.created;
        result.updated += c.updated;
        chunk = [];
      };
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
      }>) {
        if (rows++ === 0) checkHeader(header);
        const v = Object.fromEntries(allowed.map((k) => [k, record[k] ? record[k] : null])) as Values;
        const errors = rowErrors(v);
        if (errors.length) result.rejected.push({ line: info.lines, errors });
        else chunk.push(v);
        if (chunk.length >= CHUNK_ROWS) await flush();
      }
      if (rows === 0) {
        checkHeader(header);
      }
      if (chunk.length) await flush();
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw invalid([fieldError('file', 'invalid_csv', (err as Error).message.slice(0, 300))]);
    }
    throw err;
  } finally {
    // Stop parsing and drain what is left of the upload so that the answer can be sent.
    file.unpipe(parser);
    parser.destroy();
    file.resume();
  }
  return result;
}

function checkHeader(header: string[]) {
  const unknown = header.filter((c) => !(allowed as readonly string[]).includes(c));
  if (!header.includes('name') || unknown.length) {
    throw invalid([
      fieldError(
        'file',
        'invalid_header',
        `the first line must name the columns name,region,country,postalCode${
          unknown.length ? `; unknown: ${unknown.join(', ').slice(0, 200)}` : ''
        }`,
      ),
    ]);
  }
}
