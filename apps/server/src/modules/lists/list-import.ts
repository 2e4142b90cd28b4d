import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DisqualificationCodeCreate,
  ListValueCreate,
  type CityImportResult,
  type ListKind,
} from '@leadline/contract';
import type { z } from 'zod';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';
import { csvRows, csvShape, type FileRow } from '../intake/import-reader';

const CHUNK = 5000;

/** A list a file may fill: its table, the columns a file may have and the rule of a single save. */
interface ListImportSpec {
  table: string;
  /** File column (as the API names the field) → table column, and how its text is read. */
  columns: Record<string, { col: string; type: 'text' | 'int' | 'bool'; otherwise: string }>;
  schema: z.ZodType<Record<string, unknown>>;
}

const listValueColumns: ListImportSpec['columns'] = {
  name: { col: 'name', type: 'text', otherwise: 'NULL' },
  code: { col: 'code', type: 'text', otherwise: 'NULL' },
  position: { col: 'position', type: 'int', otherwise: '0' },
  active: { col: 'active', type: 'bool', otherwise: 'true' },
};

const listTable: Record<ListKind, string> = {
  'lead-sources': 'lead_sources',
  industries: 'industries',
  functions: 'job_functions',
  departments: 'departments',
  categories: 'categories',
  agencies: 'agencies',
  'group-companies': 'group_companies',
  'lost-reasons': 'lost_reasons',
};

/** The lists whose values import from a file, by their API path. */
export const importableLists: Record<string, ListImportSpec> = {
  ...Object.fromEntries(
    Object.entries(listTable).map(([kind, table]) => [
      kind,
      { table, columns: listValueColumns, schema: ListValueCreate },
    ]),
  ),
  'disqualification-codes': {
    table: 'disqualification_codes',
    columns: {
      name: { col: 'name', type: 'text', otherwise: 'NULL' },
      createsOpportunity: { col: 'creates_opportunity', type: 'bool', otherwise: 'false' },
      position: { col: 'position', type: 'int', otherwise: '0' },
      active: { col: 'active', type: 'bool', otherwise: 'true' },
    },
    schema: DisqualificationCodeCreate,
  },
};

const yes = new Set(['yes', 'y', 'true', '1', 'да', 'x']);
const no = new Set(['no', 'n', 'false', '0', 'нет', '']);

/** A cell as the field's type; a reason when it is not one. */
function readCell(type: 'text' | 'int' | 'bool', raw: string): { value: unknown } | { error: string } {
  if (type === 'text') return { value: raw };
  if (type === 'int')
    return /^-?\d+$/.test(raw)
      ? { value: Number(raw) }
      : { error: `"${raw.slice(0, 40)}" is not a whole number` };
  const v = raw.toLowerCase();
  return yes.has(v)
    ? { value: true }
    : no.has(v)
      ? { value: false }
      : { error: `"${raw.slice(0, 40)}" is not yes or no` };
}

/**
 * Imports the values of a list from a CSV (any of the encodings and separators a lead import reads; a
 * header naming the fields as the API does: name, code, position, active). Each row is checked by the
 * rule of a single save; a row naming a value that exists (same name, any case) updates it. Rows are
 * written a chunk at a time, set-based, all in one transaction: a file that is not such a CSV changes
 * nothing; refused rows are reported by line with every reason.
 */
