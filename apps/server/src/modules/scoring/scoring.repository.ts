import type { ScoreReason, ScoringRule, ScoringRun } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { createRuleStore, type RuleTable } from '../../lib/rule-store';
import { iso, jsonValue as json } from '../../lib/sql';

export type ScoringRuleValues = Pick<ScoringRule, 'name' | 'condition' | 'points' | 'decayDays' | 'active'>;

/** Scoring rules: every active rule whose condition holds adds its points, applied in name order. */
export const scoringRules: RuleTable<ScoringRule, ScoringRuleValues> = {
  table: 'scoring_rules',
  what: 'scoring rule',
  columns: [
    { key: 'name', column: 'name' },
    { key: 'condition', column: 'condition', json: true },
    { key: 'points', column: 'points' },
    { key: 'decayDays', column: 'decay_days' },
    { key: 'active', column: 'active' },
  ],
  map: (r) => ({
    id: String(r.id),
    name: String(r.name),
    condition: json(r.condition),
    points: Number(r.points),
    decayDays: r.decay_days == null ? null : Number(r.decay_days),
    active: Boolean(r.active),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  }),
  activeOrder: 'r.name, r.id',
  sortColumns: { name: { sql: 'r.name', cast: 'text' } },
  defaultSort: 'name',
};

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

export function createScoringRepository(db: Queryable) {
  return {
    ...createRuleStore(db, scoringRules),

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
