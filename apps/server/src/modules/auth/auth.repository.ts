import type { Role } from '@leadline/contract';
import { prepared, type Queryable } from '../../db/client';

export interface PrincipalRow {
  id: string;
  email: string | null;
  name: string;
  roles: Role[];
  partner_company_id: string | null;
  unit_ids: string[];
  csrf_token?: string;
  token_id?: string;
}

const principalColumns = `u.id, u.email, u.name, u.roles, u.partner_company_id,
  coalesce((SELECT array_agg(m.unit_id::text) FROM unit_members m WHERE m.user_id = u.id), '{}'::text[]) AS unit_ids`;

/** Run on every request: prepared, so that PostgreSQL plans them once per connection. */
const principalBySession = prepared(`SELECT ${principalColumns}, s.csrf_token,
         s.last_seen_at > now() - interval '1 minute' AS recently_seen
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active
     AND s.last_seen_at > now() - make_interval(secs => $2)`);
const principalByToken = prepared(`SELECT ${principalColumns}, t.id::text AS token_id,
         coalesce(t.last_used_at > now() - interval '1 minute', false) AS recently_used
    FROM api_tokens t JOIN users u ON u.id = t.user_id
   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`);

export function createAuthRepository(db: Queryable) {
  return {
    /**
     * A session is honoured only while its user is active (deactivation ends it at once) and while it
     * has been used within the idle timeout.
     */
    async principalBySession(tokenHash: string, idleSeconds: number): Promise<PrincipalRow | undefined> {
      const rows = await db.query<PrincipalRow & { recently_seen: boolean }>(principalBySession, [
        tokenHash,
        idleSeconds,
      ]);
      const row = rows[0];
      // Kept to the minute, as for tokens: the idle timeout is hours, a write per request is not needed.
      if (row && !row.recently_seen) {
        await db.query('UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
      }
      return row;
    },
    async principalByToken(tokenHash: string): Promise<PrincipalRow | undefined> {
      const rows = await db.query<PrincipalRow & { recently_used: boolean }>(principalByToken, [tokenHash]);
      const row = rows[0];
      // Last use is kept to the minute: a write on every request would make busy integrations queue on it.
      if (row && !row.recently_used) {
        await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.token_id]);
      }
      return row;
    },
    async userForLogin(email: string) {
      const rows = await db.query<{ id: string; password_hash: string | null; active: boolean }>(
        `SELECT id, password_hash, active FROM users WHERE lower(email) = lower($1) AND NOT is_integration`,
        [email],
      );
      return rows[0];
    },
    async createSession(s: {
      tokenHash: string;
      userId: string;
      csrfToken: string;
      ttlHours: number;
      ip: string;
      userAgent: string;
    }) {
      await db.query(
        `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6)`,
        [s.tokenHash, s.userId, s.csrfToken, s.ttlHours, s.ip, s.userAgent.slice(0, 500)],
      );
    },
    async deleteSession(tokenHash: string) {
      await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },
    async deleteSessionsOfUser(userId: string) {
      await db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    },
    /** Held until the transaction ends: attempts on one key are counted one after another. */
    async lockThrottleKey(key: string) {
      await db.query(
        `INSERT INTO login_throttle (key) VALUES ($1)
         ON CONFLICT (key) DO UPDATE SET touched_at = now()`,
        [key],
      );
    },
    /** Attempts per key within its window, and the seconds until the oldest of them leaves it. */
    async recentAttempts(keys: string[], windowMinutes: number[]) {
      return db.query<{ key: string; n: number; retry_after: number | null }>(
        `SELECT k.key, count(f.id)::int AS n,
                ceil(extract(epoch FROM min(f.at) + make_interval(mins => k.mins) - now()))::int AS retry_after
           FROM unnest($1::text[], $2::int[]) AS k (key, mins)
           LEFT JOIN login_failures f ON f.key = k.key AND f.at > now() - make_interval(mins => k.mins)
          GROUP BY k.key, k.mins`,
        [keys, windowMinutes],
      );
    },
    async recordAttempts(keys: string[]) {
      const rows = await db.query<{ id: number }>(
        'INSERT INTO login_failures (key) SELECT unnest($1::text[]) RETURNING id',
        [keys],
      );
      return rows.map((r) => r.id);
    },
    /** A check that succeeded gives its attempts back, and clears every failure counted on `clearKey`. */
    async forgetAttempts(ids: number[], clearKey: string) {
      await db.query('DELETE FROM login_failures WHERE id = ANY($1::bigint[]) OR key = $2', [ids, clearKey]);
    },
    /** True once per period: whether the owner of the key is to be told now. */
    async claimNotice(key: string, periodMinutes: number) {
      const rows = await db.query(
        `UPDATE login_throttle SET notified_at = now()
          WHERE key = $1 AND (notified_at IS NULL OR notified_at < now() - make_interval(mins => $2))
          RETURNING key`,
        [key, periodMinutes],
      );
      return rows.length > 0;
    },
    async purgeOldFailures() {
      await db.query(`DELETE FROM login_failures WHERE at < now() - interval '1 day'`);
      await db.query(`DELETE FROM login_throttle WHERE touched_at < now() - interval '1 day'`);
      await db.query(`DELETE FROM sessions WHERE expires_at < now()`);
    },
  };
}
export type AuthRepository = ReturnType<typeof createAuthRepository>;
