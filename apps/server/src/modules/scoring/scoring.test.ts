import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(() => t.close());

let seq = 0;
async function rule(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/scoring-rules', { name: `Rule ${++seq}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; name: string; version: number }>();
}
async function clearRules() {
  const all = (await admin.get('/api/v1/scoring-rules?limit=500')).json<{ items: { id: string }[] }>();
  for (const r of all.items) await admin.del(`/api/v1/scoring-rules/${r.id}`);
}
async function waitForRun(id: string) {
  for (let i = 0; i < 200; i++) {
    const run = (await admin.get(`/api/v1/scoring-runs/${id}`)).json<{ state: string }>();
    if (run.state === 'done' || run.state === 'failed') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the run did not finish');
}
const leadOf = async (id: string) =>
  (await admin.get(`/api/v1/leads/${id}`)).json<{
    computedScore: number;
    scoreReasons: { ruleId: string; name: string; points: number; decayed?: boolean }[];
  }>();

describe('scoring rules', () => {
  it('are written by administrators only and refuse a condition that is not JSON Logic', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect(
      (await sales.post('/api/v1/scoring-rules', { name: 'x', condition: true, points: 1 })).statusCode,
    ).toBe(403);
    expect((await sales.get('/api/v1/scoring-rules')).statusCode).toBe(200);
    const bad = await admin.post('/api/v1/scoring-rules', {
      name: ' ',
      condition: { frobnicate: [1] },
      points: 5000,
      decayDays: 0,
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['condition', 'decayDays', 'name', 'points'].sort());
    const r = await rule({ condition: true, points: 1 });
    expect(
      (await admin.post('/api/v1/scoring-rules', { name: r.name, condition: true, points: 2 })).statusCode,
    ).toBe(422);
    await clearRules();
  });

  it('score a lead on save from its fields, company, contact and events, with reasons; negative points count', async () => {
    await clearRules();
    const key = await rule({
      name: 'Key account',
      condition: { '==': [{ var: 'lead.keyAccount' }, true] },
      points: 20,
    });
    const cloud = await rule({
      name: 'Cloud interest',
      condition: { '==': [{ var: 'lead.salesDirectionId' }, c.directions.cloud] },
      points: 10,
    });
    await rule({
      name: 'Known company',
      condition: { '==': [{ var: 'company.name' }, 'Acme Logistics'] },
      points: 5,
    });
    const meeting = await rule({
      name: 'Meeting held',
      condition: { '>': [{ var: 'events.meetingsHeld' }, 0] },
      points: 15,
    });
    const freemail = await rule({
      name: 'Hardware only',
      condition: { '==': [{ var: 'lead.salesDirectionId' }, c.directions.hardware] },
      points: -8,
    });
    const created = await admin.post('/api/v1/leads', validLead(c, { keyAccount: true }));
    expect(created.statusCode, created.body).toBe(201);
    const lead = created.json();
    expect(lead.computedScore).toBe(35);
    expect(lead.scoreReasons.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(
      [
        key.id,
        cloud.id,
        lead.scoreReasons.find((r: { name: string }) => r.name === 'Known company').ruleId,
      ].sort(),
    );
    expect(await leadOf(lead.id)).toMatchObject({ computedScore: 35 });

    // A change of the lead re-scores it in the same request.
    const changed = await admin.patch(`/api/v1/leads/${lead.id}`, {
      salesDirectionId: c.directions.hardware,
      productId: null,
      productLines: [],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().computedScore).toBe(20 + 5 - 8);
    expect(changed.json().scoreReasons).toContainEqual({
      ruleId: freemail.id,
      name: 'Hardware only',
      points: -8,
    });

    // A meeting held counts at once.
    const act = await admin.post(`/api/v1/leads/${lead.id}/activities`, {
      type: 'meeting',
      subject: 'Kick-off',
      startAt: new Date().toISOString(),
      done: true,
    });
    expect(act.statusCode, act.body).toBe(201);
    const after = await leadOf(lead.id);
    expect(after.computedScore).toBe(20 + 5 - 8 + 15);
    expect(after.scoreReasons).toContainEqual({ ruleId: meeting.id, name: 'Meeting held', points: 15 });

    // The list sorts and filters by it.
    const list = (await admin.get(`/api/v1/leads?scoreMin=30&sort=-computedScore&limit=500`)).json<{
      items: { id: string; computedScore: number }[];
    }>();
    expect(list.items.map((l) => l.id)).toContain(lead.id);
    expect(list.items.every((l) => l.computedScore >= 30)).toBe(true);
  });

  it('recomputes the score in every lead action, from the status and phase the action leaves', async () => {
    await clearRules();
    const working = await rule({
      name: 'Being worked',
      condition: { '==': [{ var: 'lead.phase' }, 'in_progress'] },
      points: 7,
    });
    const dropped = await rule({
      name: 'Dropped',
      condition: { '==': [{ var: 'lead.phase' }, 'dropped'] },
      points: 3,
    });
    const created = await admin.post('/api/v1/leads', validLead(c, { name: 'Re-scored by actions' }));
    expect(created.statusCode, created.body).toBe(201);
    const lead = created.json<{ id: string; phase: string; computedScore: number }>();
    expect(lead.phase).toBe('new');
    expect(lead.computedScore).toBe(0);
    const act = async (action: string, body: Record<string, unknown>) => {
      const res = await admin.post(`/api/v1/leads/${lead.id}/actions/${action}`, body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ statusId: string; computedScore: number; scoreReasons: { ruleId: string }[] }>();
    };
    const assigned = await act('assign', { ownerId: admin.userId });
    expect(assigned.computedScore).toBe(7);
    expect(assigned.scoreReasons.map((r) => r.ruleId)).toEqual([working.id]);
    const openStatus = assigned.statusId;
    const gone = await act('drop', { reason: 'Duplicate request' });
    expect(gone.computedScore).toBe(3);
    expect(gone.scoreReasons.map((r) => r.ruleId)).toEqual([dropped.id]);
    // What the action answers is what is stored.
    expect((await leadOf(lead.id)).computedScore).toBe(3);
    const back = await act('reopen', { statusId: openStatus });
    expect(back.computedScore).toBe(7);
    expect((await leadOf(lead.id)).scoreReasons.map((r) => r.ruleId)).toEqual([working.id]);
    await clearRules();
  });

  it('recomputes every open lead as a job with progress when the rules change', async () => {
    await clearRules();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await admin.post('/api/v1/leads', validLead(c))).json().id);
    const before = await leadOf(ids[0]);
    expect(before.computedScore).toBe(0);
    await rule({ name: 'Everyone', condition: true, points: 7 });
    const run = (await admin.post('/api/v1/scoring-rules/recompute')).json<{ id: string; state: string }>();
    const done = await waitForRun(run.id);
    expect(done).toMatchObject({ state: 'done' });
    expect((done as unknown as { total: number }).total).toBeGreaterThanOrEqual(5);
    for (const id of ids) expect((await leadOf(id)).computedScore).toBe(7);
  });

  it('loses the points of a rule with decay days once the lead saw no activity that long', async () => {
    await clearRules();
    const r = await rule({ name: 'Fresh interest', condition: true, points: 30, decayDays: 14 });
    const lead = (await admin.post('/api/v1/leads', validLead(c))).json();
    expect(lead.computedScore).toBe(30);
    await t.db.query(`UPDATE leads SET created_at = now() - interval '20 days' WHERE id = $1`, [lead.id]);
    const run = (await admin.post('/api/v1/scoring-rules/recompute')).json<{ id: string }>();
    await waitForRun(run.id);
    const decayed = await leadOf(lead.id);
    expect(decayed.computedScore).toBe(0);
    expect(decayed.scoreReasons).toEqual([
      { ruleId: r.id, name: 'Fresh interest', points: 30 },
      { ruleId: r.id, name: 'Fresh interest', points: -30, decayed: true },
    ]);
  });
});
