import type { Notification } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetCondition, orderBy, type SortColumn, type SortTerm } from '../../lib/keyset';
import { iso } from '../../lib/sql';

export const notificationSortColumns: Record<string, SortColumn> = {
  createdAt: { sql: 'n.created_at', cast: 'timestamptz' },
};

export interface NewNotification {
  userId: string;
  kind: Notification['kind'];
  leadId: string | null;
  activityId?: string | null;
  text: string;
}

function mapNotification(r: Record<string, unknown>): Notification {
  return {
    id: String(r.id),
    kind: r.kind as Notification['kind'],
    leadId: (r.lead_id as string | null) ?? null,
    activityId: (r.activity_id as string | null) ?? null,
    text: String(r.text),
    readAt: iso(r.read_at as Date | null),
    createdAt: iso(r.created_at as Date)!,
  };
}

export function createNotificationsRepository(db: Queryable) {
  return {
    /** One statement for any number of recipients. */
    async insert(items: NewNotification[]) {
      if (items.length === 0) return;
      await db.query(
        `INSERT INTO notifications (user_id, kind, lead_id, activity_id, text)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[])`,
        [
          items.map((i) => i.userId),
          items.map((i) => i.kind),
          items.map((i) => i.leadId),
          items.map((i) => i.activityId ?? null),
          items.map((i) => i.text),
        ],
      );
    },

    async list(
      userId: string,
      unread: boolean | undefined,
      terms: SortTerm[],
      after: unknown[] | null,
      limit: number,
    ) {
      const params: unknown[] = [userId];
      const where = ['n.user_id = $1'];
      if (unread !== undefined) where.push(unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL');
      if (after) where.push(keysetCondition(terms, after as never, params));
      params.push(limit + 1);
      const rows = await db.query(
        `SELECT n.id, n.kind, n.lead_id, n.activity_id, n.text, n.read_at, n.created_at FROM notifications n
          WHERE ${where.join(' AND ')} ORDER BY ${orderBy(terms)} LIMIT $${params.length}`,
        params,
      );
      return rows.map(mapNotification);
    },

    async counts(userId: string, unread: boolean | undefined) {
      const [row] = await db.query<{ total: number; unread: number }>(
        `SELECT count(*) FILTER (WHERE $2::boolean IS NULL OR (read_at IS NULL) = $2::boolean)::int AS total,
                count(*) FILTER (WHERE read_at IS NULL)::int AS unread
           FROM notifications WHERE user_id = $1`,
        [userId, unread ?? null],
      );
      return row;
    },

    /** Marks the user's own notifications among `ids` read; others' ids change nothing. */
    async markRead(userId: string, ids: string[]) {
      const rows = await db.query<{ id: string }>(
        `UPDATE notifications SET read_at = now()
          WHERE user_id = $1 AND id = ANY ($2::uuid[]) AND read_at IS NULL RETURNING id`,
        [userId, ids],
      );
      return rows.length;
    },

    /** Who the notification of a lead may go to: active people with their roles and units. */
    async recipients(userIds: string[]) {
      if (userIds.length === 0) return [];
      return db.query<{
        id: string;
        name: string;
        email: string | null;
        roles: string[];
        partner_company_id: string | null;
        unit_ids: string[];
      }>(
        `SELECT u.id, u.name, u.email, u.roles, u.partner_company_id,
                coalesce((SELECT array_agg(m.unit_id::text) FROM unit_members m WHERE m.user_id = u.id),
                         '{}'::text[]) AS unit_ids
           FROM users u WHERE u.id = ANY ($1::uuid[]) AND u.active AND NOT u.is_integration`,
        [userIds],
      );
    },

    /** Whether any of the leads `ids` has an owner other than `actorId`, or sits in a unit's queue. */
    async anyToTell(ids: string[], actorId: string | null): Promise<boolean> {
      const rows = await db.query(
        `SELECT 1 FROM leads WHERE id = ANY ($1::uuid[])
            AND (owner_id IS DISTINCT FROM $2::uuid AND owner_id IS NOT NULL OR owner_id IS NULL AND unit_id IS NOT NULL)
          LIMIT 1`,
        [ids, actorId],
      );
      return rows.length > 0;
    },

    async unitMembers(unitId: string): Promise<string[]> {
      const rows = await db.query<{ user_id: string }>(
        'SELECT user_id FROM unit_members WHERE unit_id = $1',
        [unitId],
      );
      return rows.map((r) => r.user_id);
    },

    /**
     * Users whose name follows an `@` in the text (case-insensitive): the names are matched in the
     * database, so a long user list is not sent over the wire for every comment.
     */
    async mentioned(text: string): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM users
          WHERE active AND NOT is_integration AND length(name) > 0
            AND position(lower('@' || name) IN lower($1)) > 0`,
        [text],
      );
      return rows.map((r) => r.id);
    },
  };
}
