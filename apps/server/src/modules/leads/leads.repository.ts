import type { Lead, Phase, TimelineItem } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetCondition, orderBy, type SortColumn, type SortTerm } from '../../lib/keyset';
import { iso } from '../../lib/sql';

/** Scalar lead fields whose column is the snake_case of the API name. */
export const scalarFields = [
  'name',
  'sourceId',
  'leadTypeId',
  'description',
  'customerRequirements',
  'prospectType',
  'leadCompanyName',
  'newCompany',
  'companyId',
  'companyName',
  'companyWebsite',
  'companyTin',
  'industryId',
  'companySize',
  'keyAccount',
  'newContact',
  'contactId',
  'firstName',
  'lastName',
  'middleName',
  'emails',
  'phones',
  'doNotEmail',
  'doNotCall',
  'jobTitle',
  'department',
  'salesDirectionId',
  'productId',
  'probability',
  'priority',
  'importance',
  'marketingCampaignId',
  'contentChannel',
  'externalClientId',
  'partnershipAgreementId',
  'partnerCompanyId',
  'partnerContactId',
  'ownerId',
  'unitId',
  'agencyId',
  'groupCompanyId',
  'nurturing',
  'score',
  'categoryId',
  'estimatedCompletionDays',
  'expectedCompletionDate',
  'goal',
  'implementationOptions',
  'procurementProcedure',
  'decisionLevel',
  'terms',
  'decisionMaker',
  'selectionCriteria',
  'complianceWithCriteria',
  'channel',
  'active',
] as const satisfies readonly (keyof Lead)[];
export type ScalarField = (typeof scalarFields)[number];

export const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What the service writes: the scalar fields plus address, money, lines and tags. */
export type LeadValues = Pick<Lead, ScalarField | 'address' | 'targetAmount' | 'productLines' | 'tags'>;

const readOnlyColumns = [
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

const leadSelect = `SELECT ${[...readOnlyColumns, ...scalarFields.map(column)].map((c) => `l.${c}`).join(', ')},
    l.address_street, l.address_postal_code, l.address_city, l.address_region, l.address_country,
    l.target_amount::text AS target_amount, l.target_currency,
    CASE WHEN l.phase IN ('new', 'in_progress') AND l.expected_completion_date IS NOT NULL
         THEN greatest(l.expected_completion_date - current_date, 0) END AS time_to_completion_days,
    CASE WHEN l.phase IN ('new', 'in_progress') AND l.expected_completion_date < current_date
         THEN current_date - l.expected_completion_date ELSE 0 END AS overdue_days,
    coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id
               WHERE lt.lead_id = l.id), '{}'::text[]) AS tag_names,
    coalesce((SELECT json_agg(json_build_object('productId', pl.product_id, 'quantity', pl.quantity::float8,
                                                'price', pl.price::text) ORDER BY pl.position)
                FROM lead_product_lines pl WHERE pl.lead_id = l.id), '[]'::json) AS product_lines
  FROM leads l`;

const str = (v: unknown) => (v == null ? null : String(v));

export function mapLead(r: Record<string, unknown>): Lead {
  const out: Record<string, unknown> = {};
  for (const f of scalarFields) out[f] = r[column(f)] ?? null;
  for (const c of readOnlyColumns) out[c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())] = r[c];
  const lines = r.product_lines;
  return {
    ...(out as unknown as Lead),
    emails: (r.emails as string[]) ?? [],
    phones: (r.phones as string[]) ?? [],
    tags: (r.tag_names as string[]) ?? [],
    address: {
      street: str(r.address_street),
      postalCode: str(r.address_postal_code),
      city: str(r.address_city),
      region: str(r.address_region),
      country: str(r.address_country),
    },
    targetAmount:
      r.target_amount == null
        ? null
        : { amount: String(r.target_amount), currency: String(r.target_currency ?? 'EUR') },
    productLines: (typeof lines === 'string' ? JSON.parse(lines) : lines) as Lead['productLines'],
    scoreReasons: (r.score_reasons as unknown[]) ?? [],
    timeToCompletionDays: r.time_to_completion_days == null ? null : Number(r.time_to_completion_days),
    overdueDays: Number(r.overdue_days ?? 0),
    lastEventAt: iso(r.last_event_at as Date | null),
    nextEventAt: iso(r.next_event_at as Date | null),
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
  };
}

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

