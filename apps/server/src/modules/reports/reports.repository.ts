import type { Phase, ReportQuery } from '@leadline/contract';
import { createAggregateFolds } from '../../db/aggregate-folds';
import type { Queryable } from '../../db/client';
import type { LeadScope } from '../access/lead-policy';
import { reportWhere } from './report-filters';

/** A status or phase change (the events the lead_events_pipeline_idx index covers). */
const pipelineEvent = (alias: string, field: 'statusId' | 'phase') =>
  `${alias}.kind = 'changed' AND ${alias}.field = '${field}'`;

/** The last phase change of the lead: a lead reopened and closed again counts once, when it last closed. */
const lastPhaseChange = `NOT EXISTS (SELECT 1 FROM lead_events n
  WHERE n.lead_id = e.lead_id AND ${pipelineEvent('n', 'phase')} AND n.at > e.at)`;

/**
 * Whether a report may be read from the per-day counts (migration 0810): they hold every lead, by day
 * of creation, source, campaign, status and phase, but no owner or unit, so they serve a user who sees
 * every lead and filters by neither; anyone else's report reads the leads through their indexes.
 */
const fromDayCounts = (scope: LeadScope, query: ReportQuery) =>
  scope.kind === 'all' && !query.ownerId && !query.unitId;

/**
 * Whether a report may be read from the per-day facts and owner counts (migration 0820): they hold every
 * lead with its owner but not its unit, so they serve a user who sees every lead and filters by no unit
 * (and, for the history's figures, by no owner); anyone else's report reads the leads and their history.
 */
const fromDayFacts = (scope: LeadScope, query: ReportQuery, byOwner: boolean) =>
  scope.kind === 'all' && !query.unitId && (byOwner || !query.ownerId);

const TABLES = {
  counts: 'report_day_count',
  open_amounts: 'report_day_open_amount',
  facts: 'report_day_fact',
  owners: 'report_day_owner_count',
} as const;

/** The folded day counts and the changes not folded yet, filtered by the report's dates and source. */
function dayCounts(table: keyof typeof TABLES, query: ReportQuery, params: unknown[]) {
  const arg = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['TRUE'];
  if (query.from) where.push(`day >= ${arg(query.from)}::date`);
  if (query.to) where.push(`day <= ${arg(query.to)}::date`);
  if (query.sourceId && table !== 'open_amounts') where.push(`source_id = ${arg(query.sourceId)}::uuid`);
  if (query.ownerId && table === 'owners') where.push(`owner_id = ${arg(query.ownerId)}::uuid`);
  const name = TABLES[table];
  return `(SELECT * FROM ${name}s WHERE ${where.join(' AND ')}
           UNION ALL SELECT * FROM ${name}_changes WHERE ${where.join(' AND ')}) c`;
}

/**
 * Every report's figures, each one aggregated by the database in a single statement or two.
 * `aggregates: false` reads the leads and their history even where the per-day figures would serve (the
 * benchmark's baseline).
 */
