import type { Queryable } from '../../db/client';

/** A column that refers to a contact or a company (its table has a uuid `id`). */
export interface RecordRef {
  table: string;
  column: string;
}

/** A row a merge re-pointed from a merged record to the kept one. */
export interface MovedRef extends RecordRef {
  id: string;
  from: string;
}

/** Re-points what refers to merged contacts or companies, and puts it back on an undo. */
export function createRecordRefsRepository(db: Queryable) {
  return {
    /** Every row of `refs` referring to one of `mergeIds` refers to `keepId` afterwards; answers which. */
    async move(keepId: string, mergeIds: string[], refs: RecordRef[]): Promise<MovedRef[]> {
      const moved: MovedRef[] = [];
      for (const { table, column } of refs) {
        const rows = await db.query<{ id: string; from: string }>(
          `UPDATE ${table} t SET ${column} = $1 FROM (SELECT id, ${column} AS from_id FROM ${table}
              WHERE ${column} = ANY ($2::uuid[])) x WHERE t.id = x.id RETURNING t.id, x.from_id AS "from"`,
          [keepId, mergeIds],
        );
        moved.push(...rows.map((r) => ({ table, column, id: r.id, from: r.from })));
      }
      return moved;
    },

    /** Puts back what `move` moved. */
    async moveBack(moved: MovedRef[]) {
      for (const [ref, rows] of byRef(moved))
        await db.query(
          `UPDATE ${ref.table} t SET ${ref.column} = x.from_id
             FROM unnest($1::uuid[], $2::uuid[]) AS x(id, from_id) WHERE t.id = x.id`,
          [rows.map((r) => r.id), rows.map((r) => r.from)],
        );
    },

    /** The moved rows that no longer refer to the kept record (changed or deleted since). */
    async changedSince(keepId: string, moved: MovedRef[]): Promise<MovedRef[]> {
      const changed: MovedRef[] = [];
      for (const [ref, rows] of byRef(moved)) {
        const still = await db.query<{ id: string }>(
          `SELECT id FROM ${ref.table} WHERE id = ANY ($1::uuid[]) AND ${ref.column} = $2`,
          [rows.map((r) => r.id), keepId],
        );
        const kept = new Set(still.map((r) => r.id));
        changed.push(...rows.filter((r) => !kept.has(r.id)));
      }
      return changed;
    },
  };
}

function byRef(moved: MovedRef[]) {
  const groups = new Map<string, { ref: RecordRef; rows: MovedRef[] }>();
  for (const m of moved) {
    const key = `${m.table}.${m.column}`;
    const g = groups.get(key) ?? { ref: { table: m.table, column: m.column }, rows: [] };
    g.rows.push(m);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => [g.ref, g.rows] as const);
}
