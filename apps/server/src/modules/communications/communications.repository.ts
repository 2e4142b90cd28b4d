import type { Channel, LeadMessage, Template } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetCondition, orderBy, type SortColumn, type SortTerm } from '../../lib/keyset';
import { iso } from '../../lib/sql';

export const templateSortColumns: Record<string, SortColumn> = {
  name: { sql: 't.name', cast: 'text' },
  createdAt: { sql: 't.created_at', cast: 'timestamptz' },
};

const templateSelect = `SELECT t.id, t.name, t.channel, t.subject, t.body, t.created_at, t.updated_at, t.version
  FROM message_templates t`;

function mapTemplate(r: Record<string, unknown>): Template {
  return {
    id: String(r.id),
    name: String(r.name),
    channel: r.channel as Channel,
    subject: (r.subject as string | null) ?? null,
    body: String(r.body),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  };
}

/**
 * A message's state: an e-mail's is its outbox row's (kept in the built-in outbox counts as sent, a
 * delivery in progress as queued); an SMS keeps its own.
 */
const messageSelect = `SELECT lm.id, lm.lead_id, lm.channel, lm.template_id, lm.to_addresses, lm.subject, lm.text,
    lm.html, lm.segments, lm.created_by_id, lm.created_at,
    CASE WHEN m.id IS NULL THEN (CASE WHEN lm.status = 'sending' THEN 'queued' ELSE lm.status END)
         WHEN m.status IN ('sent', 'stored') THEN 'sent'
         WHEN m.status = 'failed' THEN 'failed' ELSE 'queued' END AS state,
    coalesce(m.error, lm.error) AS error, coalesce(m.attempts, lm.attempts) AS attempts,
    coalesce(m.sent_at, CASE WHEN m.status = 'stored' THEN m.updated_at END, lm.sent_at) AS sent_at
  FROM lead_messages lm LEFT JOIN mail_outbox m ON m.id = lm.mail_id`;

function mapMessage(r: Record<string, unknown>): LeadMessage {
  return {
    id: String(r.id),
    leadId: String(r.lead_id),
    channel: r.channel as Channel,
    templateId: (r.template_id as string | null) ?? null,
    to: r.to_addresses as string[],
    subject: (r.subject as string | null) ?? null,
    text: String(r.text),
    html: (r.html as string | null) ?? null,
    segments: r.segments == null ? null : Number(r.segments),
    state: r.state as LeadMessage['state'],
    error: (r.error as string | null) ?? null,
    attempts: Number(r.attempts),
    createdById: (r.created_by_id as string | null) ?? null,
    createdAt: iso(r.created_at as Date)!,
    sentAt: iso(r.sent_at as Date | null),
  };
}

export function createCommunicationsRepository(db: Queryable) {
  return {
    async listTemplates(terms: SortTerm[], after: unknown[] | null, limit: number) {
      const params: unknown[] = [];
      const where = after ? `WHERE ${keysetCondition(terms, after as never, params)}` : '';
      params.push(limit + 1);
      const rows = await db.query(
        `${templateSelect} ${where} ORDER BY ${orderBy(terms)} LIMIT $${params.length}`,
        params,
      );
      return rows.map(mapTemplate);
    },
    async countTemplates() {
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM message_templates'))[0].n;
    },
    async getTemplate(id: string, forUpdate = false): Promise<Template | undefined> {
      const rows = await db.query(`${templateSelect} WHERE t.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? mapTemplate(rows[0]) : undefined;
    },
    async insertTemplate(v: { name: string; channel: Channel; subject: string | null; body: string }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO message_templates (name, channel, subject, body) VALUES ($1, $2, $3, $4) RETURNING id`,
        [v.name, v.channel, v.subject, v.body],
      );
      return (await this.getTemplate(row.id))!;
    },
    async updateTemplate(
      id: string,
      v: { name: string; channel: Channel; subject: string | null; body: string },
    ) {
      await db.query(
        `UPDATE message_templates SET name = $2, channel = $3, subject = $4, body = $5, version = version + 1,
                updated_at = now() WHERE id = $1`,
        [id, v.name, v.channel, v.subject, v.body],
      );
      return (await this.getTemplate(id))!;
    },
    async deleteTemplate(id: string) {
      await db.query('DELETE FROM message_templates WHERE id = $1', [id]);
    },

    /** What a template may print about a lead: its status name and its owner. */
    async leadExtras(statusId: string, ownerId: string | null) {
      const [row] = await db.query<{
        status_name: string | null;
        owner_name: string | null;
        owner_email: string | null;
      }>(
        `SELECT (SELECT name FROM lead_statuses WHERE id = $1) AS status_name,
                u.name AS owner_name, u.email AS owner_email
           FROM (SELECT 1) one LEFT JOIN users u ON u.id = $2`,
        [statusId, ownerId],
      );
      return row;
    },

    async insertMessage(m: {
      leadId: string;
      channel: Channel;
      templateId: string | null;
      to: string[];
      subject: string | null;
      text: string;
      html: string | null;
      segments: number | null;
      mailId: string | null;
      createdById: string | null;
    }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO lead_messages (lead_id, channel, template_id, to_addresses, subject, text, html, segments, mail_id,
                                    created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          m.leadId,
          m.channel,
          m.templateId,
          m.to,
          m.subject,
          m.text,
          m.html,
          m.segments,
          m.mailId,
          m.createdById,
        ],
      );
      return row.id;
    },
    /** Takes an SMS for one attempt (see SmsSender.deliver): its first phone and its text. */
    async claimSms(id: string, leaseSeconds: number) {
      const rows = await db.query<{ to: string; text: string; attempts: number }>(
        `UPDATE lead_messages SET status = 'sending', attempts = attempts + 1,
                lease_until = now() + make_interval(secs => $2)
          WHERE id = $1 AND channel = 'sms' AND (status = 'queued' OR (status = 'sending' AND lease_until < now()))
          RETURNING to_addresses[1] AS to, text, attempts`,
        [id, leaseSeconds],
      );
      return rows[0];
    },
    async smsLeaseLeft(id: string): Promise<number | null> {
      const rows = await db.query<{ left: number }>(
        `SELECT greatest(0, ceil(extract(epoch FROM lease_until - now())))::int AS left
           FROM lead_messages WHERE id = $1 AND status = 'sending'`,
        [id],
      );
      return rows[0] ? rows[0].left : null;
    },
    async finishSms(id: string, status: 'sent' | 'queued' | 'failed', error: string | null) {
      await db.query(
        `UPDATE lead_messages SET status = $2, error = $3, lease_until = NULL,
                sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
          WHERE id = $1`,
        [id, status, error],
      );
    },
    async getMessage(id: string) {
      const rows = await db.query(`${messageSelect} WHERE lm.id = $1`, [id]);
      return rows[0] ? mapMessage(rows[0]) : undefined;
    },
    async listMessages(leadId: string, after: [string, string] | null, limit: number) {
      const params: unknown[] = [leadId];
      let cond = '';
      if (after) {
        params.push(after[0], after[1]);
        cond = 'AND (lm.created_at, lm.id) < ($2::timestamptz, $3::uuid)';
      }
      params.push(limit + 1);
      const rows = await db.query(
        `${messageSelect} WHERE lm.lead_id = $1 ${cond} ORDER BY lm.created_at DESC, lm.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(mapMessage);
    },
  };
}
