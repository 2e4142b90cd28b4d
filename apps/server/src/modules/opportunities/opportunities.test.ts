import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
let sales: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  sales = await userWith(t.app, admin, ['crm_sales']);
});
afterAll(() => t.close());

async function prospect(name: string) {
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ($1, 'prospect') RETURNING id`,
    [name],
  );
  return row.id;
}

describe('opportunities', () => {
  it('creates an opportunity with money and lines, and lists it', async () => {
    const [product] = await t.db.query<{ id: string }>(
      `INSERT INTO products (name) VALUES ('Fiber 1G') RETURNING id`,
    );
    const res = await sales.post('/api/v1/opportunities', {
      name: 'Fiber for ACME',
      responsibleId: sales.userId,
      city: 'Berlin',
      estimatedRevenue: { amount: '1250.00', currency: 'EUR' },
      estimatedCloseDate: '2027-01-31',
      lines: [{ productId: product.id, quantity: 2, price: '99.50' }],
    });
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      number: expect.stringMatching(/^O-\d{6}$/),
      stage: 'open',
      estimatedRevenue: { amount: '1250.00', currency: 'EUR' },
      lines: [{ productId: product.id, quantity: '2.000', price: '99.50' }],
    });
    const list = (await sales.get('/api/v1/opportunities?q=acme')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(o.id);
  });

  it('names every missing reference and writes nothing', async () => {
    const before = (await admin.get('/api/v1/opportunities')).json().total;
    const res = await sales.post('/api/v1/opportunities', {
      name: 'Broken',
      responsibleId: '00000000-0000-4000-8000-000000000001',
      companyId: '00000000-0000-4000-8000-000000000002',
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['companyId', 'responsibleId']);
    expect((await admin.get('/api/v1/opportunities')).json().total).toBe(before);
  });

  it('turns a prospect company into a customer when one of its opportunities is won', async () => {
    const companyId = await prospect('Prospect Ltd');
    const o = (
      await sales.post('/api/v1/opportunities', { name: 'Deal', responsibleId: sales.userId, companyId })
    ).json();
    const won = await sales.patch(
      `/api/v1/opportunities/${o.id}`,
      { stage: 'won' },
      { 'if-match': String(o.version) },
    );
    expect(won.statusCode).toBe(200);
    expect(won.json().closedAt).not.toBeNull();
    const [c] = await t.db.query<{ type: string }>('SELECT type FROM companies WHERE id = $1', [companyId]);
    expect(c.type).toBe('customer');
  });

  it('answers 412 to a stale If-Match and keeps the record', async () => {
    const o = (
      await sales.post('/api/v1/opportunities', { name: 'Stale', responsibleId: sales.userId })
    ).json();
    await sales.patch(`/api/v1/opportunities/${o.id}`, { city: 'Paris' });
    const stale = await sales.patch(
      `/api/v1/opportunities/${o.id}`,
      { city: 'Rome' },
      { 'if-match': String(o.version) },
    );
    expect(stale.statusCode).toBe(412);
    expect((await sales.get(`/api/v1/opportunities/${o.id}`)).json().city).toBe('Paris');
  });

  it('is closed to partner users', async () => {
    const [partnerCo] = await t.db.query<{ id: string }>(
      `INSERT INTO companies (name, type) VALUES ('Partner Co', 'partner') RETURNING id`,
    );
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: partnerCo.id });
    expect((await partner.get('/api/v1/opportunities')).statusCode).toBe(403);
  });
});