export function createReportsRepository(db: Queryable, opts: { aggregates?: boolean } = {}) {
  const agg = opts.aggregates !== false;
  const folds = createAggregateFolds(db);
  const fold = folds.nowAndThen;

  return {
    fold: folds.now,

    async funnel(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      if (agg && fromDayCounts(scope, query)) {
        await fold();
        return db.query<{ status_id: string; phase: Phase; n: number }>(
          `SELECT status_id, phase, sum(n)::int AS n FROM ${dayCounts('counts', query, params)}
            GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
          params,
        );
      }
      const where = reportWhere(scope, query, 'l.created_at', params);
      return db.query<{ status_id: string; phase: Phase; n: number }>(
        `SELECT l.status_id, l.phase, count(*)::int AS n FROM leads l WHERE ${where}
          GROUP BY l.status_id, l.phase ORDER BY 1, 2`,
        params,
      );
    },

    async created(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      if (agg && fromDayCounts(scope, query)) {
        await fold();
        return db.query<{ week: string; source_id: string; n: number }>(
          `SELECT date_trunc('week', day)::date::text AS week, source_id, sum(n)::int AS n
             FROM ${dayCounts('counts', query, params)}
            GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
          params,
        );
      }
      const where = reportWhere(scope, query, 'l.created_at', params);
      return db.query<{ week: string; source_id: string; n: number }>(
        `SELECT date_trunc('week', l.created_at)::date::text AS week, l.source_id, count(*)::int AS n
           FROM leads l WHERE ${where}
          GROUP BY 1, 2 ORDER BY 1, 2`,
        params,
      );
    },

    /** Closed leads by the month of their last phase change, and the codes of the lost ones among them. */
    async outcomes(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      if (agg && fromDayFacts(scope, query, false)) {
        await fold();
        const facts = `${dayCounts('facts', query, params)} WHERE kind = 'closed'`;
        const months = await db.query<{ month: string; won: number; lost: number; dropped: number }>(
          `SELECT to_char(date_trunc('month', day), 'YYYY-MM') AS month,
                  coalesce(sum(n) FILTER (WHERE key = 'won'), 0)::int AS won,
                  coalesce(sum(n) FILTER (WHERE key = 'lost'), 0)::int AS lost,
                  coalesce(sum(n) FILTER (WHERE key = 'dropped'), 0)::int AS dropped
             FROM ${facts} GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`,
          params,
        );
        const codes = await db.query<{ code_id: string; n: number }>(
          `SELECT code_id, sum(n)::int AS n FROM ${facts} AND code_id IS NOT NULL
            GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 2 DESC, 1 LIMIT 10`,
          params,
        );
        return { months, codes };
      }
      const where = reportWhere(scope, query, 'e.at', params);
      const closed = `FROM lead_events e JOIN leads l ON l.id = e.lead_id
        WHERE ${pipelineEvent('e', 'phase')} AND l.phase IN ('won', 'lost', 'dropped')
          AND e.new_value #>> '{}' = l.phase AND ${lastPhaseChange} AND ${where}`;
      const months = await db.query<{ month: string; won: number; lost: number; dropped: number }>(
        `SELECT to_char(date_trunc('month', e.at), 'YYYY-MM') AS month,
                count(*) FILTER (WHERE l.phase = 'won')::int AS won,
                count(*) FILTER (WHERE l.phase = 'lost')::int AS lost,
                count(*) FILTER (WHERE l.phase = 'dropped')::int AS dropped
           ${closed} GROUP BY 1 ORDER BY 1`,
        params,
      );
      const codes = await db.query<{ code_id: string; n: number }>(
        `SELECT l.disqualification_code_id AS code_id, count(*)::int AS n
           ${closed} AND l.disqualification_code_id IS NOT NULL
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
        params,
      );
      return { months, codes };
    },

    /**
     * A stay in a status ends with the change that leaves it and began with the change before (or the
     * lead's creation); the period selects the stays that ended in it.
     */
    async timeInStatus(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      if (agg && fromDayFacts(scope, query, false)) {
        await fold();
        const facts = dayCounts('facts', query, params);
        const statuses = await db.query<{ status_id: string; n: number; avg_s: number }>(
          `SELECT key AS status_id, sum(n)::int AS n, (sum(seconds) / sum(n))::float8 AS avg_s
             FROM ${facts} WHERE kind = 'stay' GROUP BY 1 HAVING sum(n) <> 0`,
          params,
        );
        const [qualify] = await db.query<{ n: number; avg_s: number | null }>(
          `SELECT coalesce(sum(n), 0)::int AS n, (sum(seconds) / nullif(sum(n), 0))::float8 AS avg_s
             FROM ${facts} WHERE kind = 'qualify'`,
          params,
        );
        return { statuses, qualify };
      }
      const where = reportWhere(scope, query, 'e.at', params);
      const statuses = await db.query<{ status_id: string; n: number; avg_s: number }>(
        `SELECT e.old_value #>> '{}' AS status_id, count(*)::int AS n,
                avg(extract(epoch FROM e.at - coalesce(
                  (SELECT p.at FROM lead_events p
                    WHERE p.lead_id = e.lead_id AND ${pipelineEvent('p', 'statusId')} AND p.at < e.at
                    ORDER BY p.at DESC LIMIT 1),
                  l.created_at)))::float8 AS avg_s
           FROM lead_events e JOIN leads l ON l.id = e.lead_id
          WHERE ${pipelineEvent('e', 'statusId')} AND e.old_value IS NOT NULL AND ${where}
          GROUP BY 1`,
        params,
      );
      const [qualify] = await db.query<{ n: number; avg_s: number | null }>(
        `SELECT count(*)::int AS n, avg(extract(epoch FROM e.at - l.created_at))::float8 AS avg_s
           FROM lead_events e JOIN leads l ON l.id = e.lead_id
          WHERE ${pipelineEvent('e', 'phase')} AND e.new_value #>> '{}' = 'won' AND ${where}`,
        params,
      );
      return { statuses, qualify };
    },

    async owners(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      type Row = { owner_id: string | null; open: number; overdue: number; no_next: number };
      // Overdue is counted as of the day the counts were last moved on to: today, or else the leads.
      const today =
        agg && fromDayFacts(scope, query, true)
          ? await db.query<{ moved: boolean }>('SELECT advance_report_owner_day() AS moved').then(
              () => true,
              () => false,
            )
          : false;
      if (today) {
        await fold();
        return db.query<Row>(
          `SELECT owner_id, sum(n)::int AS open, sum(overdue)::int AS overdue, sum(no_next)::int AS no_next
             FROM ${dayCounts('owners', query, params)}
            GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 2 DESC, 1 NULLS LAST`,
          params,
        );
      }
      const where = reportWhere(scope, query, 'l.created_at', params);
      return db.query<Row>(
        `SELECT l.owner_id, count(*)::int AS open,
                count(*) FILTER (WHERE l.expected_completion_date < current_date)::int AS overdue,
                count(*) FILTER (WHERE l.next_event_at IS NULL)::int AS no_next
           FROM leads l WHERE l.phase IN ('new', 'in_progress') AND ${where}
          GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST`,
        params,
      );
    },

    async sources(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      const where = reportWhere(scope, query, 'l.created_at', params);
      type Row = { source_id: string; campaign_id: string | null; n: number; won: number };
      let rows: Row[];
      if (agg && fromDayCounts(scope, query)) {
        await fold();
        const p: unknown[] = [];
        rows = await db.query<Row>(
          `SELECT source_id, campaign_id, sum(n)::int AS n,
                  coalesce(sum(n) FILTER (WHERE phase = 'won'), 0)::int AS won
             FROM ${dayCounts('counts', query, p)}
            GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2 NULLS FIRST`,
          p,
        );
      } else {
        rows = await db.query<Row>(
          `SELECT l.source_id, l.marketing_campaign_id AS campaign_id, count(*)::int AS n,
                  count(*) FILTER (WHERE l.phase = 'won')::int AS won
             FROM leads l WHERE ${where}
            GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST`,
          params,
        );
      }
      // From the won opportunities to their leads (by the lead's key): the leads are never scanned.
      const values = await db.query<{
        source_id: string;
        campaign_id: string | null;
        currency: string | null;
        total: string;
      }>(
        `SELECT l.source_id, l.marketing_campaign_id AS campaign_id,
                o.estimated_revenue_currency AS currency, sum(o.estimated_revenue)::text AS total
           FROM opportunities o JOIN leads l ON l.id = o.originating_lead_id AND l.opportunity_id = o.id
          WHERE o.stage = 'won' AND o.estimated_revenue IS NOT NULL AND ${where}
          GROUP BY 1, 2, 3`,
        params,
      );
      return { rows, values };
    },

    /** Open leads (of the period's creation) per sales direction and currency of their target amount. */
    async directions(scope: LeadScope, query: ReportQuery) {
      const params: unknown[] = [];
      type Row = { direction_id: string | null; currency: string | null; n: number; total: string | null };
      // The open amounts are counted without the source: a source filter reads the leads.
      if (agg && fromDayCounts(scope, query) && !query.sourceId) {
        await fold();
        return db.query<Row>(
          `SELECT direction_id, currency, sum(n)::int AS n,
                  CASE WHEN sum(with_amount) > 0 THEN sum(amount)::text END AS total
             FROM ${dayCounts('open_amounts', query, params)}
            GROUP BY 1, 2 HAVING sum(n) <> 0`,
          params,
        );
      }
      const where = reportWhere(scope, query, 'l.created_at', params);
      return db.query<Row>(
        `SELECT l.sales_direction_id AS direction_id, l.target_currency AS currency, count(*)::int AS n,
                sum(l.target_amount)::text AS total
           FROM leads l WHERE l.phase IN ('new', 'in_progress') AND ${where}
          GROUP BY 1, 2`,
        params,
      );
    },
  };
}
export type ReportsRepository = ReturnType<typeof createReportsRepository>;
