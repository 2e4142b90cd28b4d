import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
let sales: Client;
let marketeer: Client;
let partner: Client;
let sourceId: string;
let statusId: string;

async function lead(ownerId: string | null) {
  const [{ id }] = await t.db.query<{ id: string }>(
    `INSERT INTO leads (name, source_id, status_id, phase, owner_id) VALUES ('Member', $1, $2, 'new', $3) RETURNING id`,
    [sourceId, statusId, ownerId],
  );
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  sales = await userWith(t.app, admin, ['crm_sales']);
  marketeer = await userWith(t.app, admin, ['crm_marketeer']);
  const [{ id: companyId }] = await t.db.query<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ('Partner Ltd', 'partner') RETURNING id`,
  );
  partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: companyId });
  [{ id: sourceId }] = await t.db.query<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
  [{ id: statusId }] = await t.db.query<{ id: string }>(`SELECT id FROM lead_statuses WHERE phase = 'new'`);
}, 180_000);
afterAll(() => t.close());

describe('marketing lists', { timeout: 60_000 }, () => {
  it('an administrator creates, renames and deletes a list; a duplicate name or unknown campaign is 422', async () => {
    const res = await admin.post('/api/v1/marketing-lists', { name: 'Newsletter', description: 'Monthly' });
    expect(res.statusCode).toBe(201);
    const list = res.json();
    expect(list).toMatchObject({
      name: 'Newsletter',
      description: 'Monthly',
      marketingCampaignId: null,
      active: true,
      memberCount: 0,
      version: 1,
    });
    const dup = await admin.post('/api/v1/marketing-lists', {
      name: 'newsletter',
      marketingCampaignId: '00000000-0000-4000-8000-000000000000',
    });
    expect(dup.statusCode).toBe(422);
    expect(
      dup
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['marketingCampaignId', 'name']);
    const stale = await admin.patch(`/api/v1/marketing-lists/${list.id}`, { name: 'X' }, { 'if-match': '7' });
    expect(stale.statusCode).toBe(412);
    const renamed = await admin.patch(`/api/v1/marketing-lists/${list.id}`, { name: 'Monthly newsletter' });
    expect(renamed.json()).toMatchObject({ name: 'Monthly newsletter', version: 2 });
    const page = (await sales.get('/api/v1/marketing-lists')).json();
    expect(page.items.map((l: { name: string }) => l.name)).toContain('Monthly newsletter');
    expect((await admin.del(`/api/v1/marketing-lists/${list.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/marketing-lists/${list.id}`)).statusCode).toBe(404);
  });

  it('only administrators configure lists; partners see none of them', async () => {
    expect((await sales.post('/api/v1/marketing-lists', { name: 'Mine' })).statusCode).toBe(403);
    expect((await partner.get('/api/v1/marketing-lists')).statusCode).toBe(403);
  });

  it('members: sales and managers add leads, marketeers may not; a lead the user cannot see is never listed', async () => {
    const list = (await admin.post('/api/v1/marketing-lists', { name: 'Trade fair' })).json();
    const own = await lead(sales.userId);
    const others = await lead(admin.userId);
    expect(
      (await marketeer.post(`/api/v1/marketing-lists/${list.id}/members`, { leadIds: [own] })).statusCode,
    ).toBe(403);
    const missing = '00000000-0000-4000-8000-000000000000';
    const bad = await sales.post(`/api/v1/marketing-lists/${list.id}/members`, { leadIds: [own, missing] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['leadIds.1']);
    const added = await sales.post(`/api/v1/marketing-lists/${list.id}/members`, { leadIds: [own, others] });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ added: 2, memberCount: 2 });

    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const members = (await sales.get(`/api/v1/marketing-lists/${list.id}/members`)).json();
      expect(members.items.map((l: { id: string }) => l.id)).toEqual([own]);
      expect(members.total).toBe(1);
      expect((await sales.del(`/api/v1/marketing-lists/${list.id}/members/${others}`)).statusCode).toBe(404);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
    expect((await sales.del(`/api/v1/marketing-lists/${list.id}/members/${others}`)).statusCode).toBe(204);
    expect((await sales.get(`/api/v1/marketing-lists/${list.id}`)).json().memberCount).toBe(1);
  });

  it('the bulk action refuses more than 500 ids', async () => {
    const ids = Array.from({ length: 501 }, () => '00000000-0000-4000-8000-000000000000');
    const res = await admin.post('/api/v1/leads/bulk', { ids, action: 'take' });
    expect(res.statusCode).toBe(422);
  });
});
