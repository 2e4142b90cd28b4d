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
const MAX_ROWS = 100_000;

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

async function upsert(q: Queryable, v: Values): Promise<'created' | 'updated'> {
  const [existing] = await q.query<{ id: string }>(
    `SELECT id FROM cities WHERE lower(name) = lower($1) AND lower(coalesce(region, '')) = lower(coalesce($2, ''))
       AND lower(coalesce(country, '')) = lower(coalesce($3, ''))`,
    [v.name, v.region, v.country],
  );
  if (existing) {
    await q.query(
      `UPDATE cities SET postal_code = coalesce($2, postal_code), active = true, version = version + 1,
              updated_at = now() WHERE id = $1`,
      [existing.id, v.postalCode],
    );
    return 'updated';
  }
  await q.query('INSERT INTO cities (name, region, country, postal_code) VALUES ($1, $2, $3, $4)', [
    v.name,
    v.region,
    v.country,
    v.postalCode,
  ]);
  return 'created';
}

/**
 * Reads a CSV with the header name,region,country,postalCode as it streams in and upserts each city
 * (same name, region and country: the postal code is updated). Bad rows are reported by line and
 * skipped; a file that is not such a CSV changes nothing. Everything happens in one transaction.
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
      for await (const { record, info } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
      }>) {
        if (rows === 0) checkHeader(header);
        if (++rows > MAX_ROWS)
          throw invalid([fieldError('file', 'too_many_rows', `at most ${MAX_ROWS} rows`)]);
        const v = Object.fromEntries(allowed.map((k) => [k, record[k] ? record[k] : null])) as Values;
        const errors = rowErrors(v);
        if (errors.length) result.rejected.push({ line: info.lines, errors });
        else result[await upsert(tx, v)]++;
      }
      if (rows === 0) {
        checkHeader(header);
      }
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
