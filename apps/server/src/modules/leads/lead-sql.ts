import type { Lead } from '@leadline/contract';
import { prepared } from '../../db/client';
import { afterCursor, orderAndLimit, type Keyset, type SortColumn } from '../../lib/pagination';
import { column, scalarFields } from './lead-fields';
import { readOnlyColumns } from './lead-row';

/**
 * The SQL a lead is read and listed with: its columns, the list's filters, sort keys, page and totals, and
 * the Kanban summary. The repository writes; the list and the export read through these.
 */

/** Tag names and product lines of the lead `l`, as stored. */
export const storedTagNames = `coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM lead_tags lt
    JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = l.id), '{}'::text[])`;
const storedProductLines = `coalesce((SELECT json_agg(json_build_object('productId', pl.product_id,
    'quantity', pl.quantity::float8, 'price', pl.price::text) ORDER BY pl.position)
    FROM lead_product_lines pl WHERE pl.lead_id = l.id), '[]'::json)`;

/** Days an open lead is past its expected completion (0 when it is not). */
export const overdueDaysSql = `CASE WHEN l.phase IN ('new', 'in_progress') AND l.expected_completion_date < current_date
         THEN current_date - l.expected_completion_date ELSE 0 END`;

const timeToCompletionSql = `CASE WHEN l.phase IN ('new', 'in_progress') AND l.expected_completion_date IS NOT NULL
         THEN greatest(l.expected_completion_date - current_date, 0) END`;
const linkedCompanyNameSql = '(SELECT c.name FROM companies c WHERE c.id = l.company_id)';

/** Every column mapLead reads, over the rows of `source` (aliased `l`). */
export const leadSelectOf = (
  source: string,
  tagNames = storedTagNames,
  productLines = storedProductLines,
  extra = '',
) =>
  `SELECT ${extra}${[...readOnlyColumns, ...scalarFields.map(column)].map((c) => `l.${c}`).join(', ')},
    l.address_street, l.address_postal_code, l.address_city, l.address_region, l.address_country,
    l.target_amount::text AS target_amount, l.target_currency,
    ${timeToCompletionSql} AS time_to_completion_days,
    ${overdueDaysSql} AS overdue_days,
    ${tagNames} AS tag_names, ${productLines} AS product_lines
  FROM ${source}`;

/** What each field of a list row is read from, where it is not the column of its name. */
const listFieldSql: Record<string, string> = {
  address: 'l.address_street, l.address_postal_code, l.address_city, l.address_region, l.address_country',
  targetAmount: 'l.target_amount::text AS target_amount, l.target_currency',
  timeToCompletionDays: `${timeToCompletionSql} AS time_to_completion_days`,
  overdueDays: `${overdueDaysSql} AS overdue_days`,
  tags: `${storedTagNames} AS tag_names`,
  productLines: `${storedProductLines} AS product_lines`,
  linkedCompanyName: `${linkedCompanyNameSql} AS linked_company_name`,
};
const columnFields = new Set<string>([...readOnlyColumns, ...scalarFields.map(column)]);

/**
 * The select list of a page asked with `fields=`: only what those fields (with the id and the sort
 * keys, which the cursor reads) are made of, so that the driver parses and maps a tenth of a whole row.
 */
function listSelectOf(fields: readonly string[], k: Keyset) {
  const wanted = new Set(['id', ...fields, ...k.terms.map((t) => t.key)]);
  const parts = [...wanted].map(
    (f) => listFieldSql[f] ?? (columnFields.has(column(f)) ? `l.${column(f)}` : null),
  );
  // A field this list does not know how to read alone: the whole row, as without `fields=`.
  if (parts.some((p) => p === null)) return leadListSelect;
  return `SELECT ${parts.join(', ')} FROM leads l`;
}

export const leadSelect = leadSelectOf('leads l');
/** A list row also carries the name of its linked company, looked up in the same statement. */
const leadListSelect = leadSelectOf(
  'leads l',
  storedTagNames,
  storedProductLines,
  `${linkedCompanyNameSql} AS linked_company_name, `,
);
export const leadById = prepared(`${leadSelect} WHERE l.id = $1`);

/**
 * The search text of a lead: what the lead holds itself (`own`, see ownSearchText), its number (also
 * its digits, and without the leading zeros) and the names of its company and contact, looked up by the
 * statement that writes it so that they cost no round trip.
 */
