import type { MailStatus, OutboxMessage } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { afterCursor, orderAndLimit, type Keyset, type SortColumn } from '../../lib/pagination';
import { camelRow } from '../../lib/sql';

const select = `SELECT m.id, m.to_address AS "to", m.subject, m.text, m.html, m.status, m.attempts, m.error,
    m.version, m.created_at, m.updated_at, m.sent_at
  FROM mail_outbox m`;

export const outboxSortColumns: Record<string, SortColumn> = {
  createdAt: { sql: 'm.created_at', cast: 'timestamptz' },
};

export function createMailRepository(db: Queryable) {
  return {
    async insert(m: { to: string; subject: string; text: string; html: string | null }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO mail_outbox (to_address, subject, text, html) VALUES ($1, $2, $3, $4) RETURNING id`,
        [m.to, m.subject, m.text, m.html],
      );
      return row.id;
    },
    async get(id: string): Promise<OutboxMessage | undefined> {
      const rows = await db.query(`${select} WHERE m.id = $1`, [id]);
      return rows[0] ? camelRow<OutboxMessage>(rows[0]) : undefined;
    },
    /** Counts an attempt; answers the message only while it still waits to be delivered. */
    async startAttempt(id: string): Promise<OutboxMessage | undefined> {
      const rows = await db.query(
        `UPDATE mail_outbox m SET attempts = attempts + 1, version = version + 1, updated_at = now()
          WHERE id = $1 AND status = 'queued'
          RETURNING m.id, m.to_address AS "to", m.subject, m.text, m.html, m.status, m.attempts, m.error,
                    m.version, m.created_at, m.updated_at, m.sent_at`,
        [id],
      );
      return rows[0] ? camelRow<OutboxMessage>(rows[0]) : undefined;
    },
    async finish(id: string, status: MailStatus, error: string | null) {
      await db.query(
        `UPDATE mail_outbox SET status = $2, error = $3, version = version + 1, updated_at = now(),
                sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
          WHERE id = $1`,
        [id, status, error],
      );
    },
    async list(f: { status?: MailStatus }, k: Keyset) {
      const params: unknown[] = [];
      const where: string[] = ['TRUE'];
      if (f.status) {
        params.push(f.status);
        where.push(`m.status = $${params.length}`);
      }
      const countWhere = where.join(' AND ');
      const countParams = [...params];
      const after = afterCursor(k, params);
      if (after) where.push(after);
      const rows = await db.query(
        `${select} WHERE ${where.join(' AND ')} ${orderAndLimit(k, params)}`,
        params,
      );
      return {
        rows: rows.map((r) => camelRow<OutboxMessage>(r)),
        count: async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM mail_outbox m WHERE ${countWhere}`,
              countParams,
            )
          )[0].n,
      };
    },
  };
}
