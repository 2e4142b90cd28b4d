import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

let seq = 0;
const newUser = (extra: Record<string, unknown> = {}) => ({
  email: `person${++seq}@example.test`,
  name: `Person ${seq}`,
  password: 'a-long-password',
  roles: ['crm_sales'],
  ...extra,
});

async function partnerCompany(name = 'Partner Co') {
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ($1, 'partner') RETURNING id`,
    [name],
  );
  return row.id;
}

const problemFields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('who manages users and units', () => {
  const crmRoles: Role[] = ['crm_manager', 'crm_sales', 'crm_marketeer'];

  it.each(crmRoles)(
    'refuses %s every change to users and units with 403, and changes nothing',
    async (role) => {
      const someone = await userWith(t.app, admin, ['crm_sales']);
      const unit = (await admin.post('/api/v1/units', { name: `Unit for ${role}` })).json();
      const u = await userWith(t.app, admin, [role]);
      const attempts = [
        await u.post('/api/v1/users', newUser()),
        await u.patch(`/api/v1/users/${someone.userId}`, { name: 'Hijacked' }),
        await u.patch(`/api/v1/users/${u.userId}`, { roles: ['crm_admin'] }),
        await u.post('/api/v1/units', { name: 'Rogue unit' }),
        await u.patch(`/api/v1/units/${unit.id}`, { name: 'Renamed' }),
        await u.del(`/api/v1/units/${unit.id}`),
      ];
      for (const res of attempts) {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect((await admin.get(`/api/v1/users/${someone.userId}`)).json().name).not.toBe('Hijacked');
      expect((await admin.get(`/api/v1/users/${u.userId}`)).json().roles).toEqual([role]);
      expect((await admin.get(`/api/v1/units/${unit.id}`)).json().name).toBe(`Unit for ${role}`);
      const rogue = await t.db.query(`SELECT 1 FROM units WHERE name = 'Rogue unit'`);
      expect(rogue).toHaveLength(0);
    },
  );

  it.each(crmRoles)('lets %s read users and units (to choose an owner or a unit)', async (role) => {
    const u = await userWith(t.app, admin, [role]);
    expect((await u.get('/api/v1/users')).statusCode).toBe(200);
    expect((await u.get('/api/v1/units')).statusCode).toBe(200);
    expect((await u.get(`/api/v1/users/${admin.userId}`)).statusCode).toBe(200);
  });

  it('lets a partner see only themselves: 403 for the lists, 404 for anyone else', async () => {
    const company = await partnerCompany('Partner for access');
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: company });
    const unit = (await admin.post('/api/v1/units', { name: 'Hidden from partners' })).json();
    expect((await partner.get('/api/v1/users')).statusCode).toBe(403);
    expect((await partner.get('/api/v1/units')).statusCode).toBe(403);
    expect((await partner.post('/api/v1/users', newUser())).statusCode).toBe(403);
    expect((await partner.post('/api/v1/units', { name: 'Partner unit' })).statusCode).toBe(403);
    expect((await partner.get(`/api/v1/users/${admin.userId}`)).statusCode).toBe(404);
    expect((await partner.patch(`/api/v1/users/${admin.userId}`, { name: 'x' })).statusCode).toBe(404);
    expect((await partner.get(`/api/v1/units/${unit.id}`)).statusCode).toBe(404);
    expect((await partner.patch(`/api/v1/units/${unit.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await partner.del(`/api/v1/units/${unit.id}`)).statusCode).toBe(404);
    const self = await partner.get(`/api/v1/users/${partner.userId}`);
    expect(self.statusCode).toBe(200);
    expect(self.json()).toMatchObject({ roles: ['partner'], partnerCompanyId: company });
  });

  it('lets the admin create, read and change a user', async () => {
    const input = newUser({ email: 'Mixed.Case@Example.TEST', roles: ['crm_manager', 'crm_sales'] });
    const created = await admin.post('/api/v1/users', input);
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({
      email: 'mixed.case@example.test',
      name: input.name,
      roles: ['crm_manager', 'crm_sales'],
      unitIds: [],
      partnerCompanyId: null,
      active: true,
      version: 1,
    });
    expect(user).not.toHaveProperty('password');
    expect(user).not.toHaveProperty('passwordHash');
    const changed = await admin.patch(`/api/v1/users/${user.id}`, {
      name: 'Renamed',
      roles: ['crm_marketeer'],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Renamed', roles: ['crm_marketeer'], version: 2 });
    expect((await admin.get(`/api/v1/users/${user.id}`)).json()).toEqual(changed.json());
  });
});

