import type { Lead, Phase, TimelineItem } from '@leadline/contract';
import { prepared, type Queryable } from '../../db/client';
import { afterCursor, orderAndLimit, type Keyset } from '../../lib/pagination';
import { contactInsertParams, contactInsertSql, type ContactValues } from '../contacts';
import { column, scalarFields, type LeadValues } from './lead-fields';
import { mapLead, mapLeadListItem, mapTimelineItem } from './lead-row';
import {
  leadById,
  leadCountSql,
  leadListSql,
  leadSelect,
  leadSelectOf,
  leadSummarySql,
  searchTextSql,
  type LeadFilters,
} from './lead-sql';

/** Creates the tags of `names` not known yet (a name differing only in case is the same tag). */
async function createTags(db: Queryable, names: string[]) {
  await db.query(
    `INSERT INTO tags (name) SELECT DISTINCT ON (lower(n)) n FROM unnest($1::text[]) AS n
      WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE lower(t.name) = lower(n))
     ON CONFLICT DO NOTHING`,
    [names],
  );
}

export function createLeadsRepository(db: Queryable) {
  return {
    async get(id: string): Promise<Lead | undefined> {
      const rows = await db.query(leadById, [id]);
      return rows[0] ? mapLead(rows[0]) : undefined;
    },

    /** Locks the row for the rest of the transaction so that two saves of one lead run one after the other. */
    async lock(id: string) {
      const rows = await db.query<{ id: string }>('SELECT id FROM leads WHERE id = $1 FOR UPDATE', [id]);
      return rows.length > 0;
    },

    async list(f: LeadFilters, k: Keyset, fields?: readonly string[]) {
      const { text, params } = leadListSql(f, k, fields);
      return (await db.query(text, params)).map(mapLeadListItem);
    },

    async summary(f: LeadFilters, fromTotals = false) {
      const { text, params } = leadSummarySql(f, fromTotals);
      return db.query<{ status_id: string; target_currency: string | null; n: number; total: string | null }>(
        text,
        params,
      );
    },

    async count(f: LeadFilters, fromTotals = false) {
      const { text, params } = leadCountSql(f, fromTotals);
      return (await db.query<{ n: number }>(text, params))[0].n;
    },

    /**
     * Inserts a new lead with its number, tags, product lines and 'created' event in one statement
     * (one round trip, atomic without a transaction) and returns it as `get` would.
     */
    async create(
      v: LeadValues,
      extra: {
        statusId: string;
        phase: Phase;
        startDate: string;
        ownSearchText: string;
        createdById: string | null;
        tagIds: string[];
        /** A contact to create with the lead, in the same statement, and link. */
        newContact?: ContactValues | null;
      },
    ): Promise<Lead> {
      const cols: string[] = [];
      const params: unknown[] = [];
      const put = (col: string, value: unknown) => {
        cols.push(col);
        params.push(value);
        return `$${params.length}`;
      };
      for (const f of scalarFields) put(column(f), v[f]);
      putAddressAndMoney(v, put);
      put('status_id', extra.statusId);
      put('phase', extra.phase);
      put('start_date', extra.startDate);
      put('created_by_id', extra.createdById);
      const values = cols.map((_, i) => `$${i + 1}`);
      const at = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      const companyId = `$${scalarFields.indexOf('companyId') + 1}::uuid`;
      let contactId = `$${scalarFields.indexOf('contactId') + 1}::uuid`;
      let contactCte = '';
      let contactName: string | undefined;
      if (extra.newContact) {
        const first = params.length + 1;
        params.push(...contactInsertParams(extra.newContact, extra.createdById));
        contactCte = `c AS (${contactInsertSql(first)}),`;
        contactId = '(SELECT id FROM c)';
        const k = scalarFields.indexOf('contactId');
        values[k] = `coalesce(${values[k]}::uuid, ${contactId})`;
        // first, middle and last name, as the contact subselect of searchTextSql reads them
        contactName = `concat_ws(' ', $${first}::text, $${first + 2}::text, $${first + 1}::text)`;
      }
      const own = `${at(extra.ownSearchText)}::text`;
      const tagIds = `${at(extra.tagIds)}::uuid[]`;
      const lines = `unnest(${at(v.productLines.map((l) => l.productId))}::uuid[],
          ${at(v.productLines.map((l) => l.quantity))}::numeric(12, 3)[],
          ${at(v.productLines.map((l) => l.price))}::numeric(15, 2)[]) WITH ORDINALITY AS x(p, q, pr, o)`;
      const [row] = await db.query(
        prepared(`WITH n AS (SELECT readable_number('L-', nextval('lead_number_seq')) AS number),
         ${contactCte}
         l AS (
           INSERT INTO leads (${cols.join(', ')}, number, search_text)
           VALUES (${values.join(', ')}, (SELECT number FROM n),
                   ${searchTextSql(own, '(SELECT number FROM n)', companyId, contactId, contactName)})
           RETURNING *),
         lt AS (INSERT INTO lead_tags (lead_id, tag_id) SELECT l.id, t FROM l, unnest(${tagIds}) AS t),
         pl AS (INSERT INTO lead_product_lines (lead_id, product_id, quantity, price, position)
                SELECT l.id, p, q, pr, o - 1 FROM l, ${lines}),
         ev AS (INSERT INTO lead_events (lead_id, actor_id, kind, payload)
                SELECT l.id, l.created_by_id, 'created', jsonb_build_object('number', l.number) FROM l)
         ${leadSelectOf(
           'l',
           `coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM tags t WHERE t.id = ANY (${tagIds})), '{}'::text[])`,
           `(SELECT coalesce(json_agg(json_build_object('productId', p, 'quantity', q::float8, 'price', pr::text)
               ORDER BY o), '[]'::json) FROM ${lines})`,
         )}`),
        params,
      );
      return mapLead(row);
    },

    /**
     * Inserts many new leads in one statement, as `create` inserts one: numbers in the given order, search
     * text, tags, the 'created' event and, when given, a further event per lead (an import's 'imported').
     * Returns the new ids in the given order.
     */
    async createMany(
      rows: {
        v: LeadValues;
        ownSearchText: string;
        tagIds: string[];
        /** The payload of the extra event, merged onto `extraEvent.payload`. */
        eventPayload?: Record<string, unknown>;
      }[],
      extra: { statusId: string; phase: Phase; startDate: string; createdById: string | null },
      extraEvent?: { kind: string; payload: Record<string, unknown> },
    ): Promise<string[]> {
      if (rows.length === 0) return [];
      const cols = [...scalarFields.map(column), ...addressAndMoneyColumns];
      // Nulls are left out: json_populate_recordset reads a missing key as null, and parsing a chunk's
      // records is a good part of the statement's time when every one spells out fifty empty columns.
      const records = rows.map(({ v, ownSearchText }) => {
        const r: Record<string, unknown> = { search_text: ownSearchText };
        const put = (col: string, value: unknown) => {
          if (value !== null && value !== undefined) r[col] = value;
        };
        scalarFields.forEach((f) => put(column(f), v[f]));
        putAddressAndMoney(v, put);
        return r;
      });
      const tags = rows.flatMap((r, i) => r.tagIds.map((tag) => ({ o: i + 1, tag })));
      const found = await db.query<{ id: string }>(
        `WITH src AS MATERIALIZED (
           SELECT x.*, gen_random_uuid() AS new_id, readable_number('L-', nextval('lead_number_seq')) AS new_number
             FROM (SELECT * FROM json_populate_recordset(NULL::leads, $1::json) WITH ORDINALITY
                   ORDER BY ordinality) AS x),
         l AS (
           INSERT INTO leads (id, ${cols.join(', ')}, status_id, phase, start_date, created_by_id, number, search_text)
           SELECT new_id, ${cols.map((c) => `src.${c}`).join(', ')}, $3::uuid, $4, $5::date, $6::uuid, new_number,
                  ${searchTextSql('src.search_text', 'src.new_number', 'src.company_id', 'src.contact_id')}
             FROM src ORDER BY ordinality RETURNING id),
         lt AS (INSERT INTO lead_tags (lead_id, tag_id)
                SELECT DISTINCT src.new_id, t.tag FROM json_to_recordset($2::json) AS t(o bigint, tag uuid)
                  JOIN src ON src.ordinality = t.o),
         ev AS (INSERT INTO lead_events (lead_id, actor_id, kind, payload)
                SELECT new_id, $6::uuid, k, p FROM (
                  SELECT src.new_id, src.ordinality, 1 AS step, 'created' AS k,
                         jsonb_build_object('number', src.new_number) AS p FROM src
                  UNION ALL
                  SELECT src.new_id, src.ordinality, 2, $7::text, $8::jsonb || coalesce(e.p, '{}'::jsonb)
                    FROM src LEFT JOIN json_to_recordset($9::json) AS e(o bigint, p jsonb) ON e.o = src.ordinality
                   WHERE $7::text IS NOT NULL) AS x
                ORDER BY ordinality, step)
         SELECT new_id AS id FROM src ORDER BY ordinality`,
        [
          JSON.stringify(records),
          JSON.stringify(tags),
          extra.statusId,
          extra.phase,
          extra.startDate,
          extra.createdById,
          extraEvent?.kind ?? null,
          JSON.stringify(extraEvent?.payload ?? {}),
          JSON.stringify(rows.map((r, i) => ({ o: i + 1, p: r.eventPayload ?? {} }))),
        ],
      );
      return found.map((r) => r.id);
    },

    /** The leads of `ids` as `get` returns them, in no particular order. */
    async getMany(ids: string[]): Promise<Lead[]> {
      if (ids.length === 0) return [];
      return (await db.query(`${leadSelect} WHERE l.id = ANY ($1::uuid[])`, [ids])).map(mapLead);
    },

    /** The owner and unit an assignment rule gave a lead just created (no edit of anyone's: same version). */
    async setOwnership(id: string, ownerId: string | null, unitId: string | null) {
      await db.query('UPDATE leads SET owner_id = $2, unit_id = $3 WHERE id = $1', [id, ownerId, unitId]);
    },

    /** Status and phase move only through the pipeline's actions (and PATCH's Assign). */
    async setStatus(id: string, statusId: string, phase: Phase) {
      await db.query('UPDATE leads SET status_id = $2, phase = $3 WHERE id = $1', [id, statusId, phase]);
    },

    async update(id: string, v: LeadValues, ownSearchText: string) {
      const sets: string[] = [];
      const params: unknown[] = [id];
      const put = (col: string, value: unknown) => {
        params.push(value);
        sets.push(`${col} = $${params.length}`);
        return `$${params.length}`;
      };
      for (const f of scalarFields) put(column(f), v[f]);
      putAddressAndMoney(v, put);
      params.push(ownSearchText);
      sets.push(
        `search_text = ${searchTextSql(
          `$${params.length}::text`,
          'number',
          `$${scalarFields.indexOf('companyId') + 2}::uuid`,
          `$${scalarFields.indexOf('contactId') + 2}::uuid`,
        )}`,
      );
      await db.query(
        `UPDATE leads SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
        params,
      );
    },

    async setTags(leadId: string, names: string[]) {
      await db.query('DELETE FROM lead_tags WHERE lead_id = $1', [leadId]);
      if (names.length === 0) return;
      await createTags(db, names);
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

    /** A deleted opportunity leaves the leads it came from. */
    async unlinkOpportunity(opportunityId: string) {
      await db.query('UPDATE leads SET opportunity_id = NULL WHERE opportunity_id = $1', [opportunityId]);
    },

    async delete(id: string) {
      // Events and lines go with the lead (ON DELETE CASCADE); leads merged into it keep pointing nowhere.
      await db.query('UPDATE leads SET merged_into_id = NULL WHERE merged_into_id = $1', [id]);
      const rows = await db.query('DELETE FROM leads WHERE id = $1 RETURNING id', [id]);
      return rows.length > 0;
    },

    /** Appends history entries in one statement; returns their ids. */
    async addEvents(
      leadId: string,
      actorId: string | null,
      events: { kind: string; field?: string; oldValue?: unknown; newValue?: unknown; payload?: unknown }[],
    ) {
      if (events.length === 0) return [];
      const rows = await db.query<{ id: string }>(
        `INSERT INTO lead_events (lead_id, actor_id, kind, field, old_value, new_value, payload)
         SELECT $1, $2, k, f, o::jsonb, n::jsonb, p::jsonb
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(k, f, o, n, p)
         RETURNING id`,
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
      return rows.map((r) => r.id);
    },

    /** A page of the lead's history, newest first (or the one entry `eventId`). */
    async timeline(leadId: string, k: Keyset, eventId?: string): Promise<TimelineItem[]> {
      const params: unknown[] = [leadId];
      const after = afterCursor(k, params);
      let cond = after ? `AND ${after}` : '';
      if (eventId) {
        params.push(eventId);
        cond += ` AND e.id = $${params.length}`;
      }
      const rows = await db.query<Record<string, unknown>>(
        `SELECT e.id, e.at, e.kind, e.actor_id, u.name AS actor_name, e.field, e.old_value, e.new_value,
                e.payload
           FROM lead_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.lead_id = $1 ${cond}
          ${orderAndLimit(k, params)}`,
        params,
      );
      return rows.map(mapTimelineItem);
    },

    /** For each table, the ids among its list that it does not hold: one round trip for all of them. */
    async missing(idsByTable: Map<string, string[]>): Promise<Map<string, Set<string>>> {
      const params: unknown[] = [];
      const parts: string[] = [];
      for (const [table, ids] of idsByTable) {
        if (ids.length === 0) continue;
        params.push(ids);
        parts.push(`SELECT '${table}' AS t, x.id::text AS id FROM unnest($${params.length}::uuid[]) AS x(id)
          WHERE NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.id = x.id)`);
      }
      const out = new Map<string, Set<string>>();
      if (parts.length === 0) return out;
      for (const r of await db.query<{ t: string; id: string }>(
        prepared(parts.join(' UNION ALL ')),
        params,
      )) {
        out.set(r.t, (out.get(r.t) ?? new Set()).add(r.id));
      }
      return out;
    },

    /** The ids of the tags named (case-insensitively) in `names`; unknown names are not in the map. */
    async tagIds(names: string[]): Promise<Map<string, string>> {
      if (names.length === 0) return new Map();
      const rows = await db.query<{ id: string; name: string }>(
        prepared('SELECT id, name FROM tags WHERE lower(name) = ANY ($1::text[])'),
        [names.map((n) => n.toLowerCase())],
      );
      return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
    },

    createTags: (names: string[]) => createTags(db, names),

    /** A page (by id) of the leads linked to a company or a contact. */
    async linkedTo(by: { companyId?: string; contactId?: string }, after: string | null, limit: number) {
      const rows = await db.query(
        `${leadSelect} WHERE (l.company_id = $1::uuid OR l.contact_id = $2::uuid)
            AND ($3::uuid IS NULL OR l.id > $3::uuid) ORDER BY l.id LIMIT $4`,
        [by.companyId ?? null, by.contactId ?? null, after, limit],
      );
      return rows.map(mapLead);
    },

    /** Stores the search text of several leads from their own part (see searchTextSql), in one statement. */
    async setOwnSearchText(items: { id: string; own: string }[]) {
      await db.query(
        `UPDATE leads l SET search_text = ${searchTextSql('x.own', 'l.number', 'l.company_id', 'l.contact_id')}
           FROM unnest($1::uuid[], $2::text[]) AS x(id, own) WHERE l.id = x.id`,
        [items.map((i) => i.id), items.map((i) => i.own)],
      );
    },
  };
}

const addressAndMoneyColumns = [
  'address_street',
  'address_postal_code',
  'address_city',
  'address_region',
  'address_country',
  'target_amount',
  'target_currency',
];

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
