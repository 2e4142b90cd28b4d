/** A file sent with a mail: its bytes are read from the file store by content hash when it is delivered. */
export interface MailAttachment {
  name: string;
  contentType: string;
  sha256: string;
}

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
    async insert(m: {
      to: string;
      subject: string;
      text: string;
      html: string | null;
      attachments?: MailAttachment[];
    }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO mail_outbox (to_address, subject, text, html, attachments)
         VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`,
        [m.to, m.subject, m.text, m.html, JSON.stringify(m.attachments ?? [])],
      );
      return row.id;
    },
    async get(id: string): Promise<OutboxMessage | undefined> {
      const rows = await db.query(`${select} WHERE m.id = $1`, [id]);
      return rows[0] ? camelRow<OutboxMessage>(rows[0]) : undefined;
    },
    /**
     * Counts an attempt and takes the message for `leaseSeconds`; answers it only while it waits to be
     * delivered and no other attempt holds it (a worker that died mid-send holds it until its lease ends).
     */
    async startAttempt(
      id: string,
      leaseSeconds: number,
    ): Promise<(OutboxMessage & { attachments: MailAttachment[] }) | undefined> {
      const rows = await db.query(
        `UPDATE mail_outbox m SET attempts = attempts + 1, version = version + 1, updated_at = now(),
                status = 'sending', lease_until = now() + make_interval(secs => $2)
          WHERE id = $1 AND (status = 'queued' OR (status = 'sending' AND lease_until < now()))
          RETURNING m.id, m.to_address AS "to", m.subject, m.text, m.html, m.status, m.attempts, m.error,
                    m.version, m.created_at, m.updated_at, m.sent_at, m.attachments`,
        [id, leaseSeconds],
      );
      return rows[0] ? camelRow<OutboxMessage & { attachments: MailAttachment[] }>(rows[0]) : undefined;
    },
    /** Seconds until the lease of a delivery in progress ends; null when none is in progress. */
    async leaseLeft(id: string): Promise<number | null> {
      const rows = await db.query<{ left: number }>(
        `SELECT greatest(0, ceil(extract(epoch FROM lease_until - now())))::int AS left
           FROM mail_outbox WHERE id = $1 AND status = 'sending'`,
        [id],
      );
      return rows[0] ? rows[0].left : null;
    },
    async finish(id: string, status: MailStatus, error: string | null) {
      await db.query(
        `UPDATE mail_outbox SET status = $2, error = $3, version = version + 1, updated_at = now(), lease_until = NULL,
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
