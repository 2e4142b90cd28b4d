import type { z } from 'zod';
import type { ListQuery, OutboxListQuery } from '@leadline/contract';
import type { Database } from '../../db/client';
import { notFound } from '../../http/errors';
import { keysetOf, ownValues, pageOf, withTotal } from '../../lib/pagination';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { createMailRepository, outboxSortColumns } from './mail.repository';

/** The administrator's view of the outbox: every message, with its delivery state. */
export function createOutboxService({ db }: { db: Database }) {
  const repo = createMailRepository(db);
  return {
    async list(p: Principal, query: ListQuery & z.infer<typeof OutboxListQuery>) {
      authorize(p, 'read', 'outbox');
      const k = keysetOf(query, outboxSortColumns, '-createdAt', 'm.id');
      const result = await repo.list({ status: query.status }, k);
      return withTotal(pageOf(result.rows, k, ownValues), query, result.count);
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'outbox');
      const m = await repo.get(id);
      if (!m) throw notFound('message');
      return m;
    },
  };
}
export type OutboxService = ReturnType<typeof createOutboxService>;
