import type { MarketingList, MarketingListCreate, MarketingListPatch } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { afterCursor, orderAndLimit, type Keyset, type SortColumn } from '../../lib/pagination';
import { likePattern } from '../../lib/sql';
import { iso } from '../../lib/sql';

export const marketingListSortColumns: Record<string, SortColumn> = {
  name: { sql: 'm.name', cast: 'text' },
  updatedAt: { sql: 'm.updated_at', cast: 'timestamptz' },
  createdAt: { sql: 'm.created_at', cast: 'timestamptz' },
};

const select = `SELECT m.id, m.name, m.description, m.marketing_campaign_id, m.active, m.created_by_id, m.version,
       m.created_at, m.updated_at,
       (SELECT count(*)::int FROM marketing_list_members x WHERE x.marketing_list_id = m.id) AS member_count
  FROM marketing_lists m`;

function toList(r: Record<string, unknown>): MarketingList {
  return {
    id: String(r.id),
    name: String(r.name),
    description: (r.description as string | null) ?? null,
    marketingCampaignId: (r.marketing_campaign_id as string | null) ?? null,
    active: Boolean(r.active),
    memberCount: Number(r.member_count),
    createdById: (r.created_by_id as string | null) ?? null,
    version: Number(r.version),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
  };
}

/** The condition "the lead aliased `alias` is a member of the list"; its value goes to `params`. */
export function membersOf(listId: string, alias: string, params: unknown[]) {
  params.push(listId);
  return `${alias}.id IN (SELECT x.lead_id FROM marketing_list_members x WHERE x.marketing_list_id = $${params.length})`;
}

export function createMarketingListsRepository(db: Queryable) {
  return {
    async get(id: string) {
      const rows = await db.query(`${select} WHERE m.id = $1`, [id]);
      return rows[0] ? toList(rows[0]) : undefined;
    },
    async list(f: { q?: string; active?: boolean }, k: Keyset) {
      const params: unknown[] = [];
      const where: string[] = [];
      if (f.q) {
        params.push(likePattern(f.q));
        where.push(`m.name ILIKE $${params.length}`);
      }
      if (f.active !== undefined) {
        params.push(f.active);
        where.push(`m.active = $${params.length}`);
      }
      const countParams = [...params];
      const countWhere = [...where];
      const after = afterCursor(k, params);
      if (after) where.push(after);
      const rows = await db.query(
        `${select} WHERE ${where.join(' AND ') || 'TRUE'} ${orderAndLimit(k, params)}`,
        params,
      );
      return {
        items: rows.map(toList),
        count: async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM marketing_lists m WHERE ${countWhere.join(' AND ') || 'TRUE'}`,
              countParams,
            )
          )[0].n,
      };
    },
    async insert(v: MarketingListCreate, actorId: string) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO marketing_lists (name, description, marketing_campaign_id, active, created_by_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [v.name, v.description ?? null, v.marketingCampaignId ?? null, v.active ?? true, actorId],
      );
      return row.id;
    },
    async update(id: string, v: MarketingListPatch) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      const put = (col: string, value: unknown) => {
        if (value === undefined) return;
        params.push(value);
        sets.push(`${col} = $${params.length}`);
      };
      put('name', v.name);
      put('description', v.description);
      put('marketing_campaign_id', v.marketingCampaignId);
      put('active', v.active);
      if (sets.length === 0) return;
      await db.query(
        `UPDATE marketing_lists SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
        params,
      );
    },
    async delete(id: string) {
      await db.query('DELETE FROM marketing_lists WHERE id = $1', [id]);
    },
    async nameTaken(name: string, exceptId?: string) {
      const rows = await db.query(
        'SELECT 1 FROM marketing_lists WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid',
        [name, exceptId ?? null],
      );
      return rows.length > 0;
    },
    async campaignExists(id: string) {
      return (await db.query('SELECT 1 FROM marketing_campaigns WHERE id = $1', [id])).length > 0;
    },
    /** Adds the leads not yet members; returns the ids added. */
    async addMembers(listId: string, leadIds: string[], actorId: string) {
      const rows = await db.query<{ lead_id: string }>(
        `INSERT INTO marketing_list_members (marketing_list_id, lead_id, added_by_id)
         SELECT $1, x, $3 FROM unnest($2::uuid[]) AS x ON CONFLICT DO NOTHING RETURNING lead_id`,
        [listId, leadIds, actorId],
      );
      return rows.map((r) => r.lead_id);
    },
    /** A membership change is a change of the list (its memberCount), so it moves the list's version. */
    async touch(id: string) {
      await db.query('UPDATE marketing_lists SET version = version + 1, updated_at = now() WHERE id = $1', [
        id,
      ]);
    },
    async lockVersion(id: string) {
      const rows = await db.query<{ version: number }>(
        'SELECT version FROM marketing_lists WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0]?.version;
    },
    async activeOf(id: string) {
      const rows = await db.query<{ active: boolean }>('SELECT active FROM marketing_lists WHERE id = $1', [
        id,
      ]);
      return rows[0]?.active;
    },
    async removeMember(listId: string, leadId: string) {
      const rows = await db.query(
        'DELETE FROM marketing_list_members WHERE marketing_list_id = $1 AND lead_id = $2 RETURNING lead_id',
        [listId, leadId],
      );
      return rows.length > 0;
    },
  };
}
