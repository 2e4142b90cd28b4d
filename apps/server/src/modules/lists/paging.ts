import type { Queryable } from '../../db/client';
import {
  decodeCursor,
  encodeCursor,
  keysetCondition,
  orderBy,
  parseSort,
  type SortColumn,
} from '../../lib/keyset';

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

/** `%term%` for ILIKE with the pattern characters of the term escaped. */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * One keyset-paginated list query. The sort expressions are selected beside the record (as _k0, _k1...)
 * so that the cursor carries exactly the values the ORDER BY compares, even for expressions such as
 * lower(name) that an index serves but the record does not show.
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
  const { request } = opts;
  const terms = parseSort(request.sort, opts.sortColumns, opts.defaultSort, opts.idColumn);
  const after = request.cursor ? decodeCursor(request.cursor, terms) : null;
  const params = [...opts.params];
  const where = [...opts.where];
  if (after) where.push(keysetCondition(terms, after, params));
  params.push(request.limit + 1);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const keys = terms.map((t, i) => `${t.col.sql} AS _k${i}`).join(', ');
  const rows = await q.query<Record<string, unknown>>(
    `SELECT ${opts.columns}, ${keys} FROM ${opts.from} ${whereSql}
      ORDER BY ${orderBy(terms)} LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > request.limit;
  const pageRows = more ? rows.slice(0, request.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor(terms, Object.fromEntries(terms.map((t, i) => [t.key, last[`_k${i}`]])))
      : null;
  const result: Page<T> = { items: pageRows.map(opts.map), nextCursor };
  if (request.count !== false) {
    const countWhere = opts.where.length ? `WHERE ${opts.where.join(' AND ')}` : '';
    const [row] = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${opts.from} ${countWhere}`,
      opts.params,
    );
    result.total = row.n;
  }
  return result;
}
