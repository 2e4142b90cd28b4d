import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * Qualifying (or disqualifying with a code that continues demand generation) from the dialog: the
 * qualification fields the lead still misses are filled in the dialog and saved with the action, in its
 * transaction; a refusal names every field at fault and changes nothing.
 */

let t: TestApp;
let admin: Client;
let sam: Client;
let sourceId: string;
let directionId: string;
const codes: Record<string, string> = {};

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

let seq = 0;
/** A lead owned by Sam and in progress, with none of the qualification fields. */
async function workedLead() {
  seq += 1;
  const res = await sam.post('/api/v1/leads', {
    name: `Dialog request ${seq}`,
    sourceId,
    prospectType: 'person',
    newContact: true,
    firstName: 'Dana',
    lastName: `Dialog${seq}`,
    salesDirectionId: directionId,
    ownerId: sam.userId,
  });
  expect(res.statusCode, res.body).toBe(201);
  const lead = res.json<{ id: string; phase: string }>();
  if (lead.phase === 'new')
    expect((await sam.post(`/api/v1/leads/${lead.id}/actions/take`, {})).statusCode).toBe(200);
  return lead.id;
}

const read = async (id: string) => (await sam.get(`/api/v1/leads/${id}`)).json<Record<string, unknown>>();
const fields = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field).sort();

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  [{ id: sourceId }] = await t.db.query<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Email'`);
  [{ id: directionId }] = await t.db.query<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Dialog software') RETURNING id`,
  );
  for (const r of await t.db.query<{ id: string; name: string }>(
    'SELECT id, name FROM disqualification_codes',
  ))
    codes[r.name] = r.id;
  sam = await userWith(t.app, admin, ['crm_sales']);
});
afterAll(() => t.close());

describe('Qualify with the missing fields filled in the dialog', () => {
  it('names every missing field, and saves nothing when some are still missing', async () => {
    const id = await workedLead();
    const before = await read(id);
    const bare = await sam.post(`/api/v1/leads/${id}/actions/qualify`, { opportunity: {} });
    expect(bare.statusCode).toBe(422);
    expect(fields(bare)).toEqual([...Object.keys(nine), 'opportunity.city'].sort());

    const some = await sam.post(`/api/v1/leads/${id}/actions/qualify`, {
      qualification: { goal: 'Grow', terms: '  ' },
      opportunity: { city: 'Berlin' },
    });
    expect(some.statusCode).toBe(422);
    expect(fields(some)).toEqual(
      Object.keys(nine)
        .filter((f) => f !== 'goal')
        .sort(),
    );
    const after = await read(id);
    expect(after.goal).toBeNull();
    expect(after.version).toBe(before.version);
    expect(after.phase).toBe('in_progress');
  });

  it('saves the fields with the action in one request, and records them in the history', async () => {
    const id = await workedLead();
    const res = await sam.post(`/api/v1/leads/${id}/actions/qualify`, {
      qualification: { ...nine, goal: '  Replace the old CRM  ' },
      opportunity: { city: 'Berlin' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const lead = res.json<Record<string, unknown> & { opportunity: { city: string } }>();
    expect(lead).toMatchObject({ ...nine, phase: 'won' });
    expect(lead.opportunity.city).toBe('Berlin');
    expect(await read(id)).toMatchObject(nine);
    const changed = await t.db.query<{ field: string }>(
      `SELECT field FROM lead_events WHERE lead_id = $1 AND kind = 'changed' AND field = ANY ($2::text[])`,
      [id, Object.keys(nine)],
    );
    expect(changed.map((c) => c.field).sort()).toEqual(Object.keys(nine).sort());
  });

  it('refuses a value that is too long, naming the qualification field', async () => {
    const id = await workedLead();
    const res = await sam.post(`/api/v1/leads/${id}/actions/qualify`, {
      qualification: { ...nine, terms: 'x'.repeat(4001) },
      opportunity: { city: 'Berlin' },
    });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(['qualification.terms']);
    expect((await read(id)).goal).toBeNull();
  });
});

describe('Disqualify with the fields filled in the dialog', () => {
  it('saves them with a code that continues demand generation (it creates an opportunity)', async () => {
    const id = await workedLead();
    const code = codes['Demand is not generated'];
    const missing = await sam.post(`/api/v1/leads/${id}/actions/disqualify`, {
      codeId: code,
      reason: 'Later',
      opportunity: { city: 'Paris' },
    });
    expect(missing.statusCode).toBe(422);
    expect(fields(missing)).toEqual(Object.keys(nine).sort());
    const res = await sam.post(`/api/v1/leads/${id}/actions/disqualify`, {
      codeId: code,
      reason: 'Later',
      qualification: nine,
      opportunity: { city: 'Paris' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...nine, phase: 'lost' });
  });

  it('leaves them alone with a code that creates nothing', async () => {
    const id = await workedLead();
    const res = await sam.post(`/api/v1/leads/${id}/actions/disqualify`, {
      codeId: codes['Non-target client'],
      reason: 'Not our market',
      qualification: { goal: 'Ignored' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ goal: null, phase: 'lost' });
  });
});
