import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * SPEC section 9 under `visibility=team`: an opportunity is visible to whoever may see its originating
 * lead, plus its responsible user and the members of that user's units (and of the units collaborating
 * with them). The list (SQL) and the single reads (in memory) must agree, for every user.
 */

let t: TestApp;
let admin: Client;
/** Unit North: ann and nick. Unit South: sue. Unit East collaborates with North: ed. */
let ann: Client;
let nick: Client;
let sue: Client;
let ed: Client;
let loner: Client;
let manager: Client;
let north: string;
let south: string;
const opp = {} as Record<'southLead' | 'southLeadAnnResponsible' | 'noLeadNick' | 'noLeadSue', string>;
let southLeadId: string;
let sourceId: string;

async function lead(ownerId: string, unitId: string | null) {
  const [{ id: statusId }] = await t.db.query<{ id: string }>(
    `SELECT id FROM lead_statuses WHERE phase = 'in_progress' ORDER BY position LIMIT 1`,
  );
  const [{ id }] = await t.db.query<{ id: string }>(
    `INSERT INTO leads (name, source_id, status_id, phase, owner_id, unit_id)
     VALUES ('Visibility lead', $1, $2, 'in_progress', $3, $4) RETURNING id`,
    [sourceId, statusId, ownerId, unitId],
  );
  return id;
}

async function opportunity(responsibleId: string, originatingLeadId: string | null) {
  const res = await admin.post('/api/v1/opportunities', {
    name: 'Visibility deal',
    responsibleId,
    originatingLeadId,
    description: 'Confidential terms',
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  [{ id: sourceId }] = await t.db.query<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
  north = (await admin.post('/api/v1/units', { name: 'North' })).json().id;
  south = (await admin.post('/api/v1/units', { name: 'South' })).json().id;
  const east = (await admin.post('/api/v1/units', { name: 'East', collaboratingUnitIds: [north] })).json().id;
  ann = await userWith(t.app, admin, ['crm_sales'], { unitIds: [north] });
  nick = await userWith(t.app, admin, ['crm_sales'], { unitIds: [north] });
  sue = await userWith(t.app, admin, ['crm_sales'], { unitIds: [south] });
  ed = await userWith(t.app, admin, ['crm_marketeer'], { unitIds: [east] });
  loner = await userWith(t.app, admin, ['crm_sales']);
  manager = await userWith(t.app, admin, ['crm_manager'], { unitIds: [south] });
  southLeadId = await lead(sue.userId, south);
  opp.southLead = await opportunity(sue.userId, southLeadId);
  opp.southLeadAnnResponsible = await opportunity(ann.userId, southLeadId);
  opp.noLeadNick = await opportunity(nick.userId, null);
  opp.noLeadSue = await opportunity(sue.userId, null);
  expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
}, 180_000);
afterAll(() => t.close());

const listed = async (c: Client) =>
  new Set(
    (await c.get('/api/v1/opportunities?limit=200'))
      .json<{ items: { id: string }[] }>()
      .items.map((o) => o.id),
  );

describe('opportunities follow team visibility', () => {
  it('lets each user see exactly what the rule says, in the list and one by one', async () => {
    const expected: [string, Client, (keyof typeof opp)[]][] = [
      // The lead is South's; ann is responsible for one of its opportunities; nick shares ann's unit.
      ['ann', ann, ['southLeadAnnResponsible', 'noLeadNick']],
      ['nick', nick, ['southLeadAnnResponsible', 'noLeadNick']],
      ['sue', sue, ['southLead', 'southLeadAnnResponsible', 'noLeadSue']],
      // East collaborates with North: the responsible's unit is one of ed's team units.
      ['ed', ed, ['southLeadAnnResponsible', 'noLeadNick']],
      ['loner', loner, []],
      ['manager', manager, ['southLead', 'southLeadAnnResponsible', 'noLeadNick', 'noLeadSue']],
    ];
    for (const [name, client, visible] of expected) {
      const ids = await listed(client);
      const list = await client.get('/api/v1/opportunities?limit=200');
      for (const key of Object.keys(opp) as (keyof typeof opp)[]) {
        const want = visible.includes(key);
        expect(ids.has(opp[key]), `${name} lists ${key}`).toBe(want);
        const one = await client.get(`/api/v1/opportunities/${opp[key]}`);
        expect(one.statusCode, `${name} reads ${key}`).toBe(want ? 200 : 404);
      }
      expect(list.json().total, `${name}'s total`).toBe(visible.length);
    }
  });

  it('refuses PATCH and DELETE of an opportunity the user may not see with 404, also in a burst', async () => {
    const before = (await admin.get(`/api/v1/opportunities/${opp.southLead}`)).json();
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, () =>
        ann.patch(`/api/v1/opportunities/${opp.southLead}`, { stage: 'won' }),
      ),
      ...Array.from({ length: 4 }, () =>
        ann.patch(`/api/v1/opportunities/${opp.southLead}`, {
          lines: [],
          description: 'changed',
        }),
      ),
      ann.del(`/api/v1/opportunities/${opp.southLead}`),
    ]);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(13).fill(404));
    const after = (await admin.get(`/api/v1/opportunities/${opp.southLead}`)).json();
    expect(after).toEqual(before);
    // Its responsible user works it.
    const won = await sue.patch(`/api/v1/opportunities/${opp.southLead}`, { stage: 'won' });
    expect(won.statusCode).toBe(200);
  });

  it('refuses to create an opportunity on a lead the user may not see (404)', async () => {
    const count = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM opportunities'))[0].n;
    const before = await count();
    const res = await ann.post('/api/v1/opportunities', {
      name: 'On a lead I cannot see',
      responsibleId: ann.userId,
      originatingLeadId: southLeadId,
    });
    expect(res.statusCode).toBe(404);
    // Nor move one of theirs onto it.
    const moved = await ann.patch(`/api/v1/opportunities/${opp.noLeadNick}`, {
      originatingLeadId: southLeadId,
    });
    expect(moved.statusCode).toBe(404);
    expect(await count()).toBe(before);
    const own = await lead(ann.userId, north);
    const ok = await ann.post('/api/v1/opportunities', {
      name: 'On my lead',
      responsibleId: ann.userId,
      originatingLeadId: own,
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('opportunity descriptions', () => {
  it('are sanitised like the lead description', async () => {
    const res = await admin.post('/api/v1/opportunities', {
      name: 'Sanitised',
      responsibleId: ann.userId,
      description:
        '<p onclick="x()">Terms <b>agreed</b><script>alert(1)</script><img src=x onerror=alert(2)></p>',
    });
    expect(res.statusCode).toBe(201);
    const o = res.json<{ id: string; description: string }>();
    expect(o.description).toBe('<p>Terms <b>agreed</b></p>');
    const patched = await admin.patch(`/api/v1/opportunities/${o.id}`, {
      description: '<a href="javascript:alert(1)">link</a><script>x</script>',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().description).toBe('<a rel="noopener noreferrer">link</a>');
    const blank = await admin.patch(`/api/v1/opportunities/${o.id}`, { description: '<script>x</script>' });
    expect(blank.json().description).toBeNull();
  });
});
