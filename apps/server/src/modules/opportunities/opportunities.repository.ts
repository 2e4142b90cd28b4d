import type { Opportunity, OpportunityCreate, OpportunityHistoryItem } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { afterCursor, orderAndLimit, type Keyset, type SortColumn } from '../../lib/pagination';
import {
  opportunityScopeSql,
  type OpportunityAccessFacts,
  type OpportunityScope,
} from '../access/opportunity-policy';

export const opportunitySortColumns: Record<string, SortColumn> = {
  updatedAt: { sql: 'o.updated_at', cast: 'timestamptz' },
  createdAt: { sql: 'o.created_at', cast: 'timestamptz' },
  name: { sql: 'o.name', cast: 'text' },
  number: { sql: 'o.number', cast: 'text' },
  estimatedCloseDate: { sql: 'o.estimated_close_date', cast: 'date', nullable: true },
};

interface Row {
  id: string;
  number: string;
  name: string;
  responsible_id: string;
  city: string | null;
  current_situation: string | null;
  estimated_revenue: string | null;
  estimated_revenue_currency: string | null;
  estimated_close_date: string | null;
  selling_direction_id: string | null;
  originating_lead_id: string | null;
  company_id: string | null;
  contact_id: string | null;
  description: string | null;
  stage: Opportunity['stage'];
  closed_at: Date | null;
  created_by_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  lines: { productId: string; quantity: string; price: string }[];
}

const select = `SELECT o.*,
    coalesce((SELECT json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity::text, 'price', l.price::text)
                              ORDER BY l.position)
                FROM opportunity_lines l WHERE l.opportunity_id = o.id), '[]'::json) AS lines
  FROM opportunities o`;

