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
const principalBySession = prepared(`SELECT ${principalColumns}, s.csrf_token
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`);
const principalByToken = prepared(`SELECT ${principalColumns}, t.id::text AS token_id,
         coalesce(t.last_used_at > now() - interval '1 minute', false) AS recently_used
    FROM api_tokens t JOIN users u ON u.id = t.user_id
   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`);

export function createAuthRepository(db: Queryable) {
  return {
    /** A session is honoured only while its user is active: deactivation ends it at once. */
    async principalBySession(tokenHash: string): Promise<PrincipalRow | undefined> {
      const rows = await db.query<PrincipalRow>(principalBySession, [tokenHash]);
      return rows[0];
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
    /** Who a user is when work they started runs later without their request (an import job). */
    async principalByUserId(userId: string): Promise<PrincipalRow | undefined> {
      const rows = await db.query<PrincipalRow>(
        `SELECT ${principalColumns} FROM users u WHERE u.id = $1 AND u.active`,
        [userId],
      );
      return rows[0];
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
    async countRecentFailures(key: string, windowMinutes: number) {
      const rows = await db.query<{ n: number; oldest: Date | null }>(
        `SELECT count(*)::int AS n, min(at) AS oldest FROM login_failures
          WHERE key = $1 AND at > now() - make_interval(mins => $2)`,
        [key, windowMinutes],
      );
      return rows[0];
    },
    async recordFailure(keys: string[]) {
      await db.query('INSERT INTO login_failures (key) SELECT unnest($1::text[])', [keys]);
    },
    async clearFailures(key: string) {
      await db.query('DELETE FROM login_failures WHERE key = $1', [key]);
    },
    async purgeOldFailures() {
      await db.query(`DELETE FROM login_failures WHERE at < now() - interval '1 day'`);
      await db.query(`DELETE FROM sessions WHERE expires_at < now()`);
    },
  };
}
export type AuthRepository = ReturnType<typeof createAuthRepository>;