export const searchTextSql = (
  own: string,
  number: string,
  companyId: string,
  contactId: string,
  /** The contact's name when the same statement creates the contact (which it cannot read back). */
  contactName = `(SELECT concat_ws(' ', ct.first_name, ct.middle_name, ct.last_name) FROM contacts ct
        WHERE ct.id = ${contactId})`,
) =>
  `left(concat_ws(' ', ${own}, ${number}, regexp_replace(${number}, '\\D', '', 'g'),
      regexp_replace(${number}, '^\\D*0*', ''),
      (SELECT c.name FROM companies c WHERE c.id = ${companyId}),
      ${contactName}), 100000)`;

/** Sort keys of the list; each has an index (0200/0210) leading with it, then id. */
export const leadSortColumns: Record<string, SortColumn> = {
  updatedAt: { sql: 'l.updated_at', cast: 'timestamptz' },
  createdAt: { sql: 'l.created_at', cast: 'timestamptz' },
  name: { sql: 'l.name', cast: 'text' },
  number: { sql: 'l.number', cast: 'text' },
  startDate: { sql: 'l.start_date', cast: 'date' },
  expectedCompletionDate: { sql: 'l.expected_completion_date', cast: 'date', nullable: true },
  targetAmount: { sql: 'l.target_amount', cast: 'numeric', nullable: true },
  probability: { sql: 'l.probability', cast: 'int', nullable: true },
  score: { sql: 'l.score', cast: 'int', nullable: true },
  computedScore: { sql: 'l.computed_score', cast: 'int' },
  lastEventAt: { sql: 'l.last_event_at', cast: 'timestamptz', nullable: true },
  nextEventAt: { sql: 'l.next_event_at', cast: 'timestamptz', nullable: true },
};

/** The values the cursor carries for a row: the sort columns as the database compares them. */
export function sortValues(lead: Lead): Record<string, unknown> {
  return {
    ...lead,
    targetAmount: lead.targetAmount?.amount ?? null,
  };
}

export interface LeadFilters {
  /** SQL conditions already rendered with their parameters in `params` (access, view). */
  conditions: string[];
  params: unknown[];
}

/** The SQL of one page of a lead list (exported so that the query-plan checks run exactly this). */
/** A page of leads; with `fields`, rows holding only those fields (and the id and sort keys). */
export function leadListSql(f: LeadFilters, k: Keyset, fields?: readonly string[]) {
  const params = [...f.params];
  const where = [...f.conditions];
  const after = afterCursor(k, params);
  if (after) where.push(after);
  const page = orderAndLimit(k, params);
  const select = fields ? listSelectOf(fields, k) : leadListSelect;
  return { text: `${select} WHERE ${where.join(' AND ') || 'TRUE'} ${page}`, params };
}

/** How many leads the filters select; `fromTotals` as for `leadSummarySql`. */
export function leadCountSql(f: LeadFilters, fromTotals = false) {
  const where = f.conditions.join(' AND ') || 'TRUE';
  return {
    text: fromTotals
      ? `SELECT coalesce(sum(l.n), 0)::int AS n FROM lead_status_totals_now l WHERE ${where}`
      : `SELECT count(*)::int AS n FROM leads l WHERE ${where}`,
    params: f.params,
  };
}

/**
 * Count and target-amount sums per status and currency of the leads the filters select; `fromTotals`
 * reads them from the kept totals (0853), which answer the same conditions when they name only the
 * columns the totals are grouped by (see `totalsAnswer`).
 */
export function leadSummarySql(f: LeadFilters, fromTotals = false) {
  const where = f.conditions.join(' AND ') || 'TRUE';
  return {
    text: fromTotals
      ? `SELECT l.status_id, l.target_currency, sum(l.n)::int AS n,
                CASE WHEN sum(l.with_amount) > 0 THEN round(sum(l.amount), 2)::text END AS total
           FROM lead_status_totals_now l WHERE ${where}
           GROUP BY l.status_id, l.target_currency HAVING sum(l.n) <> 0`
      : `SELECT l.status_id, l.target_currency, count(*)::int AS n, sum(l.target_amount)::text AS total
           FROM leads l WHERE ${where}
           GROUP BY l.status_id, l.target_currency`,
    params: f.params,
  };
}
