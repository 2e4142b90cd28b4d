import { AppError } from '../http/errors';

/** A column a list may be sorted by: its SQL expression and cast, and whether it can be NULL. */
export interface SortColumn {
  sql: string;
  cast: 'text' | 'timestamptz' | 'date' | 'numeric' | 'int' | 'uuid' | 'boolean';
  nullable?: boolean;
}

export interface SortTerm {
  key: string;
  col: SortColumn;
  desc: boolean;
}

const badRequest = (field: string, message: string) =>
  new AppError('bad_request', 400, message, [{ field, code: 'invalid', message }]);

/**
 * Parses `sort=-updatedAt,name` against the columns a list offers; the id is always the last key so
 * that every row has a unique place in the order and keyset pages neither skip nor repeat rows.
 */
export function parseSort(
  sort: string | undefined,
  columns: Record<string, SortColumn>,
  fallback: string,
  idColumn: string,
): SortTerm[] {
  const terms: SortTerm[] = [];
  for (const raw of (sort || fallback).split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const desc = part.startsWith('-');
    const key = desc ? part.slice(1) : part.replace(/^\+/, '');
    // Own keys only: `constructor`, `__proto__` or `toString` must not find Object.prototype's members.
    const col = Object.hasOwn(columns, key) ? columns[key] : undefined;
    if (!col) {
      throw badRequest(
        'sort',
        `Unknown sort key "${key.slice(0, 60)}". Allowed: ${Object.keys(columns).join(', ')}.`,
      );
    }
    if (terms.some((t) => t.key === key)) continue;
    terms.push({ key, col, desc });
  }
  if (terms.length > 4) throw badRequest('sort', 'At most four sort keys.');
  const last = terms[terms.length - 1];
  terms.push({ key: 'id', col: { sql: idColumn, cast: 'uuid' }, desc: last ? last.desc : false });
  return terms;
}

export function orderBy(terms: SortTerm[]): string {
  // PostgreSQL's defaults (ASC NULLS LAST, DESC NULLS FIRST) match plain b-tree indexes.
  return terms.map((t) => `${t.col.sql} ${t.desc ? 'DESC' : 'ASC'}`).join(', ');
}

export type CursorValue = string | number | boolean | null;

export function encodeCursor(terms: SortTerm[], row: Record<string, unknown>): string {
  const values = terms.map((t) => {
    const v = row[t.key];
    return v instanceof Date ? v.toISOString() : ((v ?? null) as CursorValue);
  });
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, terms: SortTerm[]): CursorValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('cursor', 'The cursor is not valid; start again from the first page.');
  }
  const ok =
    Array.isArray(values) &&
    values.length === terms.length &&
    values.every((v, i) => (v === null ? terms[i].col.nullable === true : validFor(terms[i].col.cast, v)));
  if (!ok)
    throw badRequest(
      'cursor',
      'The cursor does not belong to this list or sort; start again from the first page.',
    );
  return values as CursorValue[];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timestampPattern = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const decimalPattern = /^-?\d{1,15}(\.\d{1,6})?$/;

/** A real calendar day (the pattern alone lets `2024-99-99` through to the database). */
const isDay = (v: string) => {
  const d = new Date(`${v.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v.slice(0, 10);
};

/**
 * Whether a decoded cursor value can stand for `cast`: only the JSON type and shape this list's own
 * cursors carry, so that a crafted value (a number for a timestamp, 1e308 for an integer, a boolean for
 * text) is refused here as a bad cursor instead of failing in the driver or the database.
 */
function validFor(cast: SortColumn['cast'], v: unknown): boolean {
  if (typeof v === 'boolean') return cast === 'boolean';
  if (typeof v === 'number') {
    if (cast === 'int') return Number.isSafeInteger(v) && Math.abs(v) <= 2_147_483_647;
    return cast === 'numeric' && Number.isFinite(v) && Math.abs(v) < 1e15;
  }
  if (typeof v !== 'string' || v.length >= 1000 || v.includes('\u0000')) return false;
  switch (cast) {
    case 'uuid':
      return uuidPattern.test(v);
    case 'timestamptz':
      return timestampPattern.test(v) && isDay(v) && !Number.isNaN(Date.parse(v));
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && isDay(v);
    case 'numeric':
      return decimalPattern.test(v);
    case 'int':
      return /^-?\d{1,9}$/.test(v);
    case 'boolean':
      return false;
    case 'text':
      return true;
  }
}

/**
 * The WHERE condition that continues after the cursor row: for keys k1..kn,
 * (k1 after v1) OR (k1 = v1 AND k2 after v2) OR ..., with NULLs placed as PostgreSQL orders them.
 */
export function keysetCondition(terms: SortTerm[], values: CursorValue[], params: unknown[]): string {
  const p = (v: CursorValue, cast: string) => {
    params.push(v);
    return `$${params.length}::${cast}`;
  };
  const eq = (t: SortTerm, v: CursorValue) =>
    v === null ? `${t.col.sql} IS NULL` : `${t.col.sql} = ${p(v, t.col.cast)}`;
  const after = (t: SortTerm, v: CursorValue): string => {
    if (v === null) return t.desc ? `${t.col.sql} IS NOT NULL` : 'FALSE';
    const cmp = `${t.col.sql} ${t.desc ? '<' : '>'} ${p(v, t.col.cast)}`;
    return t.col.nullable && !t.desc ? `(${cmp} OR ${t.col.sql} IS NULL)` : cmp;
  };
  const sameDirection = terms.every((t) => t.desc === terms[0].desc);
  if (sameDirection && terms.every((t, i) => !t.col.nullable && values[i] !== null)) {
    // A row comparison is one range on the matching index: a deep page starts where the cursor points
    // instead of walking every earlier row.
    const cols = terms.map((t) => t.col.sql).join(', ');
    const vals = terms.map((t, i) => p(values[i], t.col.cast)).join(', ');
    return `((${cols}) ${terms[0].desc ? '<' : '>'} (${vals}))`;
  }
  const ors: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const parts = terms.slice(0, i).map((t, j) => eq(t, values[j]));
    parts.push(after(terms[i], values[i]));
    ors.push(`(${parts.join(' AND ')})`);
  }
  const first = terms[0];
  // The leading bound lets the index seek to the cursor even when the full condition is an OR.
  const bound =
    !first.col.nullable && values[0] !== null
      ? `${first.col.sql} ${first.desc ? '<=' : '>='} ${p(values[0], first.col.cast)} AND `
      : '';
  return `(${bound}(${ors.join(' OR ')}))`;
}

/** Runs the common end of every list: one row more than the page tells whether there is a next one. */
export function pageOf<R extends Record<string, unknown>>(rows: R[], limit: number, terms: SortTerm[]) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(terms, items[items.length - 1]) : null };
}
