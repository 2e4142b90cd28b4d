import type { z } from 'zod';
import type { ApiToken, ApiTokenCreate } from '@leadline/contract';
import type { Database } from '../../db/client';
import { notFound } from '../../http/errors';
import { camelRow } from '../../lib/sql';
import { randomToken, sha256 } from '../../lib/tokens';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { createUsersRepository } from '../users/users.repository';

type ApiTokenView = z.infer<typeof ApiToken>;

const select = `SELECT t.id, t.name, u.roles, t.prefix, t.created_at, t.last_used_at, t.revoked_at
  FROM api_tokens t JOIN users u ON u.id = t.user_id`;

/** API tokens: each acts as its own integration user with the roles chosen for it; shown once, stored hashed. */
export function createApiTokensService({ db }: { db: Database }) {
  return {
    async list(p: Principal) {
      authorize(p, 'read', 'api_tokens');
      const rows = await db.query(`${select} ORDER BY t.created_at DESC, t.id`);
      const items = rows.map((r) => camelRow<ApiTokenView>(r));
      return { items, nextCursor: null, total: items.length };
    },
    async create(p: Principal, input: z.infer<typeof ApiTokenCreate>) {
      authorize(p, 'create', 'api_tokens');
      const token = `ll_${randomToken(32)}`;
      return db.transaction(async (tx) => {
        const userId = await createUsersRepository(tx).insert({
          email: null,
          name: input.name,
          passwordHash: null,
          roles: [...new Set(input.roles)],
          partnerCompanyId: null,
          active: true,
          isIntegration: true,
        });
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [userId, input.name, sha256(token), token.slice(0, 7), p.userId],
        );
        const [view] = await tx.query(`${select} WHERE t.id = $1`, [row.id]);
        return { ...camelRow<ApiTokenView>(view), token };
      });
    },
    async revoke(p: Principal, id: string) {
      authorize(p, 'delete', 'api_tokens');
      const rows = await db.query(
        `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id`,
        [id],
      );
      if (rows.length === 0) throw notFound('API token');
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
