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

const fields = (res: { json: () => { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);

describe('products', () => {
  it('keep a price as { amount, currency } with the amount as a decimal string', async () => {
    const res = await admin.post('/api/v1/products', {
      name: 'Support plan',
      code: 'SUP-1',
      price: { amount: '1250', currency: 'EUR' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Support plan',
      code: 'SUP-1',
      price: { amount: '1250.00', currency: 'EUR' },
    });
    const cleared = await admin.patch(`/api/v1/products/${res.json().id}`, { price: null });
    expect(cleared.json().price).toBeNull();
  });

  it('refuse a malformed or negative price, and a name or code taken', async () => {
    expect(
      (await admin.post('/api/v1/products', { name: 'P', price: { amount: '12,5', currency: 'EUR' } }))
        .statusCode,
    ).toBe(422);
    expect(
      (await admin.post('/api/v1/products', { name: 'P', price: { amount: '1', currency: 'eur' } }))
        .statusCode,
    ).toBe(422);
    const negative = await admin.post('/api/v1/products', {
      name: 'P',
      price: { amount: '-1.00', currency: 'EUR' },
    });
    expect(fields(negative)).toContain('price.amount:negative');
    expect(fields(await admin.post('/api/v1/products', { name: 'SUPPORT PLAN' }))).toContain('name:taken');
    expect(fields(await admin.post('/api/v1/products', { name: 'Other', code: 'SUP-1' }))).toContain(
      'code:taken',
    );
  });
});

describe('sales directions, programs and agreements', () => {
  let productId: string;
  let directionId: string;
  let programId: string;
  let companyId: string;

  beforeAll(async () => {
    productId = (await admin.post('/api/v1/products', { name: 'Licence' })).json().id;
    companyId = (await admin.post('/api/v1/companies', { name: 'Reseller', type: 'prospect' })).json().id;
  });

  it('a sales direction lists its products, which must exist', async () => {
    const res = await admin.post('/api/v1/sales-directions', { name: 'Software', productIds: [productId] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().productIds).toEqual([productId]);
    directionId = res.json().id;
    const bad = await admin.post('/api/v1/sales-directions', {
      name: 'Hardware',
      productIds: [productId, randomUUID()],
    });
    expect(bad.statusCode).toBe(422);
    expect(fields(bad)).toContain('productIds.1:not_found');
    const emptied = await admin.patch(`/api/v1/sales-directions/${directionId}`, { productIds: [] });
    expect(emptied.json().productIds).toEqual([]);
    await admin.patch(`/api/v1/sales-directions/${directionId}`, { productIds: [productId] });
  });

  it('a partnership program lists sales directions and products', async () => {
    const res = await admin.post('/api/v1/partnership-programs', {
      name: 'Resellers',
      salesDirectionIds: [directionId],
      productIds: [productId],
    });
    expect(res.json()).toMatchObject({ salesDirectionIds: [directionId], productIds: [productId] });
    programId = res.json().id;
    const bad = await admin.post('/api/v1/partnership-programs', {
      name: 'Bad',
      salesDirectionIds: [randomUUID()],
    });
    expect(fields(bad)).toContain('salesDirectionIds.0:not_found');
  });

  it('an agreement needs an existing company and program, a unique number and a sane period', async () => {
    const ok = await admin.post('/api/v1/partnership-agreements', {
      number: 'PA-2025-001',
      partnerCompanyId: companyId,
      programId,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ partnerCompanyId: companyId, programId, active: true });
    // Any company may be the partner; the agreement does not change its type.
    expect((await admin.get(`/api/v1/companies/${companyId}`)).json().type).toBe('prospect');
    const missing = await admin.post('/api/v1/partnership-agreements', {
      number: 'PA-X',
      partnerCompanyId: randomUUID(),
      programId: randomUUID(),
    });
    expect(missing.statusCode).toBe(422);
    expect(fields(missing)).toEqual(
      expect.arrayContaining(['partnerCompanyId:not_found', 'programId:not_found']),
    );
    const dup = await admin.post('/api/v1/partnership-agreements', {
      number: 'pa-2025-001',
      partnerCompanyId: companyId,
      programId,
    });
    expect(fields(dup)).toContain('number:taken');
    const period = await admin.patch(`/api/v1/partnership-agreements/${ok.json().id}`, {
      validTo: '2024-12-31',
    });
    expect(fields(period)).toContain('validTo:before_start');
    const list = (await admin.get(`/api/v1/partnership-agreements?partnerCompanyId=${companyId}`)).json();
    expect(list.items.map((a: { number: string }) => a.number)).toEqual(['PA-2025-001']);
  });

  it('a program or company an agreement uses is not deleted (409)', async () => {
    expect((await admin.del(`/api/v1/partnership-programs/${programId}`)).statusCode).toBe(409);
    expect((await admin.del(`/api/v1/companies/${companyId}`)).statusCode).toBe(409);
  });
});

describe('access to the catalogue', () => {
  const paths = ['products', 'sales-directions', 'partnership-programs'];
  it.each(['crm_manager', 'crm_sales', 'crm_marketeer'] as const)(
    '%s reads but may not write (403)',
    async (role) => {
      const user = await userWith(t.app, admin, [role]);
      for (const path of paths) {
        const own = (await admin.post(`/api/v1/${path}`, { name: `${role} ${path}` })).json();
        expect((await user.get(`/api/v1/${path}`)).statusCode).toBe(200);
        expect((await user.get(`/api/v1/${path}/${own.id}`)).statusCode).toBe(200);
        expect((await user.post(`/api/v1/${path}`, { name: `x ${path}` })).statusCode).toBe(403);
        expect((await user.patch(`/api/v1/${path}/${own.id}`, { active: false })).statusCode).toBe(403);
        expect((await user.del(`/api/v1/${path}/${own.id}`)).statusCode).toBe(403);
      }
      expect((await user.get('/api/v1/partnership-agreements')).statusCode).toBe(200);
      expect(
        (
          await user.post('/api/v1/partnership-agreements', {
            number: 'N',
            partnerCompanyId: randomUUID(),
            programId: randomUUID(),
          })
        ).statusCode,
      ).toBe(403);
    },
  );
});
