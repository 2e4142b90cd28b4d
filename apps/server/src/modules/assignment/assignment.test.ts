import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(() => t.close());

let seq = 0;
async function unitWith(n: number) {
  const unit = (await admin.post('/api/v1/units', { name: `Team ${++seq}` })).json<{ id: string }>().id;
  const members: (Client & { email: string })[] = [];
  for (let i = 0; i < n; i++) members.push(await userWith(t.app, admin, ['crm_sales'], { unitIds: [unit] }));
  return { unit, members };
}

async function rule(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/assignment-rules', { name: `Rule ${++seq}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number }>();
}

/** Rules of one test do not reach the next: they are all removed. */
async function clearRules() {
  const all = (await admin.get('/api/v1/assignment-rules?limit=500')).json<{ items: { id: string }[] }>();
  for (const r of all.items) await admin.del(`/api/v1/assignment-rules/${r.id}`);
}

const timelineOf = async (id: string) =>
  (await admin.get(`/api/v1/leads/${id}/timeline?limit=50`)).json<{
    items: { kind: string; payload: Record<string, unknown> | null }[];
  }>().items;

describe('assignment rules', () => {
  it('are written by administrators only, read by CRM users, and refuse bad input naming each field', async () => {
    await clearRules();
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect(
      (await sales.post('/api/v1/assignment-rules', { name: 'x', target: { userId: sales.userId } }))
        .statusCode,
    ).toBe(403);
    const bad = await admin.post('/api/v1/assignment-rules', {
      name: '',
      condition: { nope: [1] },
      target: { roundRobinUnitId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(bad.statusCode).toBe(422);
    const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'condition']));
    const noUnit = await admin.post('/api/v1/assignment-rules', {
      name: 'Nowhere',
      target: { roundRobinUnitId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(noUnit.statusCode).toBe(422);
    expect(noUnit.json().errors[0].field).toBe('target.roundRobinUnitId');
    const r = await rule({ target: { userId: sales.userId } });
    expect((await sales.get(`/api/v1/assignment-rules/${r.id}`)).json()).toMatchObject({
      condition: true,
      target: { userId: sales.userId },
      active: true,
    });
    const stale = await admin.patch(
      `/api/v1/assignment-rules/${r.id}`,
      { position: 3 },
      { 'if-match': '99' },
    );
    expect(stale.statusCode).toBe(412);
    const moved = await admin.patch(`/api/v1/assignment-rules/${r.id}`, { position: 3 });
    expect(moved.json()).toMatchObject({ position: 3, version: 2 });
    expect((await admin.del(`/api/v1/assignment-rules/${r.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/assignment-rules/${r.id}`)).statusCode).toBe(404);
  });

  it('give a lead without an owner to the first matching rule by position, and say so on the timeline', async () => {
    await clearRules();
    const { unit, members } = await unitWith(1);
    const direct = await userWith(t.app, admin, ['crm_sales']);
    await rule({
      position: 2,
      condition: { '==': [{ var: 'lead.salesDirectionId' }, c.directions.hardware] },
      target: { userId: direct.userId },
    });
    const queue = await rule({
      position: 1,
      condition: { in: ['hot', { var: 'lead.tags' }] },
      target: { unitId: unit },
    });
    const hw = (
      await admin.post(
        '/api/v1/leads',
        validLead(c, { salesDirectionId: c.directions.hardware, productId: undefined }),
      )
    ).json();
    expect(hw.ownerId).toBe(direct.userId);
    const vip2 = (await admin.post('/api/v1/leads', validLead(c, { tags: ['hot'] }))).json();
    expect(vip2).toMatchObject({ ownerId: null, unitId: unit });
    const entry = (await timelineOf(vip2.id)).find((e) => e.kind === 'assigned');
    expect(entry?.payload).toMatchObject({ ruleId: queue.id, target: 'unit', unitId: unit, ownerId: null });
    // An owner given is kept: no rule runs.
    const given = (
      await admin.post('/api/v1/leads', validLead(c, { tags: ['hot'], ownerId: members[0].userId }))
    ).json();
    expect(given.ownerId).toBe(members[0].userId);
    expect((await timelineOf(given.id)).some((e) => e.kind === 'assigned')).toBe(false);
    // No rule matches: the lead stays unassigned.
    const none = (await admin.post('/api/v1/leads', validLead(c))).json();
    expect(none.ownerId).toBeNull();
  });

  it('round-robin passes by members away, inactive, or at their daily cap, and follows weights', async () => {
    await clearRules();
    const { unit, members } = await unitWith(4);
    const [a, b, away, gone] = members;
    // Away is set by the user themself; an administrator can set it too.
    expect((await away.patch('/api/v1/me', { away: true })).json().user.away).toBe(true);
    expect((await admin.patch(`/api/v1/users/${gone.userId}`, { active: false })).statusCode).toBe(200);
    const r = await rule({ target: { roundRobinUnitId: unit, weights: { [a.userId]: 2 }, dailyCap: 4 } });
    const owners: string[] = [];
    for (let i = 0; i < 7; i++)
      owners.push((await admin.post('/api/v1/leads', validLead(c))).json<{ ownerId: string }>().ownerId);
    const count = (id: string) => owners.filter((o) => o === id).length;
    // a (weight 2) reaches its cap of 4, b gets 2 of the first 6; the 7th goes to b as a is capped.
    expect(count(a.userId)).toBe(4);
    expect(count(b.userId)).toBe(3);
    expect(count(away.userId) + count(gone.userId)).toBe(0);
    const last = (await admin.get(`/api/v1/leads?limit=1&sort=-createdAt`)).json().items[0];
    const entry = (await timelineOf(last.id)).find((e) => e.kind === 'assigned')!;
    expect(entry.payload).toMatchObject({
      ruleId: r.id,
      target: 'round_robin',
      ownerId: b.userId,
      unitId: unit,
    });
    const skipped = (entry.payload!.skipped as { userId?: string; why: string }[]).map((s) => [
      s.userId,
      s.why,
    ]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        [away.userId, 'away'],
        [gone.userId, 'inactive'],
        [a.userId, 'daily_cap'],
      ]),
    );
    // Everyone capped or away: the next rule (none here) decides, the lead stays unassigned.
    await admin.patch(`/api/v1/assignment-rules/${r.id}`, {
      target: { roundRobinUnitId: unit, dailyCap: 1 },
    });
    expect((await admin.post('/api/v1/leads', validLead(c))).json().ownerId).toBeNull();
  });

  it('applies to imports and web forms, which name the form in the condition', async () => {
    await clearRules();
    const { unit, members } = await unitWith(2);
    const form = (
      await admin.post('/api/v1/web-forms', {
        name: 'Routing form',
        slug: 'routing-form',
        salesDirectionId: c.directions.cloud,
        fields: [
          { key: 'firstName', required: true },
          { key: 'lastName', required: true },
          { key: 'emails' },
        ],
      })
    ).json<{ id: string; slug: string }>();
    await rule({
      condition: { '==': [{ var: 'events.webFormId' }, form.id] },
      target: { userId: members[1].userId },
    });
    await rule({ position: 5, target: { roundRobinUnitId: unit } });
    const sub = await t.app.inject({
      method: 'POST',
      url: `/forms/${form.slug}`,
      payload: { firstName: 'Ola', lastName: 'Nordmann', emails: 'ola@nordmann.test' },
      remoteAddress: '10.9.9.9',
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const done = (await admin.get(`/api/v1/intake/${sub.json().id}`)).json<{ leadId: string }>();
    expect(done, JSON.stringify(done)).toMatchObject({ state: 'done' });
    expect((await admin.get(`/api/v1/leads/${done.leadId}`)).json().ownerId).toBe(members[1].userId);

    const csv = `name,first,last,email\nImported one,Ida,One,one@imp.test\nImported two,Ivo,Two,two@imp.test\n`;
    const boundary = 'xyzBOUNDARY';
    const part = (name: string, value: string, file = false) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="l.csv"\r\nContent-Type: text/csv' : ''}\r\n\r\n${value}\r\n`;
    const body =
      part('file', csv, true) +
      part(
        'mapping',
        JSON.stringify({ name: 'name', first: 'firstName', last: 'lastName', email: 'emails' }),
      ) +
      part(
        'defaults',
        JSON.stringify({ sourceId: c.sources.api, salesDirectionId: c.directions.cloud, newContact: true }),
      ) +
      `--${boundary}--\r\n`;
    const imp = await admin.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(imp.statusCode, imp.body).toBe(202);
    let state = '';
    for (let i = 0; i < 100 && state !== 'done' && state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await admin.get(`/api/v1/imports/${imp.json().id}`)).json().state;
    }
    expect(state).toBe('done');
    const status = (await admin.get(`/api/v1/imports/${imp.json().id}`)).json();
    expect(status, (await admin.get(`/api/v1/imports/${imp.json().id}/rejects.csv`)).body).toMatchObject({
      created: 2,
    });
    const imported = (await admin.get('/api/v1/leads?q=Imported&limit=10')).json<{
      items: { ownerId: string }[];
    }>();
    expect(imported.items.map((l) => l.ownerId).sort()).toEqual(members.map((m) => m.userId).sort());
  });

  it('is fair under 200 concurrent creates: counts differ by at most one', async () => {
    await clearRules();
    const { unit, members } = await unitWith(3);
    await rule({ target: { roundRobinUnitId: unit } });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => admin.post('/api/v1/leads', validLead(c, { name: 'Concurrent' }))),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const counts = members.map((m) => results.filter((r) => r.json().ownerId === m.userId).length);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(200);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  }, 120_000);
});
