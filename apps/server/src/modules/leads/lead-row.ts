import type { Lead, LeadListItem, TimelineItem } from '@leadline/contract';
import { iso } from '../../lib/sql';
import { column, scalarFields } from './lead-fields';

/** Columns a save never writes (set by actions, jobs or the database), read with every lead. */
export const readOnlyColumns = [
  'id',
  'number',
  'status_id',
  'phase',
  'computed_score',
  'score_reasons',
  'start_date',
  'actual_completed_date',
  'last_event_at',
  'next_event_at',
  'opportunity_id',
  'converted_company_id',
  'converted_contact_id',
  'disqualification_code_id',
  'disqualification_reason',
  'lost_reason_id',
  'drop_reason',
  'merged_into_id',
  'created_by_id',
  'version',
  'created_at',
  'updated_at',
];

const str = (v: unknown) => (v == null ? null : String(v));

/** Field name and column of every scalar and read-only field, worked out once rather than per row. */
const mappedColumns: [string, string][] = [
  ...scalarFields.map((f): [string, string] => [f, column(f)]),
  ...readOnlyColumns.map((c): [string, string] => [
    c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase()),
    c,
  ]),
];

/** A lead row (as leadSelectOf reads it) in its API form (one object built once: lists map 50 a page). */
export function mapLead(r: Record<string, unknown>): Lead {
  const out: Record<string, unknown> = {};
  for (const [field, col] of mappedColumns) out[field] = r[col] ?? null;
  const lines = r.product_lines;
  out.emails = (r.emails as string[]) ?? [];
  out.phones = (r.phones as string[]) ?? [];
  out.tags = (r.tag_names as string[]) ?? [];
  out.address = {
    street: str(r.address_street),
    postalCode: str(r.address_postal_code),
    city: str(r.address_city),
    region: str(r.address_region),
    country: str(r.address_country),
  };
  out.targetAmount =
    r.target_amount == null
      ? null
      : { amount: String(r.target_amount), currency: String(r.target_currency ?? 'EUR') };
  out.productLines = (typeof lines === 'string' ? JSON.parse(lines) : lines) as Lead['productLines'];
  out.scoreReasons = (r.score_reasons as unknown[]) ?? [];
  out.timeToCompletionDays = r.time_to_completion_days == null ? null : Number(r.time_to_completion_days);
  out.overdueDays = Number(r.overdue_days ?? 0);
  out.lastEventAt = iso(r.last_event_at as Date | null);
  out.nextEventAt = iso(r.next_event_at as Date | null);
  out.createdAt = iso(r.created_at as Date)!;
  out.updatedAt = iso(r.updated_at as Date)!;
  return out as unknown as Lead;
}

/** A history entry row in its API form. */
/** A list row: the lead and the name of its linked company. */
export function mapLeadListItem(r: Record<string, unknown>): LeadListItem {
  // Added to the lead's own object: a copy of its seventy fields per row was a tenth of a page's mapping.
  const item = mapLead(r) as LeadListItem;
  item.linkedCompanyName = str(r.linked_company_name);
  return item;
}

export function mapTimelineItem(r: Record<string, unknown>): TimelineItem {
  const payload = (r.payload ?? {}) as { body?: string; icon?: string; color?: string };
  return {
    id: String(r.id),
    at: iso(r.at as Date)!,
    kind: String(r.kind),
    actorId: str(r.actor_id),
    actorName: str(r.actor_name),
    field: str(r.field),
    oldValue: r.old_value ?? null,
    newValue: r.new_value ?? null,
    body: payload.body ?? null,
    icon: payload.icon ?? null,
    color: payload.color ?? null,
    // What an action did (its parameters and what it created), so that the timeline can tell it.
    payload: r.kind === 'comment' ? null : (r.payload ?? null),
  };
}
