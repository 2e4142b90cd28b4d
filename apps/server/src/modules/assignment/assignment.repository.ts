import type { AssignmentRule, AssignmentTarget } from '@leadline/contract';
import { crmRoles } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { createRuleStore, type RuleTable } from '../../lib/rule-store';
import { iso, jsonValue as json } from '../../lib/sql';

export type AssignmentRuleValues = Pick<
  AssignmentRule,
  'name' | 'position' | 'condition' | 'target' | 'active'
>;

/** Assignment rules are tried by position: the first whose condition holds gives a lead its owner. */
export const assignmentRules: RuleTable<AssignmentRule, AssignmentRuleValues> = {
  table: 'assignment_rules',
  what: 'assignment rule',
  columns: [
    { key: 'name', column: 'name' },
    { key: 'position', column: 'position' },
    { key: 'condition', column: 'condition', json: true },
    { key: 'target', column: 'target', json: true },
    { key: 'active', column: 'active' },
  ],
  map: (r) => ({
    id: String(r.id),
    name: String(r.name),
    position: Number(r.position),
    condition: json(r.condition),
    target: json(r.target) as AssignmentTarget,
    active: Boolean(r.active),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  }),
  activeOrder: 'r.position, r.id',
  sortColumns: {
    position: { sql: 'r.position', cast: 'int' },
    name: { sql: 'r.name', cast: 'text' },
  },
  defaultSort: 'position',
};

export interface Member {
  id: string;
  name: string;
  active: boolean;
  away: boolean;
  /** May own leads: a person with a CRM role. */
  crm: boolean;
}

export function createAssignmentRepository(db: Queryable) {
  return {
    ...createRuleStore(db, assignmentRules),
    async unitExists(id: string) {
      return (await db.query('SELECT 1 FROM units WHERE id = $1', [id])).length > 0;
    },
    async unitActive(id: string) {
      return (await db.query('SELECT 1 FROM units WHERE id = $1 AND active', [id])).length > 0;
    },
    async user(id: string): Promise<Member | undefined> {
      const [u] = await db.query<{ id: string; name: string; active: boolean; away: boolean; crm: boolean }>(
        `SELECT id, name, active, away, (NOT is_integration AND roles && $2::text[]) AS crm FROM users WHERE id = $1`,
        [id, crmRoles],
      );
      return u;
    },
    /** The unit's members, in id order, with what decides whether round-robin may pick them. */
    async members(unitId: string): Promise<Member[]> {
      return db.query<Member>(
        `SELECT u.id, u.name, u.active, u.away, (NOT u.is_integration AND u.roles && $2::text[]) AS crm
           FROM unit_members m JOIN users u ON u.id = m.user_id WHERE m.unit_id = $1 ORDER BY u.id`,
        [unitId, crmRoles],
      );
    },
    /** Takes the rule's turn: concurrent assignments by the same rule wait here, one after the other. */
    async lockTurn(ruleId: string) {
      await db.query('INSERT INTO round_robin_turns (rule_id) VALUES ($1) ON CONFLICT DO NOTHING', [ruleId]);
      await db.query('SELECT turns FROM round_robin_turns WHERE rule_id = $1 FOR UPDATE', [ruleId]);
    },
    /** Leads each member got from the rule: in all, and today. */
    async counts(ruleId: string) {
      const rows = await db.query<{ user_id: string; total: string | number; today: number }>(
        `SELECT user_id, total, CASE WHEN day = current_date THEN day_total ELSE 0 END AS today
           FROM round_robin_counts WHERE rule_id = $1`,
        [ruleId],
      );
      return new Map(rows.map((r) => [r.user_id, { total: Number(r.total), today: Number(r.today) }]));
    },
    /** Members the rule meets for the first time start with `total` leads and none today. */
    async startCounts(ruleId: string, userIds: string[], total: number) {
      await db.query(
        `INSERT INTO round_robin_counts (rule_id, user_id, total, day, day_total)
         SELECT $1, u, $3, current_date, 0 FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING`,
        [ruleId, userIds, total],
      );
    },
    async countOne(ruleId: string, userId: string, newTotal: number) {
      await db.query(
        `INSERT INTO round_robin_counts AS c (rule_id, user_id, total, day, day_total)
         VALUES ($1, $2, $3, current_date, 1)
         ON CONFLICT (rule_id, user_id) DO UPDATE SET total = $3,
           day_total = CASE WHEN c.day = current_date THEN c.day_total + 1 ELSE 1 END, day = current_date`,
        [ruleId, userId, newTotal],
      );
      await db.query('UPDATE round_robin_turns SET turns = turns + 1 WHERE rule_id = $1', [ruleId]);
    },
  };
}
