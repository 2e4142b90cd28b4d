import type { SavedView, SavedViewDefinition } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { afterCursor, orderAndLimit, type Keyset, type SortColumn } from '../../lib/pagination';

export const savedViewSortColumns: Record<string, SortColumn> = {
  name: { sql: 'v.name', cast: 'text' },
};

const select = `SELECT v.id, v.owner_id, v.name, v.shared, v.definition, v.created_at, v.updated_at, v.version
  FROM saved_views v`;

export function mapSavedView(r: Record<string, unknown>): SavedView {
  return {
    id: String(r.id),
    ownerId: String(r.owner_id),
    name: String(r.name),
    shared: Boolean(r.shared),
    definition: r.definition as SavedViewDefinition,
    createdAt: new Date(r.created_at as string).toISOString(),
    updatedAt: new Date(r.updated_at as string).toISOString(),
    version: Number(r.version),
  };
}

export function createSavedViewsRepository(db: Queryable) {
  return {
    /** The user's own views, and the shared ones when `withShared`. */
    async list(ownerId: string, withShared: boolean, k: Keyset) {
      const params: unknown[] = [ownerId];
      const where = [withShared ? '(v.owner_id = $1 OR v.shared)' : 'v.owner_id = $1'];
      const after = afterCursor(k, params);
      if (after) where.push(after);
      const rows = await db.query(
        `${select} WHERE ${where.join(' AND ')} ${orderAndLimit(k, params)}`,
        params,
      );
      return rows.map(mapSavedView);
    },

    async count(ownerId: string, withShared: boolean) {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM saved_views v WHERE ${withShared ? '(v.owner_id = $1 OR v.shared)' : 'v.owner_id = $1'}`,
        [ownerId],
      );
      return rows[0].n;
    },

    async get(id: string, forUpdate = false) {
      const rows = await db.query(`${select} WHERE v.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? mapSavedView(rows[0]) : undefined;
    },

    async insert(ownerId: string, v: { name: string; shared: boolean; definition: SavedViewDefinition }) {
      const [row] = await db.query(
        `INSERT INTO saved_views (owner_id, name, shared, definition) VALUES ($1, $2, $3, $4::jsonb)
         RETURNING *`,
        [ownerId, v.name, v.shared, JSON.stringify(v.definition)],
      );
      return mapSavedView(row);
    },

    async update(id: string, v: { name: string; shared: boolean; definition: SavedViewDefinition }) {
      const [row] = await db.query(
        `UPDATE saved_views SET name = $2, shared = $3, definition = $4::jsonb, updated_at = now(),
           version = version + 1 WHERE id = $1 RETURNING *`,
        [id, v.name, v.shared, JSON.stringify(v.definition)],
      );
      return mapSavedView(row);
    },

    async remove(id: string) {
      await db.query('DELETE FROM saved_views WHERE id = $1', [id]);
    },
  };
}
