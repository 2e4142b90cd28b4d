import {
  phases,
  type CreatedReport,
  type DirectionsReport,
  type FunnelReport,
  type Money,
  type OutcomesReport,
  type OwnersReport,
  type ReportQuery,
  type SourcesReport,
  type TimeInStatusReport,
} from '@leadline/contract';
import type { Database } from '../../db/client';
import { forbidden } from '../../http/errors';
import { authorizeLeadList } from '../access/lead-policy';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { createReportsRepository } from './reports.repository';

/** A share in percent with one decimal; null when there is nothing to share. */
const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

/** The figures of the dashboard, over the leads the user may see. */
export function createReportsService({ db }: { db: Database }) {
  const repo = createReportsRepository(db);
  const contextOf = async (p: Principal) => {
    // The dashboards are the CRM staff's: a partner's employee sees their leads and nothing else.
    if (!isCrmUser(p)) throw forbidden('Only CRM users read the reports.');
    const ctx = await leadContextOf(db, p);
    authorizeLeadList(ctx.scope);
    return ctx;
  };

  return {
    async funnel(p: Principal, query: ReportQuery): Promise<FunnelReport> {
      const { scope } = await contextOf(p);
      const rows = await repo.funnel(scope, query);
      const byPhase = new Map<string, number>();
      const byStatus = new Map<string, number>();
      for (const r of rows) {
        byPhase.set(r.phase, (byPhase.get(r.phase) ?? 0) + r.n);
        byStatus.set(r.status_id, (byStatus.get(r.status_id) ?? 0) + r.n);
      }
      const count = (phase: string) => byPhase.get(phase) ?? 0;
      const total = rows.reduce((s, r) => s + r.n, 0);
      const pastNew = count('in_progress') + count('won') + count('lost');
      return {
        total,
        phases: phases.map((phase) => ({ phase, count: count(phase) })),
        statuses: [...byStatus].map(([statusId, n]) => ({ statusId, count: n })),
        conversion: {
          newToInProgress: percent(pastNew, total),
          inProgressToWon: percent(count('won'), pastNew),
        },
      };
    },

    async created(p: Principal, query: ReportQuery): Promise<CreatedReport> {
      const { scope } = await contextOf(p);
      const rows = await repo.created(scope, query);
      return { weeks: rows.map((r) => ({ week: r.week, sourceId: r.source_id, count: r.n })) };
    },

    async outcomes(p: Principal, query: ReportQuery): Promise<OutcomesReport> {
      const { scope } = await contextOf(p);
      const { months, codes } = await repo.outcomes(scope, query);
      return { months, topCodes: codes.map((c) => ({ codeId: c.code_id, count: c.n })) };
    },

    async timeInStatus(p: Principal, query: ReportQuery): Promise<TimeInStatusReport> {
      const { scope } = await contextOf(p);
      const { statuses, qualify } = await repo.timeInStatus(scope, query);
      return {
        statuses: statuses.map((s) => ({
          statusId: s.status_id,
          count: s.n,
          averageSeconds: Number(s.avg_s),
        })),
        timeToQualify: {
          count: qualify.n,
          averageSeconds: qualify.avg_s === null ? null : Number(qualify.avg_s),
        },
      };
    },

    async owners(p: Principal, query: ReportQuery): Promise<OwnersReport> {
      const { scope } = await contextOf(p);
      const rows = await repo.owners(scope, query);
      return {
        owners: rows.map((r) => ({
          ownerId: r.owner_id,
          open: r.open,
          overdue: r.overdue,
          noNextStep: r.no_next,
        })),
      };
    },

    async sources(p: Principal, query: ReportQuery): Promise<SourcesReport> {
      const { scope, settings } = await contextOf(p);
      const { rows, values } = await repo.sources(scope, query);
      const key = (source: string, campaign: string | null) => `${source}/${campaign ?? ''}`;
      const won = new Map<string, Money[]>();
      for (const v of values) {
        // Amounts saved without a currency were saved in the default one.
        const currency = v.currency ?? settings.defaultCurrency;
        const list = won.get(key(v.source_id, v.campaign_id)) ?? [];
        const same = list.find((m) => m.currency === currency);
        if (same) same.amount = (Number(same.amount) + Number(v.total)).toFixed(2);
        else list.push({ amount: Number(v.total).toFixed(2), currency });
        won.set(key(v.source_id, v.campaign_id), list);
      }
      return {
        sources: rows.map((r) => ({
          sourceId: r.source_id,
          campaignId: r.campaign_id,
          leads: r.n,
          qualified: r.won,
          conversion: percent(r.won, r.n) ?? 0,
          wonValue: (won.get(key(r.source_id, r.campaign_id)) ?? []).sort((a, b) =>
            a.currency.localeCompare(b.currency),
          ),
        })),
      };
    },

    async directions(p: Principal, query: ReportQuery): Promise<DirectionsReport> {
      const { scope, settings } = await contextOf(p);
      const rows = await repo.directions(scope, query);
      const byDirection = new Map<string | null, { count: number; sums: Money[] }>();
      for (const r of rows) {
        const d = byDirection.get(r.direction_id) ?? { count: 0, sums: [] };
        d.count += r.n;
        if (r.total !== null) {
          // Amounts saved without a currency were saved in the default one.
          const currency = r.currency ?? settings.defaultCurrency;
          const same = d.sums.find((m) => m.currency === currency);
          if (same) same.amount = (Number(same.amount) + Number(r.total)).toFixed(2);
          else d.sums.push({ amount: Number(r.total).toFixed(2), currency });
        }
        byDirection.set(r.direction_id, d);
      }
      const rank = (c: string) => (c === settings.defaultCurrency ? '' : c);
      return {
        directions: [...byDirection]
          .map(([salesDirectionId, d]) => ({
            salesDirectionId,
            count: d.count,
            targetAmounts: d.sums.sort((a, b) => rank(a.currency).localeCompare(rank(b.currency))),
          }))
          .sort(
            (a, b) =>
              // Most leads first; the leads without a direction after the directions of as many.
              b.count - a.count ||
              Number(a.salesDirectionId === null) - Number(b.salesDirectionId === null) ||
              (a.salesDirectionId ?? '').localeCompare(b.salesDirectionId ?? ''),
          ),
      };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
