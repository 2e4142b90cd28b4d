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

    /** Imports waiting or running (served by imports_running_idx). */
    async importsByState() {
      return db.query<{ state: string; n: number }>(
        `SELECT s.state, count(i.id)::int AS n FROM unnest(ARRAY['queued', 'running']) AS s(state)
           LEFT JOIN imports i ON i.state = s.state GROUP BY s.state`,
      );
    },

    /** Webhook deliveries not done yet. */
    async webhookBacklog(): Promise<number> {
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('pending', 'delivering')`,
      );
      return r.n;
    },
  };
}
