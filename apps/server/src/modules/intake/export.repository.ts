import type { LeadExportColumn } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { afterCursor, orderAndLimit, pageOf, type Keyset } from '../../lib/pagination';
import type { LeadFilters } from '../leads/lead-sql';
import { overdueDaysSql, storedTagNames } from '../leads/lead-sql';

/** The reference columns of a lead that an export shows by name, and the table each points to. */
export const namedReferences = {
  statusId: 'lead_statuses',
  sourceId: 'lead_sources',
  leadTypeId: 'lead_types',
  ownerId: 'users',
  unitId: 'units',
  salesDirectionId: 'sales_directions',
  productId: 'products',
  marketingCampaignId: 'marketing_campaigns',
} as const;
export type NamedReference = keyof typeof namedReferences;

/**
 * What each export column reads from the lead `l`, under the name mapLead reads it by. Only the asked
 * columns are read: an export of ten columns does not carry the sixty others (nor the tag look-up of
 * every row when tags are not asked for).
 */
const columnSql: Record<LeadExportColumn, string> = {
  number: 'l.number',
  name: 'l.name',
  status: 'l.status_id',
  phase: 'l.phase',
  source: 'l.source_id',
  leadType: 'l.lead_type_id',
  owner: 'l.owner_id',
  unit: 'l.unit_id',
  prospectType: 'l.prospect_type',
  leadCompanyName: 'l.lead_company_name',
  companyName: 'l.company_name',
  companyTin: 'l.company_tin',
  companyWebsite: 'l.company_website',
  companySize: 'l.company_size',
  firstName: 'l.first_name',
  middleName: 'l.middle_name',
  lastName: 'l.last_name',
  emails: 'l.emails',
  phones: 'l.phones',
  jobTitle: 'l.job_title',
  department: 'l.department',
  street: 'l.address_street',
  postalCode: 'l.address_postal_code',
  city: 'l.address_city',
  region: 'l.address_region',
  country: 'l.address_country',
  salesDirection: 'l.sales_direction_id',
  product: 'l.product_id',
  targetAmount: 'l.target_amount::text AS target_amount, l.target_currency',
  currency: 'l.target_amount::text AS target_amount, l.target_currency',
  probability: 'l.probability',
  priority: 'l.priority',
  importance: 'l.importance',
  marketingCampaign: 'l.marketing_campaign_id',
  contentChannel: 'l.content_channel',
  externalClientId: 'l.external_client_id',
  tags: `${storedTagNames} AS tag_names`,
  score: 'l.score',
  computedScore: 'l.computed_score',
  active: 'l.active',
  nurturing: 'l.nurturing',
  startDate: 'l.start_date',
  expectedCompletionDate: 'l.expected_completion_date',
  actualCompletedDate: 'l.actual_completed_date',
  overdueDays: `${overdueDaysSql} AS overdue_days`,
  lastEventAt: 'l.last_event_at',
  nextEventAt: 'l.next_event_at',
  customerRequirements: 'l.customer_requirements',
  description: 'l.description',
  disqualificationReason: 'l.disqualification_reason',
  createdAt: 'l.created_at',
  updatedAt: 'l.updated_at',
  id: 'l.id',
};

export function createExportRepository(db: Queryable) {
  return {
    /**
     * One keyset page of the leads the filters select (the list's own WHERE and ORDER BY), with only
     * the columns the export shows; the sort values ride along (as _k0, _k1...) for the next cursor.
     */
    async page(f: LeadFilters, k: Keyset, columns: LeadExportColumn[]) {
      const params = [...f.params];
      const where = [...f.conditions];
      const after = afterCursor(k, params);
      if (after) where.push(after);
      const selected = [...new Set(['l.id', ...columns.map((c) => columnSql[c])])].join(', ');
      const keys = k.terms.map((t, i) => `${t.col.sql} AS _k${i}`).join(', ');
      const rows = await db.query<Record<string, unknown>>(
        `SELECT ${selected}, ${keys} FROM leads l WHERE ${where.join(' AND ') || 'TRUE'} ${orderAndLimit(k, params)}`,
        params,
      );
      return pageOf(rows, k, (row) => Object.fromEntries(k.terms.map((t, i) => [t.key, row[`_k${i}`]])));
    },

    /**
     * The names of the records with these ids, in one round trip (never one per lead): ids are UUIDs,
     * so one map holds them all.
     */
    async names(idsByRef: Partial<Record<NamedReference, string[]>>): Promise<Map<string, string>> {
      const parts: string[] = [];
      const params: unknown[] = [];
      for (const [ref, table] of Object.entries(namedReferences)) {
        const ids = idsByRef[ref as NamedReference] ?? [];
        if (ids.length === 0) continue;
        params.push(ids);
        parts.push(`SELECT id::text AS id, name FROM ${table} WHERE id = ANY ($${params.length}::uuid[])`);
      }
      if (parts.length === 0) return new Map();
      const rows = await db.query<{ id: string; name: string }>(parts.join(' UNION ALL '), params);
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}