/** Reference fields and the tables they point to; checked before a save so the answer names the field. */
export const referenceTables: Record<string, string> = {
  sourceId: 'lead_sources',
  leadTypeId: 'lead_types',
  industryId: 'industries',
  companyId: 'companies',
  contactId: 'contacts',
  salesDirectionId: 'sales_directions',
  productId: 'products',
  marketingCampaignId: 'marketing_campaigns',
  partnershipAgreementId: 'partnership_agreements',
  partnerContactId: 'contacts',
  ownerId: 'users',
  unitId: 'units',
  agencyId: 'agencies',
  groupCompanyId: 'group_companies',
  categoryId: 'categories',
};

/** The SQL of one page of a lead list (exported so that the query-plan checks run exactly this). */
export function leadListSql(f: LeadFilters, terms: SortTerm[], after: unknown[] | null, limit: number) {
  const params = [...f.params];
  const where = [...f.conditions];
  if (after) where.push(keysetCondition(terms, after as never, params));
  params.push(limit + 1);
  return {
    text: `${leadSelect} WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY ${orderBy(terms)} LIMIT $${params.length}`,
    params,
  };
}

export function leadCountSql(f: LeadFilters) {
  return {
    text: `SELECT count(*)::int AS n FROM leads l WHERE ${f.conditions.join(' AND ') || 'TRUE'}`,
    params: f.params,
  };
}

/** Count and target-amount sums per status and currency of the leads the filters select. */
export function leadSummarySql(f: LeadFilters) {
  return {
    text: `SELECT l.status_id, l.target_currency, count(*)::int AS n, sum(l.target_amount)::text AS total
           FROM leads l WHERE ${f.conditions.join(' AND ') || 'TRUE'}
           GROUP BY l.status_id, l.target_currency`,
    params: f.params,
  };
}

