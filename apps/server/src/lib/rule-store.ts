import type { ListQuery } from '@leadline/contract';
import type { Queryable } from '../db/client';
import { notFound } from '../http/errors';
import { staleVersion } from '../http/versioning';
import {
  decodeCursor,
  keysetCondition,
  orderBy,
  pageOf,
  parseSort,
  type SortColumn,
  type SortTerm,
} from './keyset';

/** A column a rule's value is written to; a JSON value is stored as jsonb. */
export interface RuleColumn<V> {
  key: keyof V & string;
  column: string;
  json?: boolean;
}

/** A table of rules that administrators write and the application applies in a fixed order. */
export interface RuleTable<R, V> {
  /** The table's name, which also names the memo of its active rules. */
  table: string;
  /** What the rule is called in a 404 ("assignment rule"). */
  what: string;
  /** The columns of the rule's values, besides id, active-state bookkeeping and version. */
  columns: RuleColumn<V>[];
  map: (row: Record<string, unknown>) => R;
  /** The order in which the active rules are applied (SQL over the alias `r`), ending with `r.id`. */
  activeOrder: string;
  /** The list's sort keys and the one it uses unless asked otherwise. */
  sortColumns: Record<string, SortColumn>;
  defaultSort: string;
}

/**
 * The storage of a rule table: a keyset-paged list, the active rules in their order (kept in the memo,
 * which every change empties), one rule (locked for a change), insert, update with a new version,
 * delete, and whether a name is taken (names are unique regardless of case).
 */
export function createRuleStore<R, V>(db: Queryable, def: RuleTable<R, V>) {
  const { table, columns, map } = def;
  const select = `SELECT r.id, ${columns.map((c) => `r.${c.column}`).join(', ')}, r.created_at, r.updated_at,
    r.version FROM ${table} r`;
  const valuesOf = (v: V) => columns.map((c) => (c.json ? JSON.stringify(v[c.key]) : v[c.key]));
  const placeholder = (c: RuleColumn<V>, i: number) => `$${i}${c.json ? '::jsonb' : ''}`;
  const store = {
    async list(terms: SortTerm[], after: unknown[] | null, limit: number) {
      const params: unknown[] = [];
      const where = after ? `WHERE ${keysetCondition(terms, after as never, params)}` : '';
      params.push(limit + 1);
      return (
        await db.query(`${select} ${where} ORDER BY ${orderBy(terms)} LIMIT $${params.length}`, params)
      ).map(map);
    },
    async count() {
      return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    },
    /** The active rules in their order, kept between requests (a change of a rule empties the memo). */
    async active() {
      return db.memo.get(`${table}:active`, async () =>
        (await db.query(`${select} WHERE r.active ORDER BY ${def.activeOrder}`)).map(map),
      );
    },
    async get(id: string, forUpdate = false) {
      const rows = await db.query(`${select} WHERE r.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? map(rows[0]) : undefined;
    },
    async insert(v: V) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO ${table} (${columns.map((c) => c.column).join(', ')})
         VALUES (${columns.map((c, i) => placeholder(c, i + 1)).join(', ')}) RETURNING id`,
        valuesOf(v),
      );
      return (await store.get(row.id))!;
    },
    async update(id: string, v: V) {
      await db.query(
        `UPDATE ${table} SET ${columns.map((c, i) => `${c.column} = ${placeholder(c, i + 2)}`).join(', ')},
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, ...valuesOf(v)],
      );
      return (await store.get(id))!;
    },
    async remove(id: string) {
      await db.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
    },
    async nameTaken(name: string, exceptId: string | null) {
      const rows = await db.query(
        `SELECT 1 FROM ${table} WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
        [name, exceptId],
      );
      return rows.length > 0;
    },
  };
  return store;
}

/** What every rule service does the same way: a page of the list, one rule or 404, a guarded change. */
export function ruleReads<R extends Record<string, unknown> & { version: number }, V>(def: RuleTable<R, V>) {
  return {
    /** A page of rules, with the total unless the query asks to skip counting. */
    async list(db: Queryable, query: ListQuery) {
      const terms = parseSort(query.sort, def.sortColumns, def.defaultSort, 'r.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const store = createRuleStore(db, def);
      const page = pageOf(await store.list(terms, after, query.limit), query.limit, terms);
      return query.count === false ? page : { ...page, total: await store.count() };
    },
    async get(db: Queryable, id: string) {
      const rule = await createRuleStore(db, def).get(id);
      if (!rule) throw notFound(def.what);
      return rule;
    },
    /** The rule locked for a change in `tx`: 404 when it is gone, 412 when `version` is not its own. */
    async lock(tx: Queryable, id: string, version?: number) {
      const current = await createRuleStore(tx, def).get(id, true);
      if (!current) throw notFound(def.what);
      if (version !== undefined && version !== current.version) throw staleVersion(current.version);
      return current;
    },
  };
}
