import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let ann: Client;
let bob: Client;
let partner: Client;

type View = { id: string; name: string; ownerId: string; shared: boolean; version: number };
const namesOf = (res: { json(): unknown }) => (res.json() as { items: View[] }).items.map((v) => v.name);
const definition = {
  view: 'open',
  filters: { ownerId: null, phase: ['new', 'in_progress'], scoreMin: 50 },
  sort: '-updatedAt',
  columns: ['number', 'name', 'targetAmount'],
};
async function save(c: Client, name: string, shared = false) {
  const res = await c.post('/api/v1/saved-views', { name, shared, definition });
  if (res.statusCode !== 201) throw new Error(`${name}: ${res.body}`);
  return res.json() as View;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const c = await seedCatalog(t.db);
  ann = await userWith(t.app, admin, ['crm_sales']);
  bob = await userWith(t.app, admin, ['crm_sales']);
  partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerA });
});
afterAll(() => t.close());

describe('saved views', () => {
  it('a user sees their own views and every shared one, not the private views of others', async () => {
    const mine = await save(ann, 'Ann private');
    expect(mine).toMatchObject({ ownerId: ann.userId, shared: false, version: 1, definition });
    await save(ann, 'Ann shared', true);
    await save(bob, 'Bob private');
    const res = await bob.get('/api/v1/saved-views');
    expect(res.statusCode).toBe(200);
    expect(namesOf(res)).toEqual(['Ann shared', 'Bob private']);
    expect(res.json().total).toBe(2);
    expect((await bob.patch(`/api/v1/saved-views/${mine.id}`, { name: 'x' })).statusCode).toBe(404);
  });

  it('only the owner changes or deletes a view; a crm_admin may delete a shared one', async () => {
    const shared = await save(ann, 'Team pipeline', true);
    expect((await bob.patch(`/api/v1/saved-views/${shared.id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await bob.del(`/api/v1/saved-views/${shared.id}`)).statusCode).toBe(403);
    const renamed = await ann.patch(`/api/v1/saved-views/${shared.id}`, { name: 'Team board' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Team board', version: 2 });
    const stale = await ann.patch(`/api/v1/saved-views/${shared.id}`, { name: 'Old' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(412);
    expect((await admin.del(`/api/v1/saved-views/${shared.id}`)).statusCode).toBe(204);
    expect(namesOf(await ann.get('/api/v1/saved-views'))).not.toContain('Team board');
    const own = await save(bob, 'Bob temp');
    expect((await bob.del(`/api/v1/saved-views/${own.id}`)).statusCode).toBe(204);
  });

  it('partner users keep their own views only and may not share one', async () => {
    await save(partner, 'Partner own');
    expect(namesOf(await partner.get('/api/v1/saved-views'))).toEqual(['Partner own']);
    const res = await partner.post('/api/v1/saved-views', { name: 'Leak', shared: true, definition });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['shared']);
  });

  it('rejects a definition that is too large or malformed, naming the fields', async () => {
    const res = await ann.post('/api/v1/saved-views', {
      name: '',
      definition: { columns: Array.from({ length: 101 }, (_, i) => `c${i}`), extra: 1 },
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'definition.columns']));
  });
});
