import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

let t: TestApp;
let admin: Client;
let sales: Client;
let c: Catalog;
let unitA: string;
let unitB: string;
let newStatus: string;
let wonStatus: string;

type Group = {
  statusId: string;
  count: number;
  targetAmountSum: { amount: string; currency: string } | null;
  targetAmountSums: { amount: string; currency: string }[];
};
const groupOf = (res: { json(): unknown }, statusId: string) =>
  (res.json() as { groups: Group[] }).groups.find((g) => g.statusId === statusId);

async function status(phase: string) {
  return (
    await t.db.query<{ id: string }>(
      'SELECT id FROM lead_statuses WHERE phase = $1 ORDER BY position LIMIT 1',
      [phase],
    )
  )[0].id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  unitA = (await admin.post('/api/v1/units', { name: 'North' })).json().id;
  unitB = (await admin.post('/api/v1/units', { name: 'South' })).json().id;
  sales = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
  newStatus = await status('new');
  wonStatus = await status('won');
  const mk = async (name: string, extra: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/leads', validLead(c, { name, ...extra }));
    if (res.statusCode !== 201) throw new Error(`${name}: ${res.body}`);
    return res.json().id as string;
  };
  await mk('North 100', { unitId: unitA, targetAmount: { amount: '100.50', currency: 'EUR' } });
  await mk('North 200', { unitId: unitA, targetAmount: { amount: '200.00', currency: 'EUR' } });
  await mk('North dollars', { unitId: unitA, targetAmount: { amount: '70.00', currency: 'USD' } });
  await mk('North no amount', { unitId: unitA, sourceId: c.sources.web });
  await mk('South 1000', { unitId: unitB, targetAmount: { amount: '1000.00', currency: 'EUR' } });
  const won = await mk('Won 5', { ownerId: sales.userId, targetAmount: { amount: '5.00', currency: 'EUR' } });
  await t.db.query(`UPDATE leads SET status_id = $2, phase = 'won' WHERE id = $1`, [won, wonStatus]);
});
afterAll(() => t.close());

