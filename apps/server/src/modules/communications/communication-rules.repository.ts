import type { CommunicationRule, Phase } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetCondition, orderBy, type SortColumn, type SortTerm } from '../../lib/keyset';
import { iso } from '../../lib/sql';

export const ruleSortColumns: Record<string, SortColumn> = {
  name: { sql: 'r.name', cast: 'text' },
};

const select = `SELECT r.id, r.name, r.event, r.status_id, r.phase, r.template_id, r.recipient, r.active,
    r.created_at, r.updated_at, r.version FROM communication_rules r`;

function mapRule(r: Record<string, unknown>): CommunicationRule {
  return {
    id: String(r.id),
    name: String(r.name),
    event: r.event as CommunicationRule['event'],
    statusId: (r.status_id as string | null) ?? null,
    phase: (r.phase as Phase | null) ?? null,
    templateId: String(r.template_id),
    recipient: r.recipient as CommunicationRule['recipient'],
    active: Boolean(r.active),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  };
}

type RuleValues = Omit<CommunicationRule, 'id' | 'createdAt' | 'updatedAt' | 'version'>;

export function createCommunicationRulesRepository(db: Queryable) {
  return {
    async list(terms: SortTerm[], after: unknown[] | null, limit: number) {
      const params: unknown[] = [];
      const where = after ? `WHERE ${keysetCondition(terms, after as never, params)}` : '';
      params.push(limit + 1);
      return (
        await db.query(`${select} ${where} ORDER BY ${orderBy(terms)} LIMIT $${params.length}`, params)
      ).map(mapRule);
    },
    async count() {
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM communication_rules'))[0].n;
    },
    async active() {
      return (await db.query(`${select} WHERE r.active ORDER BY r.name, r.id`)).map(mapRule);
    },
    async get(id: string, forUpdate = false) {
      const rows = await db.query(`${select} WHERE r.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? mapRule(rows[0]) : undefined;
    },
    async insert(v: RuleValues) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO communication_rules (name, event, status_id, phase, template_id, recipient, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [v.name, v.event, v.statusId, v.phase, v.templateId, v.recipient, v.active],
      );
      return (await this.get(row.id))!;
    },
    async update(id: string, v: RuleValues) {
      await db.query(
        `UPDATE communication_rules SET name = $2, event = $3, status_id = $4, phase = $5, template_id = $6,
                recipient = $7, active = $8, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, v.name, v.event, v.statusId, v.phase, v.templateId, v.recipient, v.active],
      );
      return (await this.get(id))!;
    },
    async remove(id: string) {
      await db.query('DELETE FROM communication_rules WHERE id = $1', [id]);
    },
    async statusExists(id: string) {
      return (await db.query('SELECT 1 FROM lead_statuses WHERE id = $1', [id])).length > 0;
    },
    async log(entry: {
      ruleId: string;
      leadId: string;
      messageId: string | null;
      outcome: 'sent' | 'skipped';
      reason: string | null;
    }) {
      await db.query(
        `INSERT INTO communication_rule_log (rule_id, lead_id, message_id, outcome, reason) VALUES ($1, $2, $3, $4, $5)`,
        [entry.ruleId, entry.leadId, entry.messageId, entry.outcome, entry.reason],
      );
    },
    async logOf(ruleId: string, after: [string, string] | null, limit: number) {
      const params: unknown[] = [ruleId];
      let cond = '';
      if (after) {
        params.push(after[0], after[1]);
        cond = 'AND (g.created_at, g.id) < ($2::timestamptz, $3::uuid)';
      }
      params.push(limit + 1);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT g.id, g.rule_id, g.lead_id, g.message_id, g.outcome, g.reason, g.created_at
           FROM communication_rule_log g WHERE g.rule_id = $1 ${cond}
          ORDER BY g.created_at DESC, g.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: String(r.id),
        ruleId: String(r.rule_id),
        leadId: String(r.lead_id),
        messageId: (r.message_id as string | null) ?? null,
        outcome: r.outcome as 'sent' | 'skipped',
        reason: (r.reason as string | null) ?? null,
        createdAt: iso(r.created_at as Date)!,
      }));
    },
    /** E-mail addresses of the lead's owner, or of its unit's active members. */
    /** Open, active leads past their expected completion date that this rule has not been fired for since. */
    async overdueLeadsFor(ruleId: string, limit: number) {
      const rows = await db.query<{ id: string }>(
        `SELECT l.id FROM leads l
          WHERE l.phase IN ('new', 'in_progress') AND l.active AND l.merged_into_id IS NULL
            AND l.expected_completion_date < current_date
            AND NOT EXISTS (SELECT 1 FROM communication_rule_log g
                             WHERE g.rule_id = $1 AND g.lead_id = l.id
                               AND g.created_at >= l.expected_completion_date + 1)
          ORDER BY l.id LIMIT $2`,
        [ruleId, limit],
      );
      return rows.map((r) => r.id);
    },
    async staffEmails(recipient: 'owner' | 'unit', lead: { ownerId: string | null; unitId: string | null }) {
      const rows =
        recipient === 'owner'
          ? await db.query<{ email: string }>(
              'SELECT email FROM users WHERE id = $1 AND active AND email IS NOT NULL',
              [lead.ownerId],
            )
          : await db.query<{ email: string }>(
              `SELECT u.email FROM unit_members m JOIN users u ON u.id = m.user_id
                WHERE m.unit_id = $1 AND u.active AND u.email IS NOT NULL ORDER BY u.email`,
              [lead.unitId],
            );
      return rows.map((r) => r.email);
    },
  };
}
