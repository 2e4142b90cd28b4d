import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, validLead, type Catalog } from '../modules/leads/lead-fixtures';
import { bearer, createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../test/harness';

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

  it('stops a revoked token, a deactivated user and an ended session on the very next request', async () => {
    const created = await admin.post('/api/v1/api-tokens', { name: 'Feed', roles: ['crm_sales'] });
    expect(created.statusCode).toBe(201);
    const feed = bearer(t.app, '', created.json().token);
    expect((await feed.get('/api/v1/leads?limit=1')).statusCode).toBe(200);
    expect((await admin.del(`/api/v1/api-tokens/${created.json().id}`)).statusCode).toBe(204);
    expect((await feed.get('/api/v1/leads?limit=1')).statusCode).toBe(401);

    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await sales.get('/api/v1/leads?limit=1')).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${sales.userId}`, { active: false })).statusCode).toBe(200);
    expect((await sales.get('/api/v1/leads?limit=1')).statusCode).toBe(401);

    const other = await userWith(t.app, admin, ['crm_sales']);
    expect((await other.get('/api/v1/me')).statusCode).toBe(200);
    expect((await other.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
  });
});

// The memo is emptied by the services that write what it holds, not by the routes: a new route that
// calls them cannot forget it, and a write elsewhere to those tables fails this check.
describe('where the memo is emptied', () => {
  const memoTables =
    'settings|lead_statuses|units|unit_members|unit_collaborations|users|api_tokens|sessions|communication_rules|webhooks|assignment_rules|scoring_rules';
  const write = new RegExp(`(INSERT INTO|UPDATE|DELETE FROM)\\s+(${memoTables})\\b`);
  // Setup writes before the server answers anything (and empties the memo itself for the demo data);
  // the query-plan check seeds its own database.
  const seeders = ['/setup/', '/lead-query-plans.ts'];
  const emptying = [
    'settings',
    'pipeline',
    'users',
    'api-tokens',
    'auth',
    'communications',
    'webhooks',
    'assignment',
    'scoring',
  ];
  const modules = join(__dirname, '..', 'modules');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );

  it('only modules whose service empties the memo write the tables it reads', () => {
    const writers = new Set(
      sources(modules)
        .filter((f) => !seeders.some((s) => f.includes(s)) && write.test(readFileSync(f, 'utf8')))
        .map((f) => f.slice(modules.length + 1).split('/')[0]),
    );
    expect([...writers].filter((m) => !emptying.includes(m))).toEqual([]);
    for (const m of emptying) {
      const service = sources(join(modules, m))
        .filter((f) => f.endsWith('.service.ts'))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      expect(service, m).toMatch(/changingMemo|memoTransaction/);
    }
  });
});
