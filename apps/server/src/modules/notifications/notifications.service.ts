import type { NotificationListQuery } from '@leadline/contract';
import type { Database } from '../../db/client';
import { decodeCursor, pageOf, parseSort } from '../../lib/keyset';
import type { Principal } from '../access/principal';
import { createNotificationsRepository, notificationSortColumns } from './notifications.repository';

/** A user's own notifications: nobody reads or marks another's. */
export function createNotificationsService({ db }: { db: Database }) {
  return {
    async list(p: Principal, query: NotificationListQuery) {
      const terms = parseSort(query.sort, notificationSortColumns, '-createdAt', 'n.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const repo = createNotificationsRepository(db);
      const rows = await repo.list(p.userId, query.unread, terms, after, query.limit);
      const page = pageOf(rows, query.limit, terms);
      const counts = await repo.counts(p.userId, query.unread);
      return query.count === false
        ? { ...page, unread: counts.unread }
        : { ...page, total: counts.total, unread: counts.unread };
    },

    async markRead(p: Principal, ids: string[]) {
      const repo = createNotificationsRepository(db);
      const marked = await repo.markRead(p.userId, ids);
      return { marked, unread: (await repo.counts(p.userId, undefined)).unread };
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
