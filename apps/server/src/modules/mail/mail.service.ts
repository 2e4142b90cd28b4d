import type { z } from 'zod';
import type { ListQuery, OutboxListQuery } from '@leadline/contract';
import type { Database } from '../../db/client';
import { notFound } from '../../http/errors';
import { decodeCursor, pageOf, parseSort } from '../../lib/keyset';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { createMailRepository, outboxSortColumns } from './mail.repository';

/** The administrator's view of the outbox: every message, with its delivery state. */
export function createOutboxService({ db }: { db: Database }) {
  const repo = createMailRepository(db);
  return {
    async list(p: Principal, query: ListQuery & z.infer<typeof OutboxListQuery>) {
      authorize(p, 'read', 'outbox');
      const terms = parseSort(query.sort, outboxSortColumns, '-createdAt', 'm.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const result = await repo.list({ status: query.status }, terms, after, query.limit);
      const page = pageOf(result.rows, query.limit, terms);
      return query.count === false ? page : { ...page, total: await result.count() };
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
