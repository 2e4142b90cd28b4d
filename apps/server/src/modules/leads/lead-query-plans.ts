import { LeadListQuery } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetOf } from '../../lib/pagination';
import type { LeadScope } from '../access/lead-policy';
import { leadCountSql, leadListSql, leadSortColumns } from './lead-sql';
import { leadListFilters } from './lead-filters.repository';

/**
 * Fills the leads table with `n` generated rows spread over owners, units, statuses, sources, dates,
 * scores and tags, so that the planner sees a realistic table. Used by the query-plan test and by
 * print-query-plans.ts (docs/query-plans.md).
 */
export async function generateLeads(db: Queryable, n: number) {
  await db.exec(`
    INSERT INTO users (email, name, roles)
      SELECT 'plans' || g || '@generated.test', 'Generated user ' || g, '{crm_sales}' FROM generate_series(1, 20) g
      ON CONFLICT DO NOTHING;
    INSERT INTO units (name) SELECT 'Generated unit ' || g FROM generate_series(1, 8) g ON CONFLICT DO NOTHING;
    INSERT INTO tags (name) SELECT 'generated-tag-' || g FROM generate_series(1, 20) g ON CONFLICT DO NOTHING;`);
  await db.query(
    `WITH u AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE email LIKE 'plans%@generated.test'),
          s AS (SELECT array_agg(id ORDER BY position) AS ids FROM lead_sources),
          st AS (SELECT array_agg(id ORDER BY position) AS ids, array_agg(phase ORDER BY position) AS phases
                   FROM lead_statuses),
          un AS (SELECT array_agg(id ORDER BY name) AS ids FROM units WHERE name LIKE 'Generated unit %'),
          base AS (SELECT (SELECT coalesce(max(substr(number, 3)::int), 0) FROM leads WHERE number LIKE 'G-%') AS off)
     INSERT INTO leads (number, name, source_id, status_id, phase, owner_id, unit_id, active, computed_score,
                        target_amount, target_currency, probability, score, expected_completion_date, start_date,
                        emails, phones, company_name, search_text, created_at, updated_at)
     SELECT 'G-' || lpad((base.off + g)::text, 7, '0'),
            (ARRAY['Cloud', 'Warehouse', 'Fleet', 'ERP', 'Payroll', 'Security', 'Backup', 'Analytics'])[1 + g % 8]
              || ' project ' || g,
            s.ids[1 + g % cardinality(s.ids)],
            st.ids[1 + (g / 7) % cardinality(st.ids)],
            st.phases[1 + (g / 7) % cardinality(st.ids)],
            CASE WHEN g % 10 = 0 THEN NULL ELSE u.ids[1 + g % cardinality(u.ids)] END,
            un.ids[1 + g % cardinality(un.ids)],
            g % 50 <> 0,
            g % 101,
            (g % 1000) * 10.5, 'EUR', g % 101, g % 6,
            current_date - 400 + (g % 600),
            current_date - (g % 500),
            ARRAY['contact' || g || '@example' || (g % 97) || '.test'],
            ARRAY['+4930' || lpad(g::text, 7, '0')],
            'Company ' || (g % 3000),
            (ARRAY['Cloud', 'Warehouse', 'Fleet', 'ERP', 'Payroll', 'Security', 'Backup', 'Analytics'])[1 + g % 8]
              || ' project ' || g || ' G-' || lpad((base.off + g)::text, 7, '0') || ' Company ' || (g % 3000)
              || ' contact' || g || '@example' || (g % 97) || '.test +4930' || lpad(g::text, 7, '0')
              || ' 4930' || lpad(g::text, 7, '0'),
            now() - make_interval(mins => g),
            now() - make_interval(mins => (g * 7) % 100000)
       FROM generate_series(1, $1::int) g, u, s, st, un, base`,
    [n],
  );
  await db.exec(`
    INSERT INTO lead_tags (lead_id, tag_id)
      SELECT l.id, t.id FROM leads l
        JOIN tags t ON t.name = 'generated-tag-' || (1 + abs(hashtext(l.number)) % 20)
       WHERE l.number LIKE 'G-%' AND abs(hashtext(l.number)) % 5 = 0
      ON CONFLICT DO NOTHING;
    ANALYZE leads; ANALYZE lead_tags; ANALYZE tags;`);
}

export interface PlanCase {
  title: string;
  /** The list query string as the API receives it. */
  query: Record<string, string | string[]>;
  scope: 'admin' | 'team' | 'partner';
  count?: boolean;
}

