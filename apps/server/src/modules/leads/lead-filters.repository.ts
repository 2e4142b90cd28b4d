import { openPhases, type LeadListQuery, type LeadSummaryQuery, type Phase } from '@leadline/contract';
import { leadScopeSql, type LeadScope } from '../access/lead-policy';
import { likePattern } from '../../lib/sql';
import type { LeadFilters } from './lead-sql';

/** A list query, optionally narrowed to chosen leads (an export of the list's selection). */
export type LeadSelection = LeadListQuery & { ids?: string[] };

/** Words of a search as prefix terms; quoting each keeps tsquery operators typed by users inert. */
export function toTsQuery(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((w) => w.replace(/['\\:&|!()<>*]/g, '').toLowerCase())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 12);
  return words.length ? words.map((w) => `'${w}':*`).join(' & ') : null;
}

/**
 * What a search looks for inside e-mails, websites and phones: a phone typed in any format as its
 * digits (without the leading zeros of a national prefix, so "030 1010397" finds +49 30 1010397), or
 * one word of three characters or more in lower case ("dubois281", "zephyr-robotics"). Null otherwise.
 */
export function fragmentOf(q: string): string | null {
  const t = q.trim();
  if (/^[\d\s()+\-./]+$/.test(t)) {
    const digits = t.replace(/\D/g, '').replace(/^0+/, '');
    return digits.length >= 5 ? digits : null;
  }
  if (/\s/.test(t) || t.length < 3) return null;
  return t.toLowerCase();
}

/**
 * The filters whose conditions name only columns the kept status totals (0853) are grouped by: status,
 * phase, active, owner and unit (a user's scope adds owner, unit or partner company, also there), beside
 * the keys that only page or shape the answer. Any other filter, or one added later, is answered from the
 * leads themselves.
 */
const totalsFilters = new Set([
  ...['view', 'active', 'phase', 'statusId', 'ownerId', 'unitId'],
  ...['groupBy', 'limit', 'cursor', 'sort', 'count', 'fields'],
]);

/** Whether the kept status totals answer a summary, or the total of a list, of the leads `query` selects. */
export const totalsAnswer = (query: LeadSummaryQuery | LeadSelection) =>
  query.view !== 'overdue' &&
  Object.entries(query).every(([key, value]) => value === undefined || totalsFilters.has(key));

/**
 * The WHERE conditions of a lead list: the user's scope (the same rule as a single read), the view and
 * every filter. Each condition is written so that an index serves it (docs/query-plans.md): the open
 * phases are spelled out so that the partial index on open leads applies.
 */
export function leadListFilters(
  scope: LeadScope,
  userId: string,
  query: LeadSelection,
  today: string,
): LeadFilters {
  const params: unknown[] = [];
  const where = [leadScopeSql(scope, 'l', params)].filter((c) => c !== 'TRUE');
  const arg = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const openSql = `l.phase IN (${openPhases.map((ph) => `'${ph}'`).join(', ')})`;
  // A merged lead lives on in the lead it was merged into; it answers a read by id only.
  where.push('l.merged_into_id IS NULL');
  const active = query.active ?? query.view !== 'inactive';
  where.push(active ? 'l.active' : 'NOT l.active');
  switch (query.view) {
    case 'my':
      where.push(`l.owner_id = ${arg(userId)}`);
      break;
    case 'open':
      where.push(openSql);
      break;
    case 'closed':
      where.push(`l.phase IN ('won', 'lost', 'dropped')`);
      break;
    case 'overdue':
      where.push(`l.expected_completion_date < ${arg(query.overdueBefore ?? today)}::date`);
      if (!query.phase) where.push(openSql);
      break;
    case 'unassigned':
      where.push('l.owner_id IS NULL');
      break;
    default:
      break;
  }
  if (query.phase) where.push(`l.phase = ANY (${arg(query.phase as Phase[])}::text[])`);
  if (query.q) {
    const ts = toTsQuery(query.q);
    const fragment = fragmentOf(query.q);
    // The matching ids are collected from the GIN indexes first: the planner cannot estimate how rare a
    // prefix term is and would otherwise walk the sort index row by row looking for a rare match.
    const found = [
      ts ? `SELECT s.id FROM leads s WHERE s.search @@ to_tsquery('simple', ${arg(ts)})` : null,
      fragment
        ? `SELECT s.id FROM leads s
            WHERE lead_fragments(s.emails, s.company_website, s.phones) LIKE ${arg(likePattern(fragment))}`
        : null,
    ].filter(Boolean);
    where.push(found.length ? `l.id = ANY (ARRAY(${found.join(' UNION ')}))` : 'FALSE');
  }
  if (query.statusId) where.push(`l.status_id = ${arg(query.statusId)}`);
  if (query.ownerId) where.push(`l.owner_id = ${arg(query.ownerId)}`);
  if (query.unitId) where.push(`l.unit_id = ${arg(query.unitId)}`);
  if (query.sourceId) where.push(`l.source_id = ${arg(query.sourceId)}`);
  if (query.salesDirectionId)
    where.push(
      query.salesDirectionId === 'none'
        ? 'l.sales_direction_id IS NULL'
        : `l.sales_direction_id = ${arg(query.salesDirectionId)}`,
    );
  if (query.marketingCampaignId)
    where.push(
      query.marketingCampaignId === 'none'
        ? 'l.marketing_campaign_id IS NULL'
        : `l.marketing_campaign_id = ${arg(query.marketingCampaignId)}`,
    );
  if (query.tag) {
    // The tag is looked up once, so that lead_tags is read through its (tag_id, lead_id) index.
    where.push(
      `EXISTS (SELECT 1 FROM lead_tags lt WHERE lt.lead_id = l.id
                  AND lt.tag_id = (SELECT t.id FROM tags t WHERE lower(t.name) = lower(${arg(query.tag.trim())})))`,
    );
  }
  if (query.expectedCompletionBefore)
    where.push(`l.expected_completion_date < ${arg(query.expectedCompletionBefore)}::date`);
  if (query.createdFrom) where.push(`l.created_at >= ${arg(query.createdFrom)}::timestamptz`);
  if (query.createdTo) {
    // A date alone includes that whole day.
    const to = /^\d{4}-\d{2}-\d{2}$/.test(query.createdTo)
      ? `(${arg(query.createdTo)}::date + 1)::timestamptz`
      : `${arg(query.createdTo)}::timestamptz`;
    where.push(
      /^\d{4}-\d{2}-\d{2}$/.test(query.createdTo) ? `l.created_at < ${to}` : `l.created_at <= ${to}`,
    );
  }
  if (query.scoreMin !== undefined) where.push(`l.computed_score >= ${arg(query.scoreMin)}`);
  if (query.ids) where.push(`l.id = ANY (${arg(query.ids)}::uuid[])`);
  if (query.hasNextEvent !== undefined)
    where.push(query.hasNextEvent ? 'l.next_event_at IS NOT NULL' : 'l.next_event_at IS NULL');
  if (query.nextEventFrom) where.push(`l.next_event_at >= ${arg(query.nextEventFrom)}::timestamptz`);
  if (query.nextEventTo) {
    // A date alone includes that whole day.
    where.push(
      /^\d{4}-\d{2}-\d{2}$/.test(query.nextEventTo)
        ? `l.next_event_at < (${arg(query.nextEventTo)}::date + 1)::timestamptz`
        : `l.next_event_at <= ${arg(query.nextEventTo)}::timestamptz`,
    );
  }

  return { conditions: where, params };
}