describe('lead totals per status', () => {
  it('counts every lead of a status and sums its target amounts in the default currency', async () => {
    const res = await admin.get('/api/v1/leads/summary?groupBy=statusId');
    expect(res.statusCode).toBe(200);
    const open = groupOf(res, newStatus);
    expect(open?.count).toBe(5);
    expect(open?.targetAmountSum).toEqual({ amount: '1300.50', currency: 'EUR' });
    expect(open?.targetAmountSums).toEqual([
      { amount: '1300.50', currency: 'EUR' },
      { amount: '70.00', currency: 'USD' },
    ]);
    expect(groupOf(res, wonStatus)).toMatchObject({
      count: 1,
      targetAmountSum: { amount: '5.00', currency: 'EUR' },
    });
  });

  it('applies the same filters as the list', async () => {
    const res = await admin.get(`/api/v1/leads/summary?groupBy=statusId&sourceId=${c.sources.web}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().groups).toEqual([
      { statusId: newStatus, count: 1, targetAmountSum: null, targetAmountSums: [] },
    ]);
    const closed = await admin.get('/api/v1/leads/summary?view=closed');
    expect(closed.json().groups.map((g: Group) => g.statusId)).toEqual([wonStatus]);
    const list = await admin.get(`/api/v1/leads?unitId=${unitA}`);
    const summary = await admin.get(`/api/v1/leads/summary?unitId=${unitA}`);
    expect(groupOf(summary, newStatus)?.count).toBe(list.json().total);
  });

  it('does not count leads the user may not see', async () => {
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const res = await sales.get('/api/v1/leads/summary?groupBy=statusId');
      expect(res.statusCode).toBe(200);
      expect(groupOf(res, newStatus)).toMatchObject({
        count: 4,
        targetAmountSum: { amount: '300.50', currency: 'EUR' },
      });
      expect(groupOf(res, wonStatus)?.count).toBe(1);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });

  it('rejects an unknown grouping and stays distinct from a lead id', async () => {
    expect((await admin.get('/api/v1/leads/summary?groupBy=ownerId')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/leads/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('kept status totals', () => {
  // A filter on the creation date sends the summary to the leads themselves; the board's own filters are
  // answered from the kept totals. Both must agree after every way a lead changes.
  const views = ['', '&view=open', '&view=closed', '&view=inactive', '&view=unassigned', `&unitId=${'UNIT'}`];
  async function expectTotalsMatchLeads(who: Client = admin) {
    for (const v of views) {
      const q = `/api/v1/leads/summary?groupBy=statusId${v.replace('UNIT', unitA)}`;
      const kept = (await who.get(q)).json<{ groups: Group[] }>().groups;
      const counted = (await who.get(`${q}&createdFrom=2000-01-01`)).json<{ groups: Group[] }>().groups;
      const byStatus = (gs: Group[]) => [...gs].sort((a, b) => a.statusId.localeCompare(b.statusId));
      expect(byStatus(kept), q).toEqual(byStatus(counted));
      // A list's total is read from the same totals for the same filters.
      const list = `/api/v1/leads?limit=1${v.replace('UNIT', unitA)}`;
      const total = (await who.get(list)).json<{ total: number }>().total;
      expect(total, list).toBe(
        (await who.get(`${list}&createdFrom=2000-01-01`)).json<{ total: number }>().total,
      );
      expect(total, list).toBe(counted.reduce((n, g) => n + g.count, 0));
    }
  }

  it('are what the board reads', async () => {
    const count = async (q: string) => groupOf(await admin.get(q), newStatus)?.count ?? 0;
    const before = await count('/api/v1/leads/summary?view=open');
    await t.db.query(
      `INSERT INTO lead_status_total_changes VALUES ($1, 'new', NULL, true, NULL, NULL, NULL, 1, 0, 0)`,
      [newStatus],
    );
    try {
      expect(await count('/api/v1/leads/summary?view=open')).toBe(before + 1);
      expect(await count('/api/v1/leads/summary?view=open&createdFrom=2000-01-01')).toBe(before);
      const total = async (q: string) => (await admin.get(q)).json<{ total: number }>().total;
      expect(await total(`/api/v1/leads?view=open&statusId=${newStatus}`)).toBe(before + 1);
      expect(await total(`/api/v1/leads?view=open&statusId=${newStatus}&createdFrom=2000-01-01`)).toBe(
        before,
      );
    } finally {
      await t.db.query(
        'DELETE FROM lead_status_total_changes WHERE n = 1 AND owner_id IS NULL AND unit_id IS NULL',
      );
    }
  });

  it('agree with the leads through creates, edits, actions, merges, deletes and folds', async () => {
    await expectTotalsMatchLeads();
    // A burst of single creates and a batch, side by side.
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        admin.post(
          '/api/v1/leads',
          validLead(c, {
            name: `Burst ${i}`,
            unitId: i % 2 ? unitA : unitB,
            targetAmount: i % 3 ? { amount: `${i}.25`, currency: i % 4 ? 'EUR' : 'USD' } : null,
          }),
        ),
      ),
    );
    const ids = made.map((r) => r.json<{ id: string }>().id);
    await admin.post('/api/v1/leads/batch', {
      items: Array.from({ length: 5 }, (_, i) => validLead(c, { name: `Batch ${i}`, unitId: unitA })),
    });
    await expectTotalsMatchLeads();
    await admin.patch(`/api/v1/leads/${ids[0]}`, { targetAmount: { amount: '999.99', currency: 'USD' } });
    await admin.patch(`/api/v1/leads/${ids[1]}`, { unitId: unitB });
    await admin.patch(`/api/v1/leads/${ids[2]}`, { targetAmount: null });
    await sales.post('/api/v1/leads/bulk', { ids: [ids[3], ids[5]], action: 'take', params: {} });
    await admin.post(`/api/v1/leads/${ids[4]}/actions/deactivate`, {});
    await t.db.query(`UPDATE leads SET status_id = $2, phase = 'won' WHERE id = $1`, [ids[6], wonStatus]);
    await expectTotalsMatchLeads();
    await expectTotalsMatchLeads(sales);
    const merged = await admin.post('/api/v1/leads/merge', {
      keepId: ids[7],
      mergeIds: [ids[8]],
      fields: {},
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await admin.del(`/api/v1/leads/${ids[9]}`)).statusCode).toBe(204);
    await expectTotalsMatchLeads();
    // Folding moves the changes into the kept figures without changing them.
    await t.db.query('SELECT fold_lead_status_totals()');
    expect((await t.db.query('SELECT count(*)::int AS n FROM lead_status_total_changes'))[0].n).toBe(0);
    await expectTotalsMatchLeads();
    await expectTotalsMatchLeads(sales);
    // Counted anew from the leads (after a load with the triggers off), the figures are the same.
    const dayCounts = () =>
      t.db.query(`SELECT status_id, phase, sum(n)::int AS n FROM (SELECT * FROM report_day_counts
                    UNION ALL SELECT * FROM report_day_count_changes) c GROUP BY 1, 2 ORDER BY 1, 2`);
    const before = await dayCounts();
    for (const table of ['report_day_counts', 'report_day_count_changes', 'lead_status_totals'])
      await t.db.query(`DELETE FROM ${table}`);
    await t.db.query('SELECT rebuild_report_day_counts(), rebuild_lead_status_totals()');
    expect(await dayCounts()).toEqual(before);
    await expectTotalsMatchLeads();
  });
});
