import type { z } from 'zod';
import type { ApiToken } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { camelRow } from '../../lib/sql';

type ApiTokenView = z.infer<typeof ApiToken>;

const select = `SELECT t.id, t.name, u.roles, t.prefix, t.created_at, t.last_used_at, t.revoked_at
  FROM api_tokens t JOIN users u ON u.id = t.user_id`;

/** API tokens, each shown with the roles of its own integration user. */
export function createApiTokensRepository(db: Queryable) {
  return {
    async list() {
      const rows = await db.query(`${select} ORDER BY t.created_at DESC, t.id`);
      return rows.map((r) => camelRow<ApiTokenView>(r));
    },
    async get(id: string) {
      const [row] = await db.query(`${select} WHERE t.id = $1`, [id]);
      return camelRow<ApiTokenView>(row);
    },
    async insert(t: {
      userId: string;
      name: string;
      tokenHash: string;
      prefix: string;
      createdById: string;
    }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [t.userId, t.name, t.tokenHash, t.prefix, t.createdById],
      );
      return row.id;
    },
    /** Revokes the token (a second revocation keeps the first time); false when there is none. */
    async revoke(id: string) {
      const rows = await db.query(
        `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id`,
        [id],
      );
      return rows.length > 0;
    },
  };
}
