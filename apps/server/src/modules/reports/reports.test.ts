import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * Every report over a hand-counted pipeline: six leads created and worked through the API, their
 * history then moved to fixed moments of March 2026 so that weeks, months and durations are exact.
 *
 *   lead  source  campaign  owner  path (hours after 2026-03-02 08:00Z)            outcome
 *   L1    Email   Spring    sam    created 0, assigned 1, qualified 3 (1000 EUR)   won, opportunity won
 *   L2    Email   Spring    sam    created 0, assigned 2, disqualified 6            lost, Non-target client
 *   L3    Email   -         sue    created 0, assigned 1, moved 2, disqualified 4  lost, Non-target client
 *   L4    Call    -         sue    created 0, assigned 3, dropped 4                 dropped
 *   L5    Call    -         -      created 2026-01-07, untouched                   new, no next step
 *   L6    Call    -         sam    created 0, assigned 1                            open, overdue, next step set
 */

interface Lead {
  id: string;
  opportunity?: { id: string };
}

const T0 = '2026-03-02T08:00:00.000Z';
let t: TestApp;
let admin: Client;
let sam: Client; // crm_sales of the north unit
let sue: Client; // crm_sales of the south unit
const status: Record<string, string> = {};
let email: string;
let call: string;
let campaign: string;
let nonTarget: string;
let direction: string;
const lead: Record<string, string> = {};

const q = <T>(sql: string, params: unknown[] = []) => t.db.query<T & Record<string, unknown>>(sql, params);

const nine = {
  goal: 'Replace the old CRM',
  implementationOptions: 'Cloud',
  procurementProcedure: 'Tender',
  decisionLevel: 'Board',
  terms: 'Q3',
  decisionMaker: 'CFO',
  selectionCriteria: 'Price, support',
  complianceWithCriteria: 'High',
  channel: 'Direct',
};

/** Moves the lead's history written since the last call to `hours` after T0 (creation: 0). */
async function stamp(id: string, hours: number) {
  await q(
    `UPDATE lead_events SET at = $2::timestamptz + $3 * interval '1 hour'
      WHERE lead_id = $1 AND at > '2026-06-01'`,
    [id, T0, hours],
  );
  if (hours === 0) await q(`UPDATE leads SET created_at = $2 WHERE id = $1`, [id, T0]);
}