export async function importListValues(
  db: Database,
  kind: string,
  file: Readable,
): Promise<CityImportResult> {
  const spec = importableLists[kind];
  const dir = await mkdtemp(path.join(tmpdir(), 'leadline-list-'));
  const stored = path.join(dir, 'values.csv');
  try {
    await pipeline(file, createWriteStream(stored));
    const shape = await csvShape(stored);
    const result: CityImportResult = { created: 0, updated: 0, rejected: [] };
    await db.transaction(async (tx) => {
      let chunk: Record<string, unknown>[] = [];
      let checked = false;
      for await (const row of csvRows(stored, shape)) {
        if (!checked) checkHeader(spec, Object.keys(row.cells));
        checked = true;
        const values = readRow(spec, row, result);
        if (values) chunk.push(values);
        if (chunk.length >= CHUNK) {
          await writeChunk(tx, spec, chunk, result);
          chunk = [];
        }
      }
      if (!checked) throw invalid([fieldError('file', 'empty', 'the file has no rows')]);
      await writeChunk(tx, spec, chunk, result);
    });
    return result;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_'))
      throw invalid([fieldError('file', 'invalid_csv', (err as Error).message.slice(0, 300))]);
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkHeader(spec: ListImportSpec, header: string[]) {
  const known = new Set(Object.keys(spec.columns).map((c) => c.toLowerCase()));
  const unknown = header.filter((h) => h && !known.has(h.toLowerCase()));
  if (!header.some((h) => h.toLowerCase() === 'name') || unknown.length)
    throw invalid([
      fieldError(
        'file',
        'invalid_header',
        `the first line must name the columns ${Object.keys(spec.columns).join(',')}${
          unknown.length ? `; unknown: ${unknown.join(', ').slice(0, 200)}` : ''
        }`,
      ),
    ]);
}

/** A row's values checked by the rule of a single save, or null with its reasons in the result. */
function readRow(spec: ListImportSpec, row: FileRow, result: CityImportResult) {
  const errors: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [header, raw] of Object.entries(row.cells)) {
    const field = Object.keys(spec.columns).find((c) => c.toLowerCase() === header.toLowerCase());
    const text = raw.trim();
    if (!field || !text) continue;
    const cell = readCell(spec.columns[field].type, text);
    if ('error' in cell) errors.push(`${field}: ${cell.error}`);
    else input[field] = cell.value;
  }
  const parsed = spec.schema.safeParse(input);
  if (!parsed.success)
    for (const i of parsed.error.issues)
      errors.push(`${i.path.map(String).join('.') || 'row'}: ${i.message}`);
  if (errors.length || !parsed.success) {
    result.rejected.push({ line: row.line, errors });
    return null;
  }
  // Only what the file gives: a value updated keeps what the file leaves out.
  return { ...Object.fromEntries(Object.entries(parsed.data).filter(([k]) => k in input)), line: row.line };
}

/**
 * Writes a chunk in two statements: the codes the rows give that another value holds are refused,
 * then every value is inserted, or updated where its name (any case) exists; a name repeated in the
 * chunk takes its last row.
 */
async function writeChunk(
  q: Queryable,
  spec: ListImportSpec,
  rows: Record<string, unknown>[],
  result: CityImportResult,
) {
  if (rows.length === 0) return;
  let ok = rows;
  if (spec.columns.code) {
    const codes = rows.filter((r) => r.code).map((r) => String(r.code));
    const taken = new Map(
      (
        await q.query<{ code: string; name: string }>(
          `SELECT code, lower(name) AS name FROM ${spec.table} WHERE code = ANY ($1::text[])`,
          [codes],
        )
      ).map((r) => [r.code, r.name]),
    );
    const given = new Map<string, string>();
    ok = rows.filter((r) => {
      if (!r.code) return true;
      const code = String(r.code);
      const name = String(r.name).toLowerCase();
      const holder = given.get(code) ?? taken.get(code);
      if (holder !== undefined && holder !== name) {
        result.rejected.push({
          line: r.line as number,
          errors: [`code: "${code}" is the code of another value`],
        });
        return false;
      }
      given.set(code, name);
      return true;
    });
  }
  const cols = Object.entries(spec.columns);
  const last = new Map(ok.map((r) => [String(r.name).toLowerCase(), r]));
  const records = [...last.values()].map((r) =>
    Object.fromEntries(cols.map(([field, c]) => [c.col, r[field] ?? null])),
  );
  const rest = cols.filter(([, c]) => c.col !== 'name').map(([, c]) => c);
  const [counts] = await q.query<{ created: number; updated: number }>(
    `WITH r AS (SELECT * FROM json_populate_recordset(NULL::${spec.table}, $1::json)),
     u AS (UPDATE ${spec.table} AS t
              SET name = r.name, ${rest.map((c) => `${c.col} = coalesce(r.${c.col}, t.${c.col})`).join(', ')},
                  version = t.version + 1, updated_at = now()
             FROM r WHERE lower(t.name) = lower(r.name) RETURNING lower(t.name) AS k),
     i AS (INSERT INTO ${spec.table} (name, ${rest.map((c) => c.col).join(', ')})
           SELECT r.name, ${rest.map((c) => `coalesce(r.${c.col}, ${c.otherwise})`).join(', ')} FROM r
            WHERE lower(r.name) NOT IN (SELECT k FROM u) RETURNING 1)
     SELECT (SELECT count(*) FROM i)::int AS created, (SELECT count(*) FROM u)::int AS updated`,
    [JSON.stringify(records)],
  );
  result.created += counts.created;
  result.updated += counts.updated + (ok.length - last.size);
}
