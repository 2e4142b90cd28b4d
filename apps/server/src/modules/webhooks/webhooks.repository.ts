import type { Webhook, WebhookDelivery, WebhookEvent } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { iso } from '../../lib/sql';

const select = `SELECT w.id, w.url, w.events, w.active, w.disabled_reason, w.failing_since, w.created_at,
    w.updated_at, w.version FROM webhooks w`;

function mapWebhook(r: Record<string, unknown>): Webhook {
  return {
    id: String(r.id),
    url: String(r.url),
    events: r.events as WebhookEvent[],
    active: Boolean(r.active),
    disabledReason: (r.disabled_reason as string | null) ?? null,
    failingSince: iso(r.failing_since as Date | null),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  };
}

const deliverySelect = `SELECT d.id, d.webhook_id, d.event, d.status, d.attempts, d.next_attempt_at, d.response_status,
    d.duration_ms, d.response_excerpt, d.error, d.created_at, d.updated_at FROM webhook_deliveries d`;

function mapDelivery(r: Record<string, unknown>): WebhookDelivery {
  return {
    id: String(r.id),
    webhookId: String(r.webhook_id),
    event: r.event as WebhookEvent,
    status: r.status as WebhookDelivery['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at as Date | null),
    responseStatus: r.response_status == null ? null : Number(r.response_status),
    durationMs: r.duration_ms == null ? null : Number(r.duration_ms),
    responseExcerpt: (r.response_excerpt as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
  };
}

export function createWebhooksRepository(db: Queryable) {
  return {
    async list(after: string | null, limit: number) {
      const rows = await db.query(
        `${select} WHERE ($1::uuid IS NULL OR w.id > $1::uuid) ORDER BY w.id LIMIT $2`,
        [after, limit + 1],
      );
      return rows.map(mapWebhook);
    },
    async get(id: string, forUpdate = false) {
      const rows = await db.query(`${select} WHERE w.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? mapWebhook(rows[0]) : undefined;
    },
    async insert(v: { url: string; events: string[]; active: boolean; secret: string }) {
      const [row] = await db.query<{ id: string }>(
        'INSERT INTO webhooks (url, events, active, secret) VALUES ($1, $2, $3, $4) RETURNING id',
        [v.url, v.events, v.active, v.secret],
      );
      return (await this.get(row.id))!;
    },
    async update(id: string, v: { url: string; events: string[]; active: boolean }) {
      // Switching an endpoint back on gives it a fresh start.
      await db.query(
        `UPDATE webhooks SET url = $2, events = $3,
                failing_since = CASE WHEN $4 AND NOT active THEN NULL ELSE failing_since END,
                disabled_reason = CASE WHEN $4 THEN NULL ELSE disabled_reason END,
                active = $4, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, v.url, v.events, v.active],
      );
      return (await this.get(id))!;
    },
    async remove(id: string) {
      await db.query('DELETE FROM webhooks WHERE id = $1', [id]);
    },

    /** Writes one delivery per active webhook subscribed to the event; answers their ids. */
    async enqueue(event: WebhookEvent, payload: unknown): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `INSERT INTO webhook_deliveries (webhook_id, event, payload)
         SELECT w.id, $1, $2::jsonb FROM webhooks w WHERE w.active AND $1 = ANY (w.events)
         RETURNING id`,
        [event, JSON.stringify(payload)],
      );
      return rows.map((r) => r.id);
    },
    async anySubscribed(): Promise<string[]> {
      const rows = await db.query<{ event: string }>(
        'SELECT DISTINCT unnest(events) AS event FROM webhooks WHERE active',
      );
      return rows.map((r) => r.event);
    },

    async deliveries(webhookId: string, after: [string, string] | null, limit: number) {
      const params: unknown[] = [webhookId];
      let cond = '';
      if (after) {
        params.push(after[0], after[1]);
        cond = 'AND (d.created_at, d.id) < ($2::timestamptz, $3::uuid)';
      }
      params.push(limit + 1);
      const rows = await db.query(
        `${deliverySelect} WHERE d.webhook_id = $1 ${cond} ORDER BY d.created_at DESC, d.id DESC
          LIMIT $${params.length}`,
        params,
      );
      return rows.map(mapDelivery);
    },
    async delivery(id: string) {
      const rows = await db.query(`${deliverySelect} WHERE d.id = $1`, [id]);
      return rows[0] ? mapDelivery(rows[0]) : undefined;
    },

    /** Takes a pending delivery for one attempt: its payload and its endpoint. */
    async claim(id: string, leaseSeconds: number) {
      const rows = await db.query<{
        id: string;
        event: string;
        payload: unknown;
        attempts: number;
        created_at: Date;
        url: string;
        secret: string;
        active: boolean;
        webhook_id: string;
      }>(
        `UPDATE webhook_deliveries d SET status = 'delivering', attempts = d.attempts + 1,
                lease_until = now() + make_interval(secs => $2), updated_at = now()
           FROM webhooks w
          WHERE d.id = $1 AND w.id = d.webhook_id
            AND (d.status = 'pending' OR (d.status = 'delivering' AND d.lease_until < now()))
          RETURNING d.id, d.event, d.payload, d.attempts, d.created_at, w.url, w.secret, w.active, w.id AS webhook_id`,
        [id, leaseSeconds],
      );
      return rows[0];
    },
    async finish(
      id: string,
      r: {
        status: 'pending' | 'succeeded' | 'failed';
        nextAttemptAt: Date | null;
        responseStatus: number | null;
        durationMs: number | null;
        responseExcerpt: string | null;
        error: string | null;
      },
    ) {
      await db.query(
        `UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, response_status = $4, duration_ms = $5,
                response_excerpt = $6, error = $7, lease_until = NULL, updated_at = now() WHERE id = $1`,
        [id, r.status, r.nextAttemptAt, r.responseStatus, r.durationMs, r.responseExcerpt, r.error],
      );
    },
    /** Sends a delivery again: pending once more, with its history of attempts. */
    async reopen(id: string) {
      const rows = await db.query<{ id: string }>(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now()
          WHERE id = $1 AND status <> 'delivering' RETURNING id`,
        [id],
      );
      return rows.length > 0;
    },
    async succeeded(webhookId: string) {
      await db.query('UPDATE webhooks SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [
        webhookId,
      ]);
    },
    /**
     * Records a failure; disables the endpoint when it has failed for `disableAfterSeconds`. Answers
     * true when this failure disabled it.
     */
    async failed(webhookId: string, disableAfterSeconds: number, reason: string): Promise<boolean> {
      await db.query('UPDATE webhooks SET failing_since = now() WHERE id = $1 AND failing_since IS NULL', [
        webhookId,
      ]);
      const rows = await db.query<{ id: string }>(
        `UPDATE webhooks SET active = false, disabled_reason = $3, version = version + 1, updated_at = now()
          WHERE id = $1 AND active AND failing_since < now() - make_interval(secs => $2) RETURNING id`,
        [webhookId, disableAfterSeconds, reason],
      );
      return rows.length > 0;
    },
    async adminEmails(): Promise<string[]> {
      const rows = await db.query<{ email: string }>(
        `SELECT email FROM users WHERE active AND email IS NOT NULL AND 'crm_admin' = ANY (roles) ORDER BY email`,
      );
      return rows.map((r) => r.email);
    },
  };
}