async function act(by: Client, id: string, action: string, body: unknown, hours: number) {
  const res = await by.post(`/api/v1/leads/${id}/actions/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  await stamp(id, hours);
  return res.json<Lead>();
}

async function create(name: string, sourceId: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/leads', {
    name,
    sourceId,
    prospectType: 'person',
    newContact: true,
    firstName: 'Pat',
    lastName: name,
    salesDirectionId: direction,
    ...nine,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id } = res.json<Lead>();
  await stamp(id, 0);
  lead[name] = id;
  return id;
}

async function report<T>(by: Client, path: string): Promise<T> {
  const res = await by.get(`/api/v1/reports/${path}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const north = (await admin.post('/api/v1/units', { name: 'North' })).json<{ id: string }>().id;
  const south = (await admin.post('/api/v1/units', { name: 'South' })).json<{ id: string }>().id;
  sam = await userWith(t.app, admin, ['crm_sales'], { unitIds: [north] });
  sue = await userWith(t.app, admin, ['crm_sales'], { unitIds: [south] });
  for (const r of await q<{ id: string; name: string }>('SELECT id, name FROM lead_statuses'))
    status[r.name] = r.id;
  [{ id: email }] = await q<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Email'`);
  [{ id: call }] = await q<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Call'`);
  [{ id: nonTarget }] = await q<{ id: string }>(
    `SELECT id FROM disqualification_codes WHERE name = 'Non-target client'`,
  );
  [{ id: direction }] = await q<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Software') RETURNING id`,
  );
  [{ id: campaign }] = await q<{ id: string }>(
    `INSERT INTO marketing_campaigns (name) VALUES ('Spring') RETURNING id`,
  );

  const l1 = await create('L1', email, { marketingCampaignId: campaign });
  await act(admin, l1, 'assign', { ownerId: sam.userId }, 1);
  const won = await act(
    sam,
    l1,
    'qualify',
    { opportunity: { city: 'Hamburg', estimatedRevenue: { amount: '1000.00', currency: 'EUR' } } },
    3,
  );
  const opp = await admin.patch(`/api/v1/opportunities/${won.opportunity!.id}`, { stage: 'won' });
  expect(opp.statusCode, opp.body).toBe(200);

  const l2 = await create('L2', email, { marketingCampaignId: campaign });
  await act(admin, l2, 'assign', { ownerId: sam.userId }, 2);
  await act(sam, l2, 'disqualify', { codeId: nonTarget, reason: 'Too small' }, 6);

  const l3 = await create('L3', email);
  await act(admin, l3, 'assign', { ownerId: sue.userId }, 1);
  await act(sue, l3, 'move', { statusId: status['Sales qualification'] }, 2);
  await act(sue, l3, 'disqualify', { codeId: nonTarget, reason: 'Wrong market' }, 4);

  const l4 = await create('L4', call);
  await act(admin, l4, 'assign', { ownerId: sue.userId }, 3);
  await act(admin, l4, 'drop', { reason: 'Duplicate request' }, 4);

  const l5 = await create('L5', call);
  await q(
    `UPDATE leads SET created_at = '2026-01-07T10:00:00Z', expected_completion_date = '2099-01-01' WHERE id = $1`,
    [l5],
  );

  const l6 = await create('L6', call);
  await act(admin, l6, 'assign', { ownerId: sam.userId }, 1);
  // Overdue, and with a planned next step (an open activity sets next_event_at).
  await q(
    `UPDATE leads SET expected_completion_date = '2026-03-10', next_event_at = '2099-01-01T09:00:00Z' WHERE id = $1`,
    [l6],
  );
}, 240_000);
afterAll(() => t.close());