export function createLeadsRepository(db: Queryable) {
  return {
    async get(id: string): Promise<Lead | undefined> {
      const rows = await db.query(`${leadSelect} WHERE l.id = $1`, [id]);
      return rows[0] ? mapLead(rows[0]) : undefined;
    },

    /** Locks the row for the rest of the transaction so that two saves of one lead run one after the other. */
    async lock(id: string) {
      const rows = await db.query<{ id: string }>('SELECT id FROM leads WHERE id = $1 FOR UPDATE', [id]);
      return rows.length > 0;
    },

    async list(f: LeadFilters, terms: SortTerm[], after: unknown[] | null, limit: number) {
      const { text, params } = leadListSql(f, terms, after, limit);
      return (await db.query(text, params)).map(mapLead);
    },

    async summary(f: LeadFilters) {
      const { text, params } = leadSummarySql(f);
      return db.query<{ status_id: string; target_currency: string | null; n: number; total: string | null }>(
        text,
        params,
      );
    },

    async count(f: LeadFilters) {
      const { text, params } = leadCountSql(f);
      return (await db.query<{ n: number }>(text, params))[0].n;
    },

    async nextNumber() {
      const [row] = await db.query<{ n: string }>(
        `SELECT readable_number('L-', nextval('lead_number_seq')) AS n`,
      );
      return row.n;
    },

    async insert(
      v: LeadValues,
      extra: {
        number: string;
        statusId: string;
        phase: Phase;
        startDate: string;
        searchText: string;
        createdById: string | null;
      },
    ) {
      const cols: string[] = [];
      const params: unknown[] = [];
      const put = (col: string, value: unknown) => {
        cols.push(col);
        params.push(value);
      };
      for (const f of scalarFields) put(column(f), v[f]);
      putAddressAndMoney(v, put);
      put('number', extra.number);
      put('status_id', extra.statusId);
      put('phase', extra.phase);
      put('start_date', extra.startDate);
      put('search_text', extra.searchText);
      put('created_by_id', extra.createdById);
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO leads (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        params,
      );
      return row.id;
    },

    async update(id: string, v: LeadValues, searchText: string) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      const put = (col: string, value: unknown) => {
        params.push(value);
        sets.push(`${col} = $${params.length}`);
      };
      for (const f of scalarFields) put(column(f), v[f]);
      putAddressAndMoney(v, put);
      put('search_text', searchText);
      await db.query(
        `UPDATE leads SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
        params,
      );
    },

    async setTags(leadId: string, names: string[]) {
      await db.query('DELETE FROM lead_tags WHERE lead_id = $1', [leadId]);
      if (names.length === 0) return;
      // Unknown names become tags; a name differing only in case is the same tag.
      await db.query(
        `INSERT INTO tags (name) SELECT DISTINCT ON (lower(n)) n FROM unnest($1::text[]) AS n
          WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE lower(t.name) = lower(n))
         ON CONFLICT DO NOTHING`,
        [names],
      );
      await db.query(
        `INSERT INTO lead_tags (lead_id, tag_id)
         SELECT DISTINCT $1::uuid, t.id FROM tags t WHERE lower(t.name) IN (SELECT lower(n) FROM unnest($2::text[]) AS n)
         ON CONFLICT DO NOTHING`,
        [leadId, names],
      );
    },

    async setProductLines(leadId: string, lines: Lead['productLines']) {
      await db.query('DELETE FROM lead_product_lines WHERE lead_id = $1', [leadId]);
      if (lines.length === 0) return;
      await db.query(
        `INSERT INTO lead_product_lines (lead_id, product_id, quantity, price, position)
         SELECT $1, p, q, pr, o - 1
           FROM unnest($2::uuid[], $3::numeric[], $4::numeric[]) WITH ORDINALITY AS x(p, q, pr, o)`,
        [leadId, lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.price)],
      );
    },

    async delete(id: string) {
      // Events and lines go with the lead (ON DELETE CASCADE); leads merged into it keep pointing nowhere.
      await db.query('UPDATE leads SET merged_into_id = NULL WHERE merged_into_id = $1', [id]);
      const rows = await db.query('DELETE FROM leads WHERE id = $1 RETURNING id', [id]);
      return rows.length > 0;
    },

    async addEvents(
      leadId: string,
      actorId: string | null,
      events: { kind: string; field?: string; oldValue?: unknown; newValue?: unknown; payload?: unknown }[],
    ) {
      if (events.length === 0) return;
      await db.query(
        `INSERT INTO lead_events (lead_id, actor_id, kind, field, old_value, new_value, payload)
         SELECT $1, $2, k, f, o::jsonb, n::jsonb, p::jsonb
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(k, f, o, n, p)`,
        [
          leadId,
          actorId,
          events.map((e) => e.kind),
          events.map((e) => e.field ?? null),
          events.map((e) => (e.oldValue === undefined ? null : JSON.stringify(e.oldValue))),
          events.map((e) => (e.newValue === undefined ? null : JSON.stringify(e.newValue))),
          events.map((e) => (e.payload === undefined ? null : JSON.stringify(e.payload))),
        ],
      );
    },

    async timeline(
      leadId: string,
      after: [string, string] | null,
      limit: number,
      eventId?: string,
    ): Promise<TimelineItem[]> {
      const params: unknown[] = [leadId];
      let cond = '';
      if (after) {
        params.push(after[0], after[1]);
        cond = `AND (e.at, e.id) < ($2::timestamptz, $3::uuid)`;
      }
      if (eventId) {
        params.push(eventId);
        cond += ` AND e.id = $${params.length}`;
      }
      params.push(limit + 1);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT e.id, e.at, e.kind, e.actor_id, u.name AS actor_name, e.field, e.old_value, e.new_value,
                e.payload
           FROM lead_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.lead_id = $1 ${cond}
          ORDER BY e.at DESC, e.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => {
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
      });
    },

    /** The ids among `ids` that `table` does not hold. */
    async missing(table: string, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.query<{ id: string }>(
        `SELECT x.id FROM unnest($1::uuid[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = x.id)`,
        [ids],
      );
      return new Set(rows.map((r) => r.id));
    },

    async leadType(id: string) {
      const rows = await db.query<{
        priority: Lead['priority'];
        importance: Lead['importance'];
        estimated_completion_days: number | null;
      }>('SELECT priority, importance, estimated_completion_days FROM lead_types WHERE id = $1', [id]);
      return rows[0];
    },

    async directionProductIds(salesDirectionId: string) {
      const rows = await db.query<{ product_id: string }>(
        'SELECT product_id FROM sales_direction_products WHERE sales_direction_id = $1',
        [salesDirectionId],
      );
      return new Set(rows.map((r) => r.product_id));
    },

    async agreement(id: string) {
      const rows = await db.query<{
        partner_company_id: string;
        direction_ids: string[];
        product_ids: string[];
      }>(
        `SELECT a.partner_company_id,
                coalesce((SELECT array_agg(s.sales_direction_id::text) FROM partnership_program_sales_directions s
                           WHERE s.program_id = a.program_id), '{}'::text[]) AS direction_ids,
                coalesce((SELECT array_agg(p.product_id::text) FROM partnership_program_products p
                           WHERE p.program_id = a.program_id), '{}'::text[]) AS product_ids
           FROM partnership_agreements a WHERE a.id = $1`,
        [id],
      );
      return rows[0];
    },

    async user(id: string) {
      const rows = await db.query<{ active: boolean; is_integration: boolean }>(
        'SELECT active, is_integration FROM users WHERE id = $1',
        [id],
      );
      return rows[0];
    },

    async contact(id: string) {
      const rows = await db.query<{
        company_id: string | null;
        first_name: string | null;
        last_name: string;
        middle_name: string | null;
      }>('SELECT company_id, first_name, last_name, middle_name FROM contacts WHERE id = $1', [id]);
      return rows[0];
    },

    async setContactCompanyIfNone(contactId: string, companyId: string) {
      await db.query(
        `UPDATE contacts SET company_id = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND company_id IS NULL`,
        [contactId, companyId],
      );
    },

    async companyName(id: string) {
      const rows = await db.query<{ name: string }>('SELECT name FROM companies WHERE id = $1', [id]);
      return rows[0]?.name ?? null;
    },

    async productPrices(ids: string[]) {
      if (ids.length === 0) return new Map<string, string | null>();
      const rows = await db.query<{ id: string; price: string | null }>(
        'SELECT id, price::text AS price FROM products WHERE id = ANY ($1::uuid[])',
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r.price]));
    },

    async status(id: string) {
      const rows = await db.query<{ id: string; phase: Phase }>(
        'SELECT id, phase FROM lead_statuses WHERE id = $1',
        [id],
      );
      return rows[0];
    },

    async firstStatusOf(phase: Phase) {
      const rows = await db.query<{ id: string; phase: Phase }>(
        'SELECT id, phase FROM lead_statuses WHERE phase = $1 AND active ORDER BY position, id LIMIT 1',
        [phase],
      );
      return rows[0];
    },

    /** The user's units and the units that collaborate with them, in either direction. */
    async teamUnitIds(unitIds: string[]) {
      if (unitIds.length === 0) return [];
      const rows = await db.query<{ id: string }>(
        `SELECT unnest($1::uuid[]) AS id
         UNION SELECT collaborating_unit_id FROM unit_collaborations WHERE unit_id = ANY ($1::uuid[])
         UNION SELECT unit_id FROM unit_collaborations WHERE collaborating_unit_id = ANY ($1::uuid[])`,
        [unitIds],
      );
      return rows.map((r) => r.id);
    },
  };
}

function putAddressAndMoney(v: LeadValues, put: (col: string, value: unknown) => void) {
  put('address_street', v.address.street);
  put('address_postal_code', v.address.postalCode);
  put('address_city', v.address.city);
  put('address_region', v.address.region);
  put('address_country', v.address.country);
  put('target_amount', v.targetAmount?.amount ?? null);
  put('target_currency', v.targetAmount?.currency ?? null);
}

export type LeadsRepository = ReturnType<typeof createLeadsRepository>;