export function toOpportunity(r: Row): Opportunity {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    responsibleId: r.responsible_id,
    city: r.city,
    currentSituation: r.current_situation,
    estimatedRevenue:
      r.estimated_revenue !== null
        ? { amount: r.estimated_revenue, currency: r.estimated_revenue_currency ?? 'EUR' }
        : null,
    estimatedCloseDate: r.estimated_close_date,
    sellingDirectionId: r.selling_direction_id,
    originatingLeadId: r.originating_lead_id,
    companyId: r.company_id,
    contactId: r.contact_id,
    description: r.description,
    lines: r.lines,
    stage: r.stage,
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
    createdById: r.created_by_id,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const columns: Record<string, string> = {
  name: 'name',
  responsibleId: 'responsible_id',
  city: 'city',
  currentSituation: 'current_situation',
  estimatedCloseDate: 'estimated_close_date',
  sellingDirectionId: 'selling_direction_id',
  originatingLeadId: 'originating_lead_id',
  companyId: 'company_id',
  contactId: 'contact_id',
  description: 'description',
  stage: 'stage',
};

export function createOpportunitiesRepository(db: Queryable) {
  return {
    async get(id: string) {
      const [row] = await db.query<Row>(`${select} WHERE o.id = $1`, [id]);
      return row ? toOpportunity(row) : undefined;
    },
    async list(
      f: {
        q?: string;
        stage?: string;
        responsibleId?: string;
        companyId?: string;
        originatingLeadId?: string;
      },
      k: Keyset,
      scope: OpportunityScope,
    ) {
      const params: unknown[] = [];
      const where: string[] = [opportunityScopeSql(scope, 'o', params)];
      const add = (sql: string, v: unknown) => {
        params.push(v);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (f.q) {
        params.push(`%${f.q.replace(/[\\%_]/g, '\\$&')}%`, f.q.trim().toUpperCase());
        where.push(`(o.name ILIKE $${params.length - 1} OR o.number = $${params.length})`);
      }
      if (f.stage) add('o.stage = ?', f.stage);
      if (f.responsibleId) add('o.responsible_id = ?', f.responsibleId);
      if (f.companyId) add('o.company_id = ?', f.companyId);
      if (f.originatingLeadId) add('o.originating_lead_id = ?', f.originatingLeadId);
      const filterSql = where.join(' AND ');
      const countParams = [...params];
      const after = afterCursor(k, params);
      const keyset = after ? ` AND ${after}` : '';
      const rows = await db.query<Row>(
        `${select} WHERE ${filterSql}${keyset} ${orderAndLimit(k, params)}`,
        params,
      );
      return {
        items: rows.map(toOpportunity),
        count: async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM opportunities o WHERE ${filterSql}`,
              countParams,
            )
          )[0].n,
      };
    },
    /** Whether a record an opportunity refers to exists (`extra`: a further condition, fixed text). */
    async referenceExists(table: string, id: string, extra = '') {
      return (await db.query(`SELECT 1 FROM ${table} WHERE id = $1 ${extra}`, [id])).length > 0;
    },
    async existingProductIds(ids: string[]) {
      const rows = await db.query<{ id: string }>('SELECT id FROM products WHERE id = ANY ($1::uuid[])', [
        ids,
      ]);
      return new Set(rows.map((r) => r.id));
    },
    /** Locks the opportunity while it still has this version; false when it moved on. */
    async lockVersion(id: string, version: number) {
      const rows = await db.query('SELECT 1 FROM opportunities WHERE id = $1 AND version = $2 FOR UPDATE', [
        id,
        version,
      ]);
      return rows.length > 0;
    },
    async remove(id: string) {
      await db.query('DELETE FROM opportunities WHERE id = $1', [id]);
    },
    /** What deciding whether a user may see the opportunity needs: its responsible's units and its lead. */
    async accessFacts(id: string): Promise<OpportunityAccessFacts | undefined> {
      const [row] = await db.query<{
        responsible_id: string;
        unit_ids: string[];
        lead_id: string | null;
        owner_id: string | null;
        unit_id: string | null;
        partner_company_id: string | null;
      }>(
        `SELECT o.responsible_id,
                ARRAY(SELECT um.unit_id::text FROM unit_members um WHERE um.user_id = o.responsible_id) AS unit_ids,
                l.id AS lead_id, l.owner_id, l.unit_id, l.partner_company_id
           FROM opportunities o LEFT JOIN leads l ON l.id = o.originating_lead_id
          WHERE o.id = $1`,
        [id],
      );
      if (!row) return undefined;
      return {
        responsibleId: row.responsible_id,
        responsibleUnitIds: row.unit_ids,
        lead: row.lead_id
          ? { ownerId: row.owner_id, unitId: row.unit_id, partnerCompanyId: row.partner_company_id }
          : null,
      };
    },
    async insert(input: OpportunityCreate, createdById: string) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO opportunities (name, responsible_id, city, current_situation, estimated_revenue, estimated_revenue_currency,
           estimated_close_date, selling_direction_id, originating_lead_id, company_id, contact_id, description, stage,
           closed_at, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $13 = 'open' THEN NULL ELSE now() END, $14)
         RETURNING id`,
        [
          input.name,
          input.responsibleId,
          input.city ?? null,
          input.currentSituation ?? null,
          input.estimatedRevenue?.amount ?? null,
          input.estimatedRevenue?.currency ?? null,
          input.estimatedCloseDate ?? null,
          input.sellingDirectionId ?? null,
          input.originatingLeadId ?? null,
          input.companyId ?? null,
          input.contactId ?? null,
          input.description ?? null,
          input.stage ?? 'open',
          createdById,
        ],
      );
      if (input.lines) await this.setLines(row.id, input.lines);
      return row.id;
    },
    async update(id: string, set: Record<string, unknown>) {
      const cols = Object.keys(set).filter((k) => k in columns);
      const params: unknown[] = [id, ...cols.map((k) => set[k])];
      const assignments = cols.map((k, i) => `${columns[k]} = $${i + 2}`);
      if ('estimatedRevenue' in set) {
        const money = set.estimatedRevenue as { amount: string; currency: string } | null;
        params.push(money?.amount ?? null, money?.currency ?? null);
        assignments.push(
          `estimated_revenue = $${params.length - 1}`,
          `estimated_revenue_currency = $${params.length}`,
        );
      }
      if ('stage' in set) {
        params.push(set.stage);
        assignments.push(
          `closed_at = CASE WHEN $${params.length} = 'open' THEN NULL ELSE coalesce(closed_at, now()) END`,
        );
      }
      assignments.push('version = version + 1', 'updated_at = now()');
      await db.query(`UPDATE opportunities SET ${assignments.join(', ')} WHERE id = $1`, params);
    },
    async setLines(id: string, lines: { productId: string; quantity: string; price: string }[]) {
      await db.query('DELETE FROM opportunity_lines WHERE opportunity_id = $1', [id]);
      if (lines.length === 0) return;
      await db.query(
        `INSERT INTO opportunity_lines (opportunity_id, product_id, quantity, price, position)
         SELECT $1, p, q::numeric, pr::numeric, ord FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS t(p, q, pr, ord)`,
        [id, lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.price)],
      );
    },
    /** Appends history entries in one statement. */
    async addEvents(
      opportunityId: string,
      actorId: string | null,
      events: {
        kind: OpportunityHistoryItem['kind'];
        field?: string;
        oldValue?: unknown;
        newValue?: unknown;
      }[],
    ) {
      if (events.length === 0) return;
      await db.query(
        `INSERT INTO opportunity_events (opportunity_id, actor_id, kind, field, old_value, new_value)
         SELECT $1, $2, k, f, o::jsonb, n::jsonb
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS x(k, f, o, n)`,
        [
          opportunityId,
          actorId,
          events.map((e) => e.kind),
          events.map((e) => e.field ?? null),
          events.map((e) => (e.oldValue === undefined ? null : JSON.stringify(e.oldValue))),
          events.map((e) => (e.newValue === undefined ? null : JSON.stringify(e.newValue))),
        ],
      );
    },
    /** A page of the opportunity's history, newest first. */
    async history(opportunityId: string, k: Keyset): Promise<OpportunityHistoryItem[]> {
      const params: unknown[] = [opportunityId];
      const after = afterCursor(k, params);
      const rows = await db.query<{
        id: string;
        at: Date;
        kind: OpportunityHistoryItem['kind'];
        actor_id: string | null;
        actor_name: string | null;
        field: string | null;
        old_value: unknown;
        new_value: unknown;
      }>(
        `SELECT e.id, e.at, e.kind, e.actor_id, u.name AS actor_name, e.field, e.old_value, e.new_value
           FROM opportunity_events e LEFT JOIN users u ON u.id = e.actor_id
          WHERE e.opportunity_id = $1 ${after ? `AND ${after}` : ''}
          ${orderAndLimit(k, params)}`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        kind: r.kind,
        actorId: r.actor_id,
        actorName: r.actor_name,
        field: r.field,
        oldValue: r.old_value,
        newValue: r.new_value,
      }));
    },
    /** A prospect company becomes a customer when one of its opportunities is won. */
    async promoteCompanyOnWin(id: string) {
      await db.query(
        `UPDATE companies c SET type = 'customer', version = c.version + 1, updated_at = now()
           FROM opportunities o WHERE o.id = $1 AND o.stage = 'won' AND c.id = o.company_id AND c.type = 'prospect'`,
        [id],
      );
    },
  };
}
