import { stringify } from 'csv-stringify/sync';
import type {
  CreatedReport,
  DirectionsReport,
  FunnelReport,
  OutcomesReport,
  OwnersReport,
  ReportName,
  SourcesReport,
  TimeInStatusReport,
} from '@leadline/contract';

type Cell = string | number | null;
type Table = [string[], ...Cell[][]];

const money = (list: { amount: string; currency: string }[]) =>
  list.map((m) => `${m.amount} ${m.currency}`).join('; ');

/**
 * Each report as one table. Reports of two parts put a `part` column first so that a spreadsheet
 * filters them apart.
 */
const tables: { [K in ReportName]: (r: never) => Table } = {
  funnel: (r: FunnelReport) => [
    ['part', 'key', 'count'],
    ...r.phases.map((x) => ['phase', x.phase, x.count]),
    ...r.statuses.map((x) => ['status', x.statusId, x.count]),
  ],
  created: (r: CreatedReport) => [
    ['week', 'sourceId', 'count'],
    ...r.weeks.map((x) => [x.week, x.sourceId, x.count]),
  ],
  outcomes: (r: OutcomesReport) => [
    ['part', 'month', 'won', 'lost', 'dropped', 'codeId', 'count'],
    ...r.months.map((x) => ['month', x.month, x.won, x.lost, x.dropped, null, null]),
    ...r.topCodes.map((x) => ['code', null, null, null, null, x.codeId, x.count]),
  ],
  'time-in-status': (r: TimeInStatusReport) => [
    ['part', 'statusId', 'count', 'averageSeconds'],
    ...r.statuses.map((x) => ['status', x.statusId, x.count, x.averageSeconds]),
    ['timeToQualify', null, r.timeToQualify.count, r.timeToQualify.averageSeconds],
  ],
  owners: (r: OwnersReport) => [
    ['ownerId', 'open', 'overdue', 'noNextStep'],
    ...r.owners.map((x) => [x.ownerId, x.open, x.overdue, x.noNextStep]),
  ],
  sources: (r: SourcesReport) => [
    ['sourceId', 'campaignId', 'leads', 'qualified', 'conversion', 'wonValue'],
    ...r.sources.map((x) => [
      x.sourceId,
      x.campaignId,
      x.leads,
      x.qualified,
      x.conversion,
      money(x.wonValue),
    ]),
  ],
  directions: (r: DirectionsReport) => [
    ['salesDirectionId', 'count', 'targetAmount'],
    ...r.directions.map((x) => [x.salesDirectionId, x.count, money(x.targetAmounts)]),
  ],
};

export function reportCsv<K extends ReportName>(name: K, report: unknown): string {
  const table = (tables[name] as (r: unknown) => Table)(report);
  return stringify(table);
}
