import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * An opportunity's history, as a lead's: its creation (by the qualification of its lead too) and each
 * change of a field with the old and the new value, written with the change; read newest first, in pages,
 * by whoever may see the opportunity (404 for the others).
 */

let t: TestApp;
let admin: Client;
let sam: Client;
let sue: Client;
let sourceId: string;
let directionId: string;

interface Entry {
  kind: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  actorId: string | null;
  actorName: string | null;
  at: string;
}

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

/** Sam's lead, in progress, qualified into an opportunity: the opportunity's id. */
async function qualifiedOpportunity() {
  const created = await sam.post('/api/v1/leads', {
    name: 'History request',
    sourceId,
    prospectType: 'person',
    newContact: true,
    firstName: 'Hana',
    lastName: 'History',
    salesDirectionId: directionId,
    ownerId: sam.userId,
  });
  expect(created.statusCode, created.body).toBe(201);
  const lead = created.json<{ id: string; phase: string }>();
  if (lead.phase === 'new')
    expect((await sam.post(`/api/v1/leads/${lead.id}/actions/take`, {})).statusCode).toBe(200);
  const res = await sam.post(`/api/v1/leads/${lead.id}/actions/qualify`, {
    qualification: nine,
    opportunity: { city: 'Berlin' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ opportunity: { id: string; version: number } }>().opportunity;
}

const history = async (c: Client, id: string, query = '') => {
  const res = await c.get(`/api/v1/opportunities/${id}/history${query}`);
  return { status: res.statusCode, body: res.json<{ items: Entry[]; nextCursor: string | null }>() };
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  [{ id: sourceId }] = await t.db.query<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Email'`);
  [{ id: directionId }] = await t.db.query<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('History software') RETURNING id`,
  );
  const north = (await admin.post('/api/v1/units', { name: 'North' })).json<{ id: string }>().id;
  const south = (await admin.post('/api/v1/units', { name: 'South' })).json<{ id: string }>().id;
  sam = await userWith(t.app, admin, ['crm_sales'], { unitIds: [north] });
  sue = await userWith(t.app, admin, ['crm_sales'], { unitIds: [south] });
  expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
}, 180_000);
afterAll(() => t.close());

describe('opportunity history', () => {
  it('starts with one "created" entry when the qualification creates the opportunity', async () => {
    const o = await qualifiedOpportunity();
    const { status, body } = await history(sam, o.id);
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ kind: 'created', field: null, actorId: sam.userId });
    expect(body.items[0].actorName).toEqual(expect.any(String));
    expect(body.nextCursor).toBeNull();
  });

  it('lists each changed field of a PATCH with its old and new value, and nothing for unchanged ones', async () => {
    const o = await qualifiedOpportunity();
    const res = await sam.patch(
      `/api/v1/opportunities/${o.id}`,
      { city: 'Paris', estimatedRevenue: { amount: '500.00', currency: 'EUR' }, stage: 'open' },
      { 'if-match': String(o.version) },
    );
    expect(res.statusCode, res.body).toBe(200);
    const { body } = await history(sam, o.id);
    const changed = body.items.filter((e) => e.kind === 'changed');
    expect(changed.map((e) => e.field).sort()).toEqual(['city', 'estimatedRevenue']);
    expect(changed.find((e) => e.field === 'city')).toMatchObject({
      oldValue: 'Berlin',
      newValue: 'Paris',
      actorId: sam.userId,
    });
    expect(changed.find((e) => e.field === 'estimatedRevenue')).toMatchObject({
      oldValue: null,
      newValue: { amount: '500.00', currency: 'EUR' },
    });
    expect(body.items.at(-1)!.kind).toBe('created');

    // A refused change writes no history.
    const stale = await sam.patch(
      `/api/v1/opportunities/${o.id}`,
      { city: 'Rome' },
      { 'if-match': String(o.version) },
    );
    expect(stale.statusCode).toBe(412);
    expect((await history(sam, o.id)).body.items).toHaveLength(body.items.length);
  });

  it('reads the history newest first in keyset pages', async () => {
    const o = await qualifiedOpportunity();
    await sam.patch(`/api/v1/opportunities/${o.id}`, { city: 'Paris' });
    await sam.patch(`/api/v1/opportunities/${o.id}`, { city: 'Rome' });
    const all = (await history(sam, o.id)).body.items;
    expect(all.map((e) => e.newValue ?? e.kind)).toEqual(['Rome', 'Paris', 'created']);
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = (
        await history(sam, o.id, `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('answers 404 to a user of another team, as for the opportunity itself', async () => {
    const o = await qualifiedOpportunity();
    expect((await sue.get(`/api/v1/opportunities/${o.id}`)).statusCode).toBe(404);
    expect((await history(sue, o.id)).status).toBe(404);
    expect((await history(sam, '00000000-0000-4000-8000-000000000009')).status).toBe(404);
    expect((await history(admin, o.id)).status).toBe(200);
  });
});
