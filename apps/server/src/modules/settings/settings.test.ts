import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const statusOf = async (phase: string) =>
  (await t.db.query<{ id: string }>('SELECT id FROM lead_statuses WHERE phase = $1 LIMIT 1', [phase]))[0].id;

describe('settings', () => {
  it('start with defaults pointing at the seeded statuses', async () => {
    const res = await admin.get('/api/v1/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      visibility: 'all',
      defaultNewStatusId: await statusOf('new'),
      defaultWonStatusId: await statusOf('won'),
      defaultLostStatusId: await statusOf('lost'),
      defaultDroppedStatusId: await statusOf('dropped'),
      version: 1,
    });
  });

  it('are read by every CRM role and changed by crm_admin only (403)', async () => {
    for (const role of ['crm_manager', 'crm_sales', 'crm_marketeer'] as const) {
      const user = await userWith(t.app, admin, [role]);
      expect((await user.get('/api/v1/settings')).statusCode).toBe(200);
      expect((await user.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(403);
    }
    expect((await admin.get('/api/v1/settings')).json().visibility).toBe('all');
    const changed = await admin.patch('/api/v1/settings', { visibility: 'team', defaultPhoneRegion: 'FR' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ visibility: 'team', defaultPhoneRegion: 'FR' });
  });

  it('refuse a partner user', async () => {
    const firm = (await admin.post('/api/v1/companies', { name: 'Partner SA', type: 'partner' })).json();
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: firm.id });
    expect((await partner.get('/api/v1/settings')).statusCode).toBe(403);
  });

  it('take a default status only from its own phase, naming the field at fault', async () => {
    const wrong = await admin.patch('/api/v1/settings', {
      defaultNewStatusId: await statusOf('won'),
      defaultLostStatusId: await statusOf('dropped'),
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining(['defaultNewStatusId:wrong_phase', 'defaultLostStatusId:wrong_phase']),
    );
    const unknown = await admin.patch('/api/v1/settings', { defaultWonStatusId: randomUUID() });
    expect(unknown.statusCode).toBe(422);
    const inProgress = await statusOf('in_progress');
    await t.db.query("UPDATE lead_statuses SET phase = 'new' WHERE id = $1", [inProgress]);
    const ok = await admin.patch('/api/v1/settings', { defaultNewStatusId: inProgress });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().defaultNewStatusId).toBe(inProgress);
  });

  it('honour If-Match: a stale version answers 412 and changes nothing', async () => {
    const current = (await admin.get('/api/v1/settings')).json();
    const stale = await admin.patch(
      '/api/v1/settings',
      { defaultCurrency: 'USD' },
      { 'if-match': String(current.version - 1) },
    );
    expect(stale.statusCode).toBe(412);
    expect((await admin.get('/api/v1/settings')).json().defaultCurrency).toBe(current.defaultCurrency);
    const fresh = await admin.patch(
      '/api/v1/settings',
      { defaultCurrency: 'USD' },
      { 'if-match': String(current.version) },
    );
    expect(fresh.json()).toMatchObject({ defaultCurrency: 'USD', version: current.version + 1 });
  });

  it('never show the enrichment API key once it is set', async () => {
    const res = await admin.patch('/api/v1/settings', {
      enrichment: { apiKey: 'secret-key', enabled: true },
    });
    expect(res.json().enrichment).toMatchObject({ apiKey: '***', enabled: true });
    expect(JSON.stringify((await admin.get('/api/v1/settings')).json())).not.toContain('secret-key');
  });

  it('refuse malformed values with 422', async () => {
    for (const body of [
      { visibility: 'some' },
      { defaultPhoneRegion: 'Germany' },
      { defaultCurrency: 'euro' },
    ]) {
      expect((await admin.patch('/api/v1/settings', body)).statusCode).toBe(422);
    }
  });
});
