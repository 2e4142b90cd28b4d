import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;

interface Status {
  id: string;
  name: string;
  phase: string;
  position: number;
  active: boolean;
  inUse: boolean;
  version: number;
}

const statuses = async (c: Client, query = '') =>
  (await c.get(`/api/v1/lead-statuses${query}`)).json().items as Status[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

describe('lead statuses', () => {
  it('comes with the default statuses of each phase in order', async () => {
    const list = await statuses(admin);
    expect(list.map((s) => [s.name, s.phase])).toEqual([
      ['To be processed', 'new'],
      ['Marketing qualification', 'in_progress'],
      ['Sales qualification', 'in_progress'],
      ['Nurturing', 'in_progress'],
      ['Qualified (converted)', 'won'],
      ['Disqualified (lost)', 'lost'],
      ['Dropped', 'dropped'],
    ]);
    const settings = (await admin.get('/api/v1/settings')).json();
    expect(settings.defaultNewStatusId).toBe(list[0].id);
    expect(settings.defaultWonStatusId).toBe(list[4].id);
    expect(settings.defaultLostStatusId).toBe(list[5].id);
    expect(settings.defaultDroppedStatusId).toBe(list[6].id);
  });

  it('lets an admin add a status after the last one of its phase, and refuses a duplicate name or an unknown phase', async () => {
    const res = await admin.post('/api/v1/lead-statuses', {
      name: 'Demo scheduled',
      phase: 'in_progress',
      color: '#12b886',
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: 'Demo scheduled',
      phase: 'in_progress',
      active: true,
      inUse: false,
    });
    const list = await statuses(admin);
    // An open status goes before the closed ones, not behind Dropped.
    expect(list.map((s) => s.name)).toEqual([
      'To be processed',
      'Marketing qualification',
      'Sales qualification',
      'Nurturing',
      'Demo scheduled',
      'Qualified (converted)',
      'Disqualified (lost)',
      'Dropped',
    ]);
    expect(list.map((s) => s.position)).toEqual(list.map((_, i) => i + 1));
    expect(list.find((s) => s.name === 'Demo scheduled')!.id).toBe(created.id);

    const dup = await admin.post('/api/v1/lead-statuses', { name: 'demo SCHEDULED', phase: 'in_progress' });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors[0].field).toBe('name');
    const bad = await admin.post('/api/v1/lead-statuses', { name: 'Strange', phase: 'limbo', color: 'red' });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['color', 'phase']);
  });

  it('reorders statuses by the given ids', async () => {
    const before = await statuses(admin);
    const demo = before.find((s) => s.name === 'Demo scheduled')!;
    const sales = before.find((s) => s.name === 'Sales qualification')!;
    const res = await admin.post('/api/v1/lead-statuses/reorder', {
      ids: [before[0].id, before[1].id, demo.id],
    });
    expect(res.statusCode).toBe(200);
    const after = await statuses(admin);
    expect(after.slice(0, 4).map((s) => s.name)).toEqual([
      'To be processed',
      'Marketing qualification',
      'Demo scheduled',
      'Sales qualification',
    ]);
    expect(after.map((s) => s.position)).toEqual(after.map((_, i) => i + 1));
    expect(after.find((s) => s.id === sales.id)!.position).toBe(4);
  });

  it('refuses to delete a status in use (409) but retires it, and its leads keep it', async () => {
    const demo = (await statuses(admin)).find((s) => s.name === 'Demo scheduled')!;
    const [src] = await t.db.query<{ id: string }>(`SELECT id FROM lead_sources WHERE code = 'call'`);
    const [lead] = await t.db.query<{ id: string }>(
      `INSERT INTO leads (name, source_id, status_id, phase) VALUES ('Uses demo', $1, $2, 'in_progress') RETURNING id`,
      [src.id, demo.id],
    );
    const del = await admin.del(`/api/v1/lead-statuses/${demo.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('status_in_use');

    const retire = await admin.patch(
      `/api/v1/lead-statuses/${demo.id}`,
      { active: false },
      { 'if-match': String(demo.version) },
    );
    expect(retire.statusCode).toBe(200);
    expect((await statuses(admin, '?active=true')).map((s) => s.id)).not.toContain(demo.id);
    expect((await statuses(admin)).map((s) => s.id)).toContain(demo.id);
    const [still] = await t.db.query<{ status_id: string }>('SELECT status_id FROM leads WHERE id = $1', [
      lead.id,
    ]);
    expect(still.status_id).toBe(demo.id);

    const phase = await admin.patch(`/api/v1/lead-statuses/${demo.id}`, { phase: 'won' });
    expect(phase.statusCode).toBe(422);
    expect(phase.json().errors[0]).toMatchObject({ field: 'phase', code: 'in_use' });
  });

  it('deletes an unused status', async () => {
    const created = (
      await admin.post('/api/v1/lead-statuses', { name: 'Short-lived', phase: 'in_progress' })
    ).json();
    expect((await admin.del(`/api/v1/lead-statuses/${created.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/lead-statuses/${created.id}`)).statusCode).toBe(404);
  });

  it('keeps the default statuses of the settings active', async () => {
    const first = (await statuses(admin))[0];
    const res = await admin.patch(`/api/v1/lead-statuses/${first.id}`, { active: false });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'active', code: 'default_status' });
    expect((await admin.del(`/api/v1/lead-statuses/${first.id}`)).statusCode).toBe(409);
  });

  it('lets every CRM role read statuses and only crm_admin change them', async () => {
    for (const role of ['crm_manager', 'crm_sales', 'crm_marketeer'] as const) {
      const u = await userWith(t.app, admin, [role]);
      expect((await u.get('/api/v1/lead-statuses')).statusCode).toBe(200);
      expect(
        (await u.post('/api/v1/lead-statuses', { name: `By ${role}`, phase: 'in_progress' })).statusCode,
      ).toBe(403);
    }
  });
});

describe('disqualification codes', () => {
  it('comes with the default codes, "Demand is not generated" continuing demand generation', async () => {
    const items = (await admin.get('/api/v1/disqualification-codes')).json().items;
    expect(
      items.map((c: { name: string; createsOpportunity: boolean }) => [c.name, c.createsOpportunity]),
    ).toEqual([
      ['Non-target client', false],
      ['Demand is not generated', true],
      ['Non-commercial interest', false],
      ['Impossible to contact', false],
    ]);
  });

  it('lets an admin add, change and delete a code', async () => {
    const c = (await admin.post('/api/v1/disqualification-codes', { name: 'Budget frozen' })).json();
    expect(c.createsOpportunity).toBe(false);
    const changed = await admin.patch(`/api/v1/disqualification-codes/${c.id}`, { createsOpportunity: true });
    expect(changed.json().createsOpportunity).toBe(true);
    expect((await admin.del(`/api/v1/disqualification-codes/${c.id}`)).statusCode).toBe(204);
  });
});