describe('the user list', () => {
  const names = ['Anna', 'Boris', 'anna', 'Carla', 'Dmitri', 'Eva', 'Boris', 'Zoe', 'Émile', 'Anna'];
  let ids: string[] = [];
  let unitId: string;

  beforeAll(async () => {
    // Many users with repeated names, inserted at once (equal created_at): ties the id must break.
    const rows = await t.db.query<{ id: string }>(
      `INSERT INTO users (email, name, password_hash, roles, active)
       SELECT 'paged' || i || '@list.test', ($1::text[])[1 + i % 10], NULL,
              CASE WHEN i % 3 = 0 THEN '{crm_manager}'::text[] ELSE '{crm_sales}'::text[] END, i % 4 <> 0
         FROM generate_series(1, 83) AS i RETURNING id`,
      [names],
    );
    ids = rows.map((r) => r.id);
    unitId = (await admin.post('/api/v1/units', { name: 'Paged unit', memberIds: ids.slice(0, 11) })).json()
      .id;
  });

  async function allPages(query: string, limit: number) {
    const seen: { id: string; name: string; email: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let total: number | undefined;
    do {
      const res = await admin.get(
        `/api/v1/users?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(limit);
      if (total === undefined) total = body.total;
      else expect(body.total).toBe(total);
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(200);
    } while (cursor);
    return { seen, total: total!, pages };
  }

  it.each([
    '',
    '&sort=name',
    '&sort=-name',
    '&sort=email',
    '&sort=-email',
    '&sort=-createdAt',
    '&sort=createdAt,-name',
  ])('walks every user exactly once in pages of 7 (%s)', async (sort) => {
    const { seen, total, pages } = await allPages(`&q=list.test${sort}`, 7);
    expect(total).toBe(83);
    expect(seen).toHaveLength(83);
    expect(new Set(seen.map((u) => u.id)).size).toBe(83);
    expect(new Set(seen.map((u) => u.id))).toEqual(new Set(ids));
    expect(pages).toBe(12);
    // The pages together are the same as one big page: nothing skipped, nothing repeated, same order.
    const one = (await admin.get(`/api/v1/users?limit=500&q=list.test${sort}`)).json();
    expect(one.nextCursor).toBeNull();
    expect(seen.map((u) => u.id)).toEqual(one.items.map((u: { id: string }) => u.id));
  });

  it('sorts by name in the given direction', async () => {
    const asc = (await allPages('&q=list.test&sort=name', 50)).seen.map((u) => u.name);
    const desc = (await allPages('&q=list.test&sort=-name', 50)).seen.map((u) => u.name);
    expect(asc[0] <= asc[asc.length - 1]).toBe(true);
    expect(desc).toEqual([...asc].reverse());
  });

  it('omits total on count=false', async () => {
    const body = (await admin.get('/api/v1/users?limit=5&count=false')).json();
    expect(body).not.toHaveProperty('total');
    expect(body.items).toHaveLength(5);
  });

  it('filters by text in the name or e-mail, case-insensitively, with % and _ taken literally', async () => {
    const byName = (await allPages('&q=ZOE', 100)).seen;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((u) => u.name === 'Zoe')).toBe(true);
    const byEmail = (await allPages('&q=PAGED17@', 100)).seen;
    expect(byEmail.map((u) => u.email)).toEqual(['paged17@list.test']);
    expect((await admin.get('/api/v1/users?q=%25')).json().total).toBe(0);
    expect((await admin.get('/api/v1/users?q=paged_')).json().total).toBe(0);
  });

  it('filters by active, role and unit, and combines filters', async () => {
    const inactive = (await allPages('&q=list.test&active=false', 100)).seen;
    expect(inactive).toHaveLength(20); // i % 4 = 0 for i in 1..83
    const active = await allPages('&q=list.test&active=true', 100);
    expect(active.total).toBe(63);
    const managers = (await allPages('&q=list.test&role=crm_manager', 100)).seen;
    expect(managers).toHaveLength(27); // i % 3 = 0
    for (const m of managers)
      expect((await admin.get(`/api/v1/users/${m.id}`)).json().roles).toEqual(['crm_manager']);
    const members = (await allPages(`&unitId=${unitId}`, 4)).seen;
    expect(new Set(members.map((u) => u.id))).toEqual(new Set(ids.slice(0, 11)));
    const both = await allPages(`&unitId=${unitId}&role=crm_manager&active=true`, 100);
    for (const u of both.seen) {
      const full = (await admin.get(`/api/v1/users/${u.id}`)).json();
      expect(full).toMatchObject({ active: true, roles: ['crm_manager'] });
      expect(full.unitIds).toContain(unitId);
    }
    expect((await admin.get(`/api/v1/users?unitId=${randomUUID()}`)).json()).toMatchObject({
      items: [],
      total: 0,
    });
  });

  it('never lists an API token as a person', async () => {
    await admin.post('/api/v1/api-tokens', { name: 'Listed token', roles: ['crm_sales'] });
    const all = (await allPages('', 500)).seen;
    expect(all.map((u) => u.name)).not.toContain('Listed token');
  });
});

describe('units', () => {
  it('keeps members and collaborating units, and shows the membership on the user', async () => {
    const a = await userWith(t.app, admin, ['crm_sales']);
    const b = await userWith(t.app, admin, ['crm_sales']);
    const north = (
      await admin.post('/api/v1/units', { name: 'North', memberIds: [a.userId, a.userId] })
    ).json();
    expect(north.memberIds).toEqual([a.userId]);
    const south = (
      await admin.post('/api/v1/units', {
        name: 'South',
        memberIds: [a.userId, b.userId],
        collaboratingUnitIds: [north.id],
      })
    ).json();
    expect([...south.memberIds].sort()).toEqual([a.userId, b.userId].sort());
    expect(south.collaboratingUnitIds).toEqual([north.id]);
    expect([...(await admin.get(`/api/v1/users/${a.userId}`)).json().unitIds].sort()).toEqual(
      [north.id, south.id].sort(),
    );
    // A member's own view of their units is what the lead rules will use.
    expect((await a.get('/api/v1/me')).json().user.unitIds.sort()).toEqual([north.id, south.id].sort());

    // Replacing the members of a unit, and the units of a user, from either side.
    const patched = await admin.patch(`/api/v1/units/${south.id}`, { memberIds: [b.userId] });
    expect(patched.json().memberIds).toEqual([b.userId]);
    expect((await admin.get(`/api/v1/users/${a.userId}`)).json().unitIds).toEqual([north.id]);
    await admin.patch(`/api/v1/users/${b.userId}`, { unitIds: [north.id] });
    expect((await admin.get(`/api/v1/units/${south.id}`)).json().memberIds).toEqual([]);
    expect([...(await admin.get(`/api/v1/units/${north.id}`)).json().memberIds].sort()).toEqual(
      [a.userId, b.userId].sort(),
    );

    const list = (await admin.get('/api/v1/units')).json();
    expect(list.items.map((u: { name: string }) => u.name)).toEqual(
      expect.arrayContaining(['North', 'South']),
    );
    expect(list.total).toBe(list.items.length);

    // Deleting a unit ends its memberships and collaborations.
    expect((await admin.del(`/api/v1/units/${north.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/units/${north.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/users/${a.userId}`)).json().unitIds).toEqual([]);
    expect((await admin.get(`/api/v1/units/${south.id}`)).json().collaboratingUnitIds).toEqual([]);
  });

  it('refuses a unit name that exists in another case, naming the field', async () => {
    await admin.post('/api/v1/units', { name: 'Key Accounts' });
    const res = await admin.post('/api/v1/units', { name: 'key accounts' });
    expect(res.statusCode).toBe(422);
    expect(problemFields(res.json())).toEqual(['name']);
  });

  it('refuses a unit collaborating with itself', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Self' })).json();
    const res = await admin.patch(`/api/v1/units/${unit.id}`, { collaboratingUnitIds: [unit.id] });
    expect(res.statusCode).toBe(422);
    expect(problemFields(res.json())).toEqual(['collaboratingUnitIds.0']);
  });
});

describe('account rules', () => {
  it('does not let the last active administrator be deactivated or lose the role', async () => {
    // Other admins may exist from earlier tests; leave the signed-in one the only active admin.
    const others = await t.db.query<{ id: string }>(
      `SELECT id FROM users WHERE 'crm_admin' = ANY (roles) AND id <> $1`,
      [admin.userId],
    );
    for (const o of others) await admin.patch(`/api/v1/users/${o.id}`, { active: false });

    const off = await admin.patch(`/api/v1/users/${admin.userId}`, { active: false });
    expect(off.statusCode).toBe(422);
    expect(problemFields(off.json())).toEqual(['active']);
    const demoted = await admin.patch(`/api/v1/users/${admin.userId}`, { roles: ['crm_manager'] });
    expect(demoted.statusCode).toBe(422);
    expect(problemFields(demoted.json())).toEqual(['roles']);
    const me = (await admin.get(`/api/v1/users/${admin.userId}`)).json();
    expect(me).toMatchObject({ active: true, roles: ['crm_admin'] });

    // With a second administrator, the first may step down.
    const second = await userWith(t.app, admin, ['crm_admin']);
    const stepDown = await second.patch(`/api/v1/users/${admin.userId}`, { roles: ['crm_manager'] });
    expect(stepDown.statusCode).toBe(200);
    const last = await second.patch(`/api/v1/users/${second.userId}`, { active: false });
    expect(last.statusCode).toBe(422);
    // Restore the first administrator for the tests that follow.
    await second.patch(`/api/v1/users/${admin.userId}`, { roles: ['crm_admin'] });
    admin = await signInAdmin(t.app);
  });

  it('requires a partner company for the partner role, and an existing one', async () => {
    const refused = newUser({ roles: ['partner'] });
    const missing = await admin.post('/api/v1/users', refused);
    expect(missing.statusCode).toBe(422);
    expect(problemFields(missing.json())).toEqual(['partnerCompanyId']);
    const unknown = await admin.post(
      '/api/v1/users',
      newUser({ roles: ['partner'], partnerCompanyId: randomUUID() }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(problemFields(unknown.json())).toContain('partnerCompanyId');
    const mixed = await admin.post(
      '/api/v1/users',
      newUser({ roles: ['partner', 'crm_sales'], partnerCompanyId: await partnerCompany('Mixed Co') }),
    );
    expect(mixed.statusCode).toBe(422);
    expect(problemFields(mixed.json())).toEqual(['roles']);

    const company = await partnerCompany('Real Partner');
    const ok = await admin.post('/api/v1/users', newUser({ roles: ['partner'], partnerCompanyId: company }));
    expect(ok.statusCode).toBe(201);
    // Taking the company away later is refused too.
    const cleared = await admin.patch(`/api/v1/users/${ok.json().id}`, { partnerCompanyId: null });
    expect(cleared.statusCode).toBe(422);
    expect(problemFields(cleared.json())).toEqual(['partnerCompanyId']);
    // A CRM user turned partner needs the company in the same change.
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const turned = await admin.patch(`/api/v1/users/${sales.userId}`, { roles: ['partner'] });
    expect(turned.statusCode).toBe(422);
    expect(problemFields(turned.json())).toEqual(['partnerCompanyId']);
    const nothingWritten = await t.db.query(`SELECT 1 FROM users WHERE email = $1`, [refused.email]);
    expect(nothingWritten).toHaveLength(0);
  });

  it('keeps e-mail addresses unique whatever their case, naming `email`', async () => {
    const first = await admin.post('/api/v1/users', newUser({ email: 'Unique.Person@Example.test' }));
    expect(first.statusCode).toBe(201);
    const again = await admin.post('/api/v1/users', newUser({ email: 'unique.person@EXAMPLE.TEST' }));
    expect(again.statusCode).toBe(422);
    expect(problemFields(again.json())).toEqual(['email']);
    const other = (await admin.post('/api/v1/users', newUser())).json();
    const taken = await admin.patch(`/api/v1/users/${other.id}`, { email: 'UNIQUE.person@example.test' });
    expect(taken.statusCode).toBe(422);
    expect(problemFields(taken.json())).toEqual(['email']);
    // Keeping one's own address, in another case, is no conflict.
    const same = await admin.patch(`/api/v1/users/${first.json().id}`, {
      email: 'UNIQUE.PERSON@example.test',
    });
    expect(same.statusCode).toBe(200);
    const count = await t.db.query(`SELECT 1 FROM users WHERE lower(email) = 'unique.person@example.test'`);
    expect(count).toHaveLength(1);
  });

  it('creates one user when two requests race with the same e-mail; the other hears 422 naming `email`', async () => {
    const [a, b] = await Promise.all([
      admin.post('/api/v1/users', newUser({ email: 'race@example.test' })),
      admin.post('/api/v1/users', newUser({ email: 'RACE@example.test' })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 422]);
    const loser = a.statusCode === 422 ? a : b;
    expect(problemFields(loser.json())).toEqual(['email']);
    expect(await t.db.query(`SELECT 1 FROM users WHERE lower(email) = 'race@example.test'`)).toHaveLength(1);
  });

  it('refuses unknown units for a user, naming each one', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Known unit' })).json();
    const res = await admin.post(
      '/api/v1/users',
      newUser({ unitIds: [unit.id, randomUUID(), randomUUID()] }),
    );
    expect(res.statusCode).toBe(422);
    expect(problemFields(res.json())).toEqual(['unitIds.1', 'unitIds.2']);
  });
});