describe('reports', { timeout: 120_000 }, () => {
  it('funnel: leads per phase and status with the conversion rates', async () => {
    const r = await report<{
      total: number;
      phases: { phase: string; count: number }[];
      statuses: { statusId: string; count: number }[];
      conversion: { newToInProgress: number | null; inProgressToWon: number | null };
    }>(admin, 'funnel');
    expect(r.total).toBe(6);
    expect(r.phases).toEqual([
      { phase: 'new', count: 1 },
      { phase: 'in_progress', count: 1 },
      { phase: 'won', count: 1 },
      { phase: 'lost', count: 2 },
      { phase: 'dropped', count: 1 },
    ]);
    expect(byKey(r.statuses, (s) => s.statusId)).toEqual(
      byKey(
        [
          { statusId: status['To be processed'], count: 1 },
          { statusId: status['Marketing qualification'], count: 1 },
          { statusId: status['Qualified (converted)'], count: 1 },
          { statusId: status['Disqualified (lost)'], count: 2 },
          { statusId: status.Dropped, count: 1 },
        ],
        (s) => s.statusId,
      ),
    );
    // 4 of 6 left the new phase other than by dropping; 1 of those 4 was won.
    expect(r.conversion).toEqual({ newToInProgress: 66.7, inProgressToWon: 25 });

    // The period is the creation date: L5 came in January.
    const march = await report<{ total: number }>(admin, 'funnel?from=2026-03-01&to=2026-03-31');
    expect(march.total).toBe(5);
    const bySource = await report<{ total: number }>(admin, `funnel?sourceId=${call}`);
    expect(bySource.total).toBe(3);
    const byOwner = await report<{ total: number }>(admin, `funnel?ownerId=${sue.userId}`);
    expect(byOwner.total).toBe(2);
  });

  it('created: leads per week and source', async () => {
    const r = await report<{ weeks: { week: string; sourceId: string; count: number }[] }>(admin, 'created');
    expect(byKey(r.weeks, (w) => w.week + w.sourceId)).toEqual(
      byKey(
        [
          { week: '2026-01-05', sourceId: call, count: 1 },
          { week: '2026-03-02', sourceId: call, count: 2 },
          { week: '2026-03-02', sourceId: email, count: 3 },
        ],
        (w) => w.week + w.sourceId,
      ),
    );
    const jan = await report<{ weeks: unknown[] }>(admin, 'created?to=2026-01-31');
    expect(jan.weeks).toEqual([{ week: '2026-01-05', sourceId: call, count: 1 }]);
  });

  it('outcomes: won, lost and dropped per month with the top disqualification codes', async () => {
    const r = await report(admin, 'outcomes');
    expect(r).toEqual({
      months: [{ month: '2026-03', won: 1, lost: 2, dropped: 1 }],
      topCodes: [{ codeId: nonTarget, count: 2 }],
    });
    // The period is the date of closing.
    expect(await report(admin, 'outcomes?from=2026-04-01')).toEqual({ months: [], topCodes: [] });
  });

  it('time in status: average stay per status and time to qualify', async () => {
    const r = await report<{
      statuses: { statusId: string; count: number; averageSeconds: number }[];
      timeToQualify: { count: number; averageSeconds: number | null };
    }>(admin, 'time-in-status');
    const h = 3600;
    expect(byKey(r.statuses, (s) => s.statusId)).toEqual(
      byKey(
        [
          // L1 1h, L2 2h, L3 1h, L4 3h, L6 1h
          { statusId: status['To be processed'], count: 5, averageSeconds: 1.6 * h },
          // L1 2h, L2 4h, L3 1h, L4 1h
          { statusId: status['Marketing qualification'], count: 4, averageSeconds: 2 * h },
          { statusId: status['Sales qualification'], count: 1, averageSeconds: 2 * h },
        ],
        (s) => s.statusId,
      ),
    );
    expect(r.timeToQualify).toEqual({ count: 1, averageSeconds: 3 * h });
  });

  it('owners: open, overdue and no next step per owner', async () => {
    const r = await report<{ owners: { ownerId: string | null }[] }>(admin, 'owners');
    expect(byKey(r.owners, (o) => o.ownerId ?? '')).toEqual([
      { ownerId: null, open: 1, overdue: 0, noNextStep: 1 },
      { ownerId: sam.userId, open: 1, overdue: 1, noNextStep: 0 },
    ]);
  });

  it('sources: leads, qualified, conversion and won value per source and campaign', async () => {
    const r = await report<{ sources: { sourceId: string; campaignId: string | null }[] }>(admin, 'sources');
    const key = (s: { sourceId: string; campaignId: string | null }) => s.sourceId + (s.campaignId ?? '');
    expect(byKey(r.sources, key)).toEqual(
      byKey(
        [
          {
            sourceId: email,
            campaignId: campaign,
            leads: 2,
            qualified: 1,
            conversion: 50,
            wonValue: [{ amount: '1000.00', currency: 'EUR' }],
          },
          { sourceId: email, campaignId: null, leads: 1, qualified: 0, conversion: 0, wonValue: [] },
          { sourceId: call, campaignId: null, leads: 3, qualified: 0, conversion: 0, wonValue: [] },
        ],
        key,
      ),
    );
  });

  it('directions: open leads and their target amounts per sales direction', async () => {
    const settings = (await admin.get('/api/v1/settings')).json<{ defaultCurrency: string }>();
    const other = settings.defaultCurrency === 'USD' ? 'EUR' : 'USD';
    // L5 without a currency (the default one), L6 in another currency; closed L1 is not counted.
    await q(`UPDATE leads SET target_amount = 100.25, target_currency = NULL WHERE id = $1`, [lead.L5]);
    await q(`UPDATE leads SET target_amount = 40, target_currency = $2 WHERE id = $1`, [lead.L6, other]);
    await q(`UPDATE leads SET target_amount = 999 WHERE id = $1`, [lead.L1]);
    expect(await report(admin, 'directions')).toEqual({
      directions: [
        {
          salesDirectionId: direction,
          count: 2,
          targetAmounts: [
            { amount: '100.25', currency: settings.defaultCurrency },
            { amount: '40.00', currency: other },
          ],
        },
      ],
    });
    expect(await report(admin, 'directions?from=2026-03-01')).toEqual({
      directions: [
        { salesDirectionId: direction, count: 1, targetAmounts: [{ amount: '40.00', currency: other }] },
      ],
    });
    const csv = await admin.get('/api/v1/reports/directions?format=csv');
    expect(csv.body.trim().split('\n')).toEqual([
      'salesDirectionId,count,targetAmount',
      `${direction},2,100.25 ${settings.defaultCurrency}; 40.00 ${other}`,
    ]);
  });

  it('the lead list takes the filters a chart click carries: direction, campaign, no next step', async () => {
    const ids = async (query: string) =>
      (await admin.get(`/api/v1/leads?${query.startsWith('view=') ? '' : 'view=all&'}${query}`))
        .json<{ items: { name: string }[] }>()
        .items.map((l) => l.name)
        .sort();
    expect(await ids(`marketingCampaignId=${campaign}`)).toEqual(['L1', 'L2']);
    expect(await ids(`marketingCampaignId=none&sourceId=${email}`)).toEqual(['L3']);
    expect(await ids(`salesDirectionId=${direction}&phase=new&phase=in_progress`)).toEqual(['L5', 'L6']);
    expect(await ids('salesDirectionId=none')).toEqual([]);
    expect(await ids('view=open&hasNextEvent=false')).toEqual(['L5']);
    expect(await ids(`createdFrom=2026-03-02&createdTo=2026-03-08&sourceId=${call}`)).toEqual(['L4', 'L6']);
    const bad = await admin.get('/api/v1/leads?salesDirectionId=software');
    expect(bad.statusCode).toBe(400);
  });

  it('exports each report as CSV, by ?format=csv or Accept: text/csv', async () => {
    const funnel = await admin.get('/api/v1/reports/funnel?format=csv');
    expect(funnel.statusCode).toBe(200);
    expect(funnel.headers['content-type']).toMatch(/^text\/csv/);
    expect(funnel.headers['content-disposition']).toBe('attachment; filename="funnel.csv"');
    const lines = funnel.body.trim().split('\n');
    expect(lines[0]).toBe('part,key,count');
    expect(lines).toContain('phase,lost,2');
    expect(lines).toContain(`status,${status['Disqualified (lost)']},2`);

    const owners = await admin.inject({
      method: 'GET',
      url: '/api/v1/reports/owners',
      headers: { accept: 'text/csv' },
    });
    expect(owners.headers['content-type']).toMatch(/^text\/csv/);
    expect(owners.body.trim().split('\n').sort()).toEqual(
      ['ownerId,open,overdue,noNextStep', ',1,0,1', `${sam.userId},1,1,0`].sort(),
    );
    for (const name of ['created', 'outcomes', 'time-in-status', 'sources', 'directions']) {
      const res = await admin.get(`/api/v1/reports/${name}?format=csv`);
      expect(res.statusCode, name).toBe(200);
      expect(res.body.split('\n').length, name).toBeGreaterThan(2);
    }
    expect((await admin.get('/api/v1/reports/created?format=json')).json()).toHaveProperty('weeks');
  });

  it('refuses bad filters naming each field, and callers not signed in', async () => {
    const res = await admin.get('/api/v1/reports/funnel?from=2026-13-01&unitId=north&format=xml');
    expect([400, 422]).toContain(res.statusCode);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields.sort()).toEqual(['format', 'from', 'unitId']);
    const reversed = await admin.get('/api/v1/reports/outcomes?from=2026-03-02&to=2026-03-01');
    expect([400, 422]).toContain(reversed.statusCode);
    expect(reversed.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['to']);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/reports/funnel' });
    expect(anonymous.statusCode).toBe(401);
  });

  it("with visibility 'team' each sales user counts only their own and their unit's leads", async () => {
    expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
    try {
      const samFunnel = await report<{ total: number; phases: { phase: string; count: number }[] }>(
        sam,
        'funnel',
      );
      expect(samFunnel.total).toBe(3);
      expect(samFunnel.phases.filter((p) => p.count > 0)).toEqual([
        { phase: 'in_progress', count: 1 },
        { phase: 'won', count: 1 },
        { phase: 'lost', count: 1 },
      ]);
      const sueFunnel = await report<{ total: number }>(sue, 'funnel');
      expect(sueFunnel.total).toBe(2);
      expect(await report(sue, 'outcomes')).toEqual({
        months: [{ month: '2026-03', won: 0, lost: 1, dropped: 1 }],
        topCodes: [{ codeId: nonTarget, count: 1 }],
      });
      expect(await report(sue, 'owners')).toEqual({ owners: [] });
      expect(await report(sam, 'owners')).toEqual({
        owners: [{ ownerId: sam.userId, open: 1, overdue: 1, noNextStep: 0 }],
      });
      const samTime = await report<{ timeToQualify: unknown }>(sam, 'time-in-status');
      expect(samTime.timeToQualify).toEqual({ count: 1, averageSeconds: 3 * 3600 });
      const sueSources = await report<{ sources: unknown[] }>(sue, 'sources');
      expect(byKey(sueSources.sources as { sourceId: string }[], (s) => s.sourceId)).toEqual(
        byKey(
          [
            { sourceId: email, campaignId: null, leads: 1, qualified: 0, conversion: 0, wonValue: [] },
            { sourceId: call, campaignId: null, leads: 1, qualified: 0, conversion: 0, wonValue: [] },
          ],
          (s) => s.sourceId,
        ),
      );
      const samDirections = await report<{ directions: { count: number }[] }>(sam, 'directions');
      expect(samDirections.directions.map((d) => d.count)).toEqual([1]);
      expect(await report(sue, 'directions')).toEqual({ directions: [] });
      // A filter cannot widen the scope: sue asking for sam's leads gets nothing.
      expect((await report<{ total: number }>(sue, `funnel?ownerId=${sam.userId}`)).total).toBe(0);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });
  it('the per-day counts behind the reports stay exact when folded and when leads change or go', async () => {
    const all = async () => ({
      funnel: await report(admin, 'funnel'),
      created: await report(admin, 'created'),
      sources: await report(admin, 'sources'),
      directions: await report(admin, 'directions'),
    });
    const before = await all();
    await q('SELECT fold_report_day_counts()');
    const [pending] = await q<{ n: number }>(
      `SELECT ((SELECT count(*) FROM report_day_count_changes)
             + (SELECT count(*) FROM report_day_open_amount_changes))::int AS n`,
    );
    expect(pending.n).toBe(0);
    expect(await all()).toEqual(before);

    // L6 moves to March 1st's week and loses its direction; L4 is deleted.
    await q(`UPDATE leads SET created_at = '2026-02-24T10:00:00Z', sales_direction_id = NULL WHERE id = $1`, [
      lead.L6,
    ]);
    expect((await admin.del(`/api/v1/leads/${lead.L4}`)).statusCode).toBe(204);
    const after = await report<{ total: number }>(admin, 'funnel');
    expect(after.total).toBe(5);
    const created = await report<{ weeks: { week: string; sourceId: string; count: number }[] }>(
      admin,
      'created',
    );
    expect(byKey(created.weeks, (w) => w.week + w.sourceId)).toEqual(
      byKey(
        [
          { week: '2026-01-05', sourceId: call, count: 1 },
          { week: '2026-02-23', sourceId: call, count: 1 },
          { week: '2026-03-02', sourceId: email, count: 3 },
        ],
        (w) => w.week + w.sourceId,
      ),
    );
    const directions = await report<{ directions: { salesDirectionId: string | null; count: number }[] }>(
      admin,
      'directions',
    );
    expect(directions.directions.map((d) => [d.salesDirectionId, d.count])).toEqual([
      [direction, 1],
      [null, 1],
    ]);
    await q('SELECT fold_report_day_counts()');
    expect(await report(admin, 'created')).toEqual(created);
    expect(await report(admin, 'directions')).toEqual(directions);
  });
});
