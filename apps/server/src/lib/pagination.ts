import type { Queryable } from '../db/client';
import {
  decodeCursor,
  encodeCursor,
  keysetCondition,
  orderBy,
  parseSort,
  type CursorValue,
  type SortColumn,
  type SortTerm,
} from './keyset';

/**
 * The one way every list pages: keyset pagination on the list's sort (the id last, so that pages
 * neither skip nor repeat rows), an opaque cursor carrying the last row's sort values, `nextCursor`
 * null on the last page, and the `total` unless the request says `count=false`.
 */

export type { SortColumn, SortTerm } from './keyset';

/**
 * Histories read newest first (a rule's log, a lead's messages): the cursor carries the last row's time
 * and id, in the same format and with the same checks as every other cursor.
 */
export const newestFirst: SortTerm[] = [
  { key: 'at', col: { sql: 'created_at', cast: 'timestamptz' }, desc: true },
  { key: 'id', col: { sql: 'id', cast: 'uuid' }, desc: true },
];

/** What the API accepts on every list. */
export interface PageRequest {
  limit: number;
  cursor?: string;
  sort?: string;
  count?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** One page to read: the sort, where the previous page ended, and how many rows. */
export interface Keyset {
  terms: SortTerm[];
  after: CursorValue[] | null;
  limit: number;
}

/** Reads the page a request asks for against the sort keys a list offers (400 on a bad sort or cursor). */
export function keysetOf(
  request: PageRequest,
  columns: Record<string, SortColumn>,
  defaultSort: string,
  idColumn: string,
): Keyset {
  const terms = parseSort(request.sort, columns, defaultSort, idColumn);
  return { terms, after: request.cursor ? decodeCursor(request.cursor, terms) : null, limit: request.limit };
}

/** The condition that continues after the cursor row (null on the first page); its values go to `params`. */
export const afterCursor = (k: Keyset, params: unknown[]) =>
  k.after ? keysetCondition(k.terms, k.after, params) : null;

/** `ORDER BY ... LIMIT $n`, reading one row more than the page to know whether another follows. */
export function orderAndLimit(k: Keyset, params: unknown[]) {
  params.push(k.limit + 1);
  return `ORDER BY ${orderBy(k.terms)} LIMIT $${params.length}`;
}

/**
 * The page from the rows read (one more than the limit when another page follows). `sortValues` gives
 * a row's values under the sort keys' names, as the database compares them.
 */
export function pageOf<R>(
  rows: R[],
  k: Keyset,
  sortValues: (row: R) => Record<string, unknown>,
): { items: R[]; nextCursor: string | null } {
  const more = rows.length > k.limit;
  const items = more ? rows.slice(0, k.limit) : rows;
  return { items, nextCursor: more ? encodeCursor(k.terms, sortValues(items[items.length - 1])) : null };
}

/** The sort values of a row that shows them under the sort keys' names. */
export const ownValues = <R extends Record<string, unknown>>(row: R): Record<string, unknown> => row;

/** Adds the total unless the request asked for none (`count=false`). */
export async function withTotal<T>(
  page: { items: T[]; nextCursor: string | null },
  request: Pick<PageRequest, 'count'>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  return request.count === false ? page : { ...page, total: await count() };
}

/**
 * One keyset-paginated list query over a table. The sort expressions are selected beside the record (as
 * _k0, _k1...) so that the cursor carries exactly the values the ORDER BY compares, even for
 * expressions such as lower(name) that an index serves but the record does not show.
 */
export async function keysetPage<T>(
  q: Queryable,
  opts: {
    columns: string;
    from: string;
    where: string[];
    params: unknown[];
    sortColumns: Record<string, SortColumn>;
    defaultSort: string;
    idColumn: string;
    request: PageRequest;
    map: (row: Record<string, unknown>) => T;
  },
): Promise<Page<T>> {
  const k = keysetOf(opts.request, opts.sortColumns, opts.defaultSort, opts.idColumn);
  const params = [...opts.params];
  const where = [...opts.where];
  const after = afterCursor(k, params);
  if (after) where.push(after);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const keys = k.terms.map((t, i) => `${t.col.sql} AS _k${i}`).join(', ');
  const rows = await q.query<Record<string, unknown>>(
    `SELECT ${opts.columns}, ${keys} FROM ${opts.from} ${whereSql} ${orderAndLimit(k, params)}`,
    params,
  );
  const page = pageOf(rows, k, (row) => Object.fromEntries(k.terms.map((t, i) => [t.key, row[`_k${i}`]])));
  return withTotal(
    { items: page.items.map(opts.map), nextCursor: page.nextCursor },
    opts.request,
    async () => {
      const countWhere = opts.where.length ? `WHERE ${opts.where.join(' AND ')}` : '';
      const [row] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${opts.from} ${countWhere}`,
        opts.params,
      );
      return row.n;
    },
  );
}
