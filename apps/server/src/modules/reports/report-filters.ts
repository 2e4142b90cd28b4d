import type { ReportQuery } from '@leadline/contract';
import { leadScopeSql, type LeadScope } from '../access/lead-policy';

/**
 * The conditions every report puts on the leads table aliased `l`: what the user may see, then the
 * report's filters. `dateColumn` is the moment `from` and `to` (inclusive dates) apply to.
 */
export function reportWhere(scope: LeadScope, query: ReportQuery, dateColumn: string, params: unknown[]) {
  const arg = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [leadScopeSql(scope, 'l', params)];
  if (query.from) where.push(`${dateColumn} >= ${arg(query.from)}::date::timestamptz`);
  if (query.to) where.push(`${dateColumn} < (${arg(query.to)}::date + 1)::timestamptz`);
  if (query.unitId) where.push(`l.unit_id = ${arg(query.unitId)}::uuid`);
  if (query.ownerId) where.push(`l.owner_id = ${arg(query.ownerId)}::uuid`);
  if (query.sourceId) where.push(`l.source_id = ${arg(query.sourceId)}::uuid`);
  return where.join(' AND ');
}
