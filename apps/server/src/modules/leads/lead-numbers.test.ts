import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
});
afterAll(() => t.close());

describe('readable numbers', () => {
  it('keep growing past L-999999 instead of repeating', async () => {
    await t.db.query(`SELECT setval('lead_number_seq', 999998)`);
    const a = await admin.post('/api/v1/leads', validLead(c));
    const b = await admin.post('/api/v1/leads', validLead(c));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().number).toBe('L-999999');
    expect(b.json().number).toBe('L-1000000');
  });
});
