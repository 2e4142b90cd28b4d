import type { z } from 'zod';
import type { ApiTokenCreate } from '@leadline/contract';
import type { Database } from '../../db/client';
import { notFound } from '../../http/errors';
import { changingMemo, memoTransaction } from '../../lib/memo';
import { randomToken, sha256 } from '../../lib/tokens';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { createUsersRepository } from '../users/users.repository';
import { createApiTokensRepository } from './api-tokens.repository';

/** API tokens: each acts as its own integration user with the roles chosen for it; shown once, stored hashed. */
export function createApiTokensService({ db }: { db: Database }) {
  return {
    async list(p: Principal) {
      authorize(p, 'read', 'api_tokens');
      const items = await createApiTokensRepository(db).list();
      return { items, nextCursor: null, total: items.length };
    },
    async create(p: Principal, input: z.infer<typeof ApiTokenCreate>) {
      authorize(p, 'create', 'api_tokens');
      const token = `ll_${randomToken(32)}`;
      return memoTransaction(db)(async (tx) => {
        const userId = await createUsersRepository(tx).insert({
          email: null,
          name: input.name,
          passwordHash: null,
          roles: [...new Set(input.roles)],
          partnerCompanyId: null,
          active: true,
          isIntegration: true,
        });
        const tokens = createApiTokensRepository(tx);
        const id = await tokens.insert({
          userId,
          name: input.name,
          tokenHash: sha256(token),
          prefix: token.slice(0, 7),
          createdById: p.userId,
        });
        return { ...(await tokens.get(id)), token };
      });
    },
    async revoke(p: Principal, id: string) {
      authorize(p, 'delete', 'api_tokens');
      // Who a token belongs to is kept between requests: a revoked token must stop at once.
      const revoked = await changingMemo(db.memo, () => createApiTokensRepository(db).revoke(id));
      if (!revoked) throw notFound('API token');
    },
  };
}
export type ApiTokensService = ReturnType<typeof createApiTokensService>;
