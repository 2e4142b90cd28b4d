import type { ScoreReason, ScoringRule, ScoringRun } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetCondition, orderBy, type SortColumn, type SortTerm } from '../../lib/keyset';
import { iso } from '../../lib/sql';

export const scoringRuleSortColumns: Record<string, SortColumn> = {
  name: { sql: 'r.name', cast: 'text' },
};

const select = `SELECT r.id, r.name, r.condition, r.points, r.decay_days, r.active, r.created_at, r.updated_at,
    r.version FROM scoring_rules r`;

const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

function mapRule(r: Record<string, unknown>): ScoringRule {
  return {
    id: String(r.id),
    name: String(r.name),
    condition: json(r.condition),
    points: Number(r.points),
    decayDays: r.decay_days == null ? null : Number(r.decay_days),
    active: Boolean(r.active),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  };
}

function mapRun(r: Record<string, unknown>): ScoringRun {
  return {
    id: String(r.id),
    state: r.state as ScoringRun['state'],
    total: Number(r.total),
    processed: Number(r.processed),
    createdAt: iso(r.created_at as Date)!,
    finishedAt: iso(r.finished_at as Date | null),
  };
}

export type ScoringRuleValues = Pick<ScoringRule, 'name' | 'condition' | 'points' | 'decayDays' | 'active'>;

export function createScoringRepository(db: Queryable) {
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
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scoring_rules'))[0].n;
    },
    /** The active rules, kept between requests (the service empties the memo when a rule changes). */
    async active() {
      return db.memo.get('scoring-rules:active', async () =>
        (await db.query(`${select} WHERE r.active ORDER BY r.name, r.id`)).map(mapRule),
      );
    },
    async get(id: string, forUpdate = false) {
      const rows = await db.query(`${select} WHERE r.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
      return rows[0] ? mapRule(rows[0]) : undefined;
    },
    async insert(v: ScoringRuleValues) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO scoring_rules (name, condition, points, decay_days, active)
         VALUES ($1, $2::jsonb, $3, $4, $5) RETURNING id`,
        [v.name, JSON.stringify(v.condition), v.points, v.decayDays, v.active],
      );
      return (await this.get(row.id))!;
    },
    async update(id: string, v: ScoringRuleValues) {
      await db.query(
        `UPDATE scoring_rules SET name = $2, condition = $3::jsonb, points = $4, decay_days = $5, active = $6,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, v.name, JSON.stringify(v.condition), v.points, v.decayDays, v.active],
      );
      return (await this.get(id))!;
    },
    async remove(id: string) {
      await db.query('DELETE FROM scoring_rules WHERE id = $1', [id]);
    },
    async nameTaken(name: string, exceptId: string | null) {
      const rows = await db.query(
        'SELECT 1 FROM scoring_rules WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid',
        [name, exceptId],
      );
      return rows.length > 0;
    },

    /** Stores a lead's score; the lead's version and update time stay (nobody edited the lead). */
    async writeScore(leadId: string, score: number, reasons: ScoreReason[]) {
      await db.query(
        `UPDATE leads SET computed_score = $2, score_reasons = $3::jsonb
          WHERE id = $1 AND (computed_score <> $2 OR score_reasons <> $3::jsonb)`,
        [leadId, score, JSON.stringify(reasons)],
      );
    },

    /** The next open, unmerged leads after `afterId`, in id order. */
    async openLeadIds(afterId: string | null, limit: number) {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM leads WHERE phase IN ('new', 'in_progress') AND merged_into_id IS NULL
            AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
        [afterId, limit],
      );
      return rows.map((r) => r.id);
    },
    async countOpenLeads() {
      return (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM leads WHERE phase IN ('new', 'in_progress') AND merged_into_id IS NULL`,
        )
      )[0].n;
    },

    async createRun(reason: string) {
      const [row] = await db.query('INSERT INTO scoring_runs (reason) VALUES ($1) RETURNING *', [reason]);
      return mapRun(row);
    },
    async run(id: string) {
      const [row] = await db.query('SELECT * FROM scoring_runs WHERE id = $1', [id]);
      return row ? mapRun(row) : undefined;
    },
    async latestRun() {
      const [row] = await db.query('SELECT * FROM scoring_runs ORDER BY created_at DESC, id DESC LIMIT 1');
      return row ? mapRun(row) : undefined;
    },
    async setRun(id: string, set: { state?: ScoringRun['state']; total?: number; processed?: number }) {
      await db.query(
        `UPDATE scoring_runs SET state = coalesce($2, state), total = coalesce($3, total),
                processed = coalesce($4, processed),
                finished_at = CASE WHEN $2 IN ('done', 'failed') THEN now() ELSE finished_at END
          WHERE id = $1`,
        [id, set.state ?? null, set.total ?? null, set.processed ?? null],
      );
    },
  };
}
