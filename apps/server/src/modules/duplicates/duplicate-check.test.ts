import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let anna: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  const res = await admin.post('/api/v1/leads', {
    name: 'Anna Petrova',
    sourceId: c.sources.api,
    prospectType: 'person',
    newContact: true,
    salesDirectionId: c.directions.cloud,
    firstName: 'Anna',
    lastName: 'Petrova',
    emails: 'anna.petrova@zephyr.test',
    phones: '+49 30 1010397',
  });
  expect(res.statusCode, res.body).toBe(201);
  anna = res.json().id;
});
afterAll(() => t.close());

describe('duplicates of a lead being typed', () => {
  it('finds the lead by the same e-mail or phone typed another way, with reasons', async () => {
    const res = await admin.post('/api/v1/leads/duplicates/check', {
      firstName: 'Ana',
      lastName: 'Petrova',
      emails: 'ANNA.PETROVA@zephyr.test',
    });
    expect(res.statusCode).toBe(200);
    const [first] = res.json().items;
    expect(first).toMatchObject({ id: anna, name: 'Anna Petrova' });
    expect(first.reasons.map((r: { field: string; kind: string }) => `${r.field}:${r.kind}`)).toContain(
      'email:same',
    );
    const byPhone = await admin.post('/api/v1/leads/duplicates/check', {
      firstName: 'Anna',
      lastName: 'Petrova',
      phones: '+49 (30) 101-03-97',
    });
    expect(byPhone.json().items.map((i: { id: string }) => i.id)).toContain(anna);
  });

  it('leaves out what is not complete yet, answers nothing for an empty form, and refuses bad shapes', async () => {
    expect(
      (await admin.post('/api/v1/leads/duplicates/check', { emails: 'anna.petr', phones: '030' })).json(),
    ).toEqual({ items: [] });
    expect((await admin.post('/api/v1/leads/duplicates/check', {})).json()).toEqual({ items: [] });
    const bad = await admin.post('/api/v1/leads/duplicates/check', { firstName: 5, colour: 'red' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
  });

  it('shows only leads the user may see', async () => {
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const sales = await userWith(t.app, admin, ['crm_sales']);
      const res = await sales.post('/api/v1/leads/duplicates/check', { emails: 'anna.petrova@zephyr.test' });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });
});