export const mainListQueries: PlanCase[] = [
  { title: 'My leads (default sort -updatedAt)', query: { view: 'my' }, scope: 'admin' },
  { title: 'My leads: total', query: { view: 'my' }, scope: 'admin', count: true },
  { title: 'All leads (default sort)', query: { view: 'all' }, scope: 'admin' },
  { title: 'Opened leads', query: { view: 'open' }, scope: 'admin' },
  { title: 'Closed leads', query: { view: 'closed' }, scope: 'admin' },
  { title: 'Full text: one e-mail', query: { q: 'contact4242' }, scope: 'admin' },
  { title: 'Full text: a common word', query: { q: 'warehouse' }, scope: 'admin' },
  { title: 'Full text: total', query: { q: 'contact4242' }, scope: 'admin', count: true },
  { title: 'Overdue leads (open phases)', query: { view: 'overdue' }, scope: 'admin' },
  { title: "Unassigned: a unit's queue", query: { view: 'unassigned', unitId: 'UNIT' }, scope: 'admin' },
  { title: 'Inactive leads', query: { view: 'inactive' }, scope: 'admin' },
  { title: 'Filter by status', query: { statusId: 'STATUS' }, scope: 'admin' },
  { title: 'Filter by phases', query: { phase: ['won', 'lost'] }, scope: 'admin' },
  { title: 'Filter by owner', query: { ownerId: 'USER' }, scope: 'admin' },
  { title: 'Filter by unit', query: { unitId: 'UNIT' }, scope: 'admin' },
  {
    title: 'Filter by source, newest first',
    query: { sourceId: 'SOURCE', sort: '-createdAt' },
    scope: 'admin',
  },
  { title: 'Filter by tag', query: { tag: 'generated-tag-7' }, scope: 'admin' },
  {
    title: 'Created in a range',
    query: { createdFrom: 'FROM', createdTo: 'TO', sort: '-createdAt' },
    scope: 'admin',
  },
  {
    title: 'Expected completion before',
    query: { expectedCompletionBefore: 'BEFORE', sort: 'expectedCompletionDate' },
    scope: 'admin',
  },
  {
    title: 'Score at least 95, best first',
    query: { scoreMin: '95', sort: '-computedScore' },
    scope: 'admin',
  },
  { title: 'Sorted by name', query: { sort: 'name' }, scope: 'admin' },
  { title: 'Sorted by target amount, largest first', query: { sort: '-targetAmount' }, scope: 'admin' },
  { title: "Visibility 'team': own leads and the team's units", query: { view: 'all' }, scope: 'team' },
  { title: "A partner's leads", query: { view: 'all' }, scope: 'partner' },
];

/** The SQL the list endpoint runs for a case, with the placeholders of the case replaced by real ids. */
export async function caseSql(db: Queryable, c: PlanCase) {
  const [ids] = await db.query<{
    user_id: string;
    unit_id: string;
    status_id: string;
    source_id: string;
    partner_id: string | null;
  }>(
    `SELECT (SELECT id FROM users WHERE email = 'plans2@generated.test') AS user_id,
            (SELECT id FROM units WHERE name = 'Generated unit 1') AS unit_id,
            (SELECT id FROM lead_statuses WHERE name = 'Sales qualification') AS status_id,
            (SELECT id FROM lead_sources WHERE code = 'email') AS source_id,
            (SELECT id FROM companies ORDER BY id LIMIT 1) AS partner_id`,
  );
  const [dates] = await db.query<{ from: string; to: string; before: string }>(
    `SELECT (current_date - 30)::text AS from, (current_date - 20)::text AS to, (current_date - 300)::text AS before`,
  );
  const replace = (v: string) =>
    ({
      USER: ids.user_id,
      UNIT: ids.unit_id,
      STATUS: ids.status_id,
      SOURCE: ids.source_id,
      FROM: dates.from,
      TO: dates.to,
      BEFORE: dates.before,
    })[v] ?? v;
  const raw = Object.fromEntries(
    Object.entries(c.query).map(([k, v]) => [k, Array.isArray(v) ? v.map(replace) : replace(v)]),
  );
  const query = LeadListQuery.parse(raw);
  const scope: LeadScope =
    c.scope === 'admin'
      ? { kind: 'all' }
      : c.scope === 'team'
        ? { kind: 'team', userId: ids.user_id, unitIds: [ids.unit_id] }
        : { kind: 'partner', partnerCompanyId: ids.partner_id ?? '00000000-0000-4000-8000-000000000000' };
  const [today] = await db.query<{ d: string }>('SELECT current_date::text AS d');
  const filters = leadListFilters(scope, ids.user_id, query, today.d);
  const k = keysetOf({ ...query, cursor: undefined }, leadSortColumns, '-updatedAt', 'l.id');
  return c.count ? leadCountSql(filters) : leadListSql(filters, k);
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export async function explainJson(db: Queryable, c: PlanCase): Promise<PlanNode> {
  const { text, params } = await caseSql(db, c);
  const rows = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, params);
  const raw = rows[0]['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return parsed[0].Plan;
}

export async function explainText(db: Queryable, c: PlanCase): Promise<string> {
  const { text, params } = await caseSql(db, c);
  const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
