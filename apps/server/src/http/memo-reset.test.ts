import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, validLead, type Catalog } from '../modules/leads/lead-fixtures';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../test/harness';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
});
afterAll(() => t.close());

// The process keeps settings, statuses and who a session belongs to between requests; a change made
// through the API must show on the very next request.
describe('what the server keeps between requests', () => {
  it('follows a change of the default new status at once', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const first = await sales.post('/api/v1/leads', validLead(c));
    expect(first.statusCode).toBe(201);
    const other = await admin.post('/api/v1/lead-statuses', {
      name: 'Fresh',
      phase: 'new',
      color: '#123456',
    });
    expect(other.statusCode).toBe(201);
    expect((await admin.patch('/api/v1/settings', { defaultNewStatusId: other.json().id })).statusCode).toBe(
      200,
    );
    const second = await sales.post('/api/v1/leads', validLead(c));
    expect(second.statusCode).toBe(201);
    expect(second.json().statusId).toBe(other.json().id);
    expect(second.json().statusId).not.toBe(first.json().statusId);
  });

  it('follows a change of roles and of visibility at once', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const mine = (await sales.post('/api/v1/leads', validLead(c, { ownerId: sales.userId }))).json();
    const theirs = (await admin.post('/api/v1/leads', validLead(c))).json();
    expect((await sales.get(`/api/v1/leads/${theirs.id}`)).statusCode).toBe(200);
    expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
    expect((await sales.get(`/api/v1/leads/${theirs.id}`)).statusCode).toBe(404);
    expect((await sales.get(`/api/v1/leads/${mine.id}`)).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${sales.userId}`, { roles: ['crm_manager'] })).statusCode).toBe(
      200,
    );
    expect((await sales.get(`/api/v1/leads/${theirs.id}`)).statusCode).toBe(200);
    await admin.patch('/api/v1/settings', { visibility: 'all' });
  });
});
