import type { Queryable } from '../../db/client';

export function createMetricsRepository(db: Queryable) {
  return {
    /** Messages waiting to be sent (served by mail_outbox_status_idx). */
    async outboxBacklog(): Promise<number> {
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'queued'`,
      );
      return r.n;
    },
  };
}
