import type { Queryable } from '../../db/client';
import { iso } from '../../lib/sql';

export function createCalendarFeedRepository(db: Queryable) {
  return {
    async get(userId: string) {
      const [r] = await db.query<{ created_at: Date }>(
        'SELECT created_at FROM calendar_feeds WHERE user_id = $1',
        [userId],
      );
      return r ? { createdAt: iso(r.created_at)! } : undefined;
    },
    /** Makes the user's feed use this token from now on (the previous URL stops working). */
    async replace(userId: string, tokenHash: string) {
      const [r] = await db.query<{ created_at: Date }>(
        `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()
         RETURNING created_at`,
        [userId, tokenHash],
      );
      return { createdAt: iso(r.created_at)! };
    },
    async remove(userId: string) {
      await db.query('DELETE FROM calendar_feeds WHERE user_id = $1', [userId]);
    },
    /** Whose feed this token opens: an active user only. */
    async userOf(tokenHash: string) {
      const [r] = await db.query<{ user_id: string }>(
        `SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
          WHERE f.token_hash = $1 AND u.active`,
        [tokenHash],
      );
      return r?.user_id;
    },
  };
}
