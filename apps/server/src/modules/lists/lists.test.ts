import { randomUUID } from 'node:crypto';
import { listKinds } from '@leadline/contract';
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

const fields = (res: { json: () => { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);
const names = async (c: Client, url: string) =>
  (await c.get(url)).json().items.map((i: { name: string }) => i.name);

/** A lead row written straight to the table, to put a value in use without the lead module. */
async function leadUsing(column: string, id: string) {
  const [status] = await t.db.query<{ id: string }>(
    "SELECT id FROM lead_statuses WHERE phase = 'new' LIMIT 1",
  );
  const [source] = await t.db.query<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
  const values: Record<string, string> = { source_id: source.id, [column]: id };
  const cols = Object.keys(values);
  await t.db.query(
    `INSERT INTO leads (name, status_id, phase, ${cols.join(', ')})
     VALUES ('In use', $1, 'new', ${cols.map((_, i) => `$${i + 2}`).join(', ')})`,
    [status.id, ...cols.map((c) => values[c])],
  );
}

describe('lists of values', () => {
  it.each(listKinds)('%s: create, read, change, list and delete', async (kind) => {
    const created = await admin.post(`/api/v1/${kind}`, {
      name: `First ${kind}`,
      code: `c_${kind}`,
      position: 5,
    });
    expect(created.statusCode, created.body).toBe(201);
    const value = created.json();
    expect(value).toMatchObject({
      name: `First ${kind}`,
      code: `c_${kind}`,
      position: 5,
      active: true,
      version: 1,
    });
    expect((await sales.get(`/api/v1/${kind}/${value.id}`)).json().name).toBe(`First ${kind}`);
    const patched = await admin.patch(`/api/v1/${kind}/${value.id}`, { active: false }, { 'if-match': '1' });
    expect(patched.json()).toMatchObject({ active: false, version: 2 });
    expect(await names(sales, `/api/v1/${kind}?active=false`)).toContain(`First ${kind}`);
    expect(await names(sales, `/api/v1/${kind}?active=true`)).not.toContain(`First ${kind}`);
    expect((await admin.del(`/api/v1/${kind}/${value.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/${kind}/${value.id}`)).statusCode).toBe(404);
  });

  it('comes with the default lead sources, in order', async () => {
    expect(await names(sales, '/api/v1/lead-sources?limit=3')).toEqual(['Self-generation', 'Email', 'Call']);
    const body = (await sales.get('/api/v1/lead-sources')).json();
    expect(body.total).toBe(11);
  });

  it('refuses a name that exists in another case, naming name', async () => {
    await admin.post('/api/v1/industries', { name: 'Retail' });
    const res = await admin.post('/api/v1/industries', { name: '  RETAIL ' });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toContain('name:taken');
    const other = (await admin.post('/api/v1/industries', { name: 'Energy' })).json();
    const rename = await admin.patch(`/api/v1/industries/${other.id}`, { name: 'retail' });
    expect(rename.statusCode).toBe(422);
    expect((await admin.patch(`/api/v1/industries/${other.id}`, { name: 'ENERGY' })).statusCode).toBe(200);
    expect((await admin.post('/api/v1/categories', { name: 'Retail' })).statusCode).toBe(201);
  });

  it('does not delete a value a lead uses (409) but lets it be retired', async () => {
    const source = (await admin.post('/api/v1/lead-sources', { name: 'Trade fair' })).json();
    await leadUsing('source_id', source.id);
    const res = await admin.del(`/api/v1/lead-sources/${source.id}`);
    expect(res.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/lead-sources/${source.id}`)).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/lead-sources/${source.id}`, { active: false })).statusCode).toBe(200);
  });

  it('does not delete a value a contact uses: an industry of a company, a function as job title', async () => {
    const industry = (await admin.post('/api/v1/industries', { name: 'Mining' })).json();
    await sales.post('/api/v1/companies', { name: 'Digger', industryId: industry.id });
    expect((await admin.del(`/api/v1/industries/${industry.id}`)).statusCode).toBe(409);
    const fn = (await admin.post('/api/v1/functions', { name: 'Buyer' })).json();
    await sales.post('/api/v1/contacts', { lastName: 'Purchaser', jobTitle: 'buyer' });
    expect((await admin.del(`/api/v1/functions/${fn.id}`)).statusCode).toBe(409);
    const unused = (await admin.post('/api/v1/functions', { name: 'Unused' })).json();
    expect((await admin.del(`/api/v1/functions/${unused.id}`)).statusCode).toBe(204);
  });

  it('searches with q, sorts by name or position and pages with a cursor', async () => {
    for (const [name, position] of [
      ['Agency C', 1],
      ['Agency A', 3],
      ['Agency B', 2],
    ] as const)
      await admin.post('/api/v1/agencies', { name, position });
    expect(await names(sales, '/api/v1/agencies?q=agency')).toEqual(['Agency C', 'Agency B', 'Agency A']);
    expect(await names(sales, '/api/v1/agencies?q=agency&sort=name')).toEqual([
      'Agency A',
      'Agency B',
      'Agency C',
    ]);
    const first = (await sales.get('/api/v1/agencies?sort=-name&limit=2')).json();
    const second = (await sales.get(`/api/v1/agencies?sort=-name&limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: { name: string }) => i.name)).toEqual([
      'Agency C',
      'Agency B',
      'Agency A',
    ]);
    expect(second.nextCursor).toBeNull();
    expect((await sales.get('/api/v1/agencies?sort=secret')).statusCode).toBe(400);
  });

  it('honours If-Match (412) and answers 404 for unknown ids', async () => {
    const v = (await admin.post('/api/v1/departments', { name: 'Finance' })).json();
    const stale = await admin.patch(`/api/v1/departments/${v.id}`, { name: 'Money' }, { 'if-match': '7' });
    expect(stale.statusCode).toBe(412);
    expect((await admin.get(`/api/v1/departments/${v.id}`)).json().name).toBe('Finance');
    expect((await admin.patch(`/api/v1/departments/${randomUUID()}`, { name: 'x' })).statusCode).toBe(404);
    expect((await admin.del(`/api/v1/departments/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('replays a repeated POST with the same Idempotency-Key without creating twice', async () => {
    const headers = { 'idempotency-key': 'group-co-1' };
    const a = await admin.post('/api/v1/group-companies', { name: 'Holding' }, headers);
    const b = await admin.post('/api/v1/group-companies', { name: 'Holding' }, headers);
    expect(b.json().id).toBe(a.json().id);
  });
});

describe('tags, cities, campaigns and lead types', () => {
  it('tags have a #rrggbb colour', async () => {
    const ok = await admin.post('/api/v1/tags', { name: 'VIP', color: '#ff0000' });
    expect(ok.json()).toMatchObject({ name: 'VIP', color: '#ff0000' });
    const bad = await admin.post('/api/v1/tags', { name: 'Red', color: 'red' });
    expect(bad.statusCode).toBe(422);
    expect(fields(bad).some((f) => f.startsWith('color:'))).toBe(true);
    expect((await admin.post('/api/v1/tags', { name: 'vip' })).statusCode).toBe(422);
  });

  it('a city is unique by name, region and country', async () => {
    expect((await admin.post('/api/v1/cities', { name: 'Springfield', region: 'Illinois' })).statusCode).toBe(
      201,
    );
    expect((await admin.post('/api/v1/cities', { name: 'Springfield', region: 'Ohio' })).statusCode).toBe(
      201,
    );
    const dup = await admin.post('/api/v1/cities', { name: 'springfield', region: 'ILLINOIS' });
    expect(dup.statusCode).toBe(422);
    expect(fields(dup)).toContain('name:taken');
  });

  it('a marketing campaign does not end before it starts', async () => {
    const bad = await admin.post('/api/v1/marketing-campaigns', {
      name: 'Spring',
      startDate: '2025-05-01',
      endDate: '2025-04-01',
    });
    expect(bad.statusCode).toBe(422);
    expect(fields(bad)).toContain('endDate:before_start');
    const ok = await admin.post('/api/v1/marketing-campaigns', {
      name: 'Spring',
      startDate: '2025-04-01',
      endDate: '2025-05-01',
    });
    expect(ok.json()).toMatchObject({ startDate: '2025-04-01', endDate: '2025-05-01', active: true });
    const patch = await admin.patch(`/api/v1/marketing-campaigns/${ok.json().id}`, { endDate: '2025-03-01' });
    expect(patch.statusCode).toBe(422);
  });

  it('a lead type carries defaults, allowed activity types and units that must exist', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Inside sales' })).json();
    const ok = await admin.post('/api/v1/lead-types', {
      name: 'Tender',
      priority: 'high',
      importance: 'urgent',
      estimatedCompletionDays: 30,
      allowedActivityTypes: ['call', 'meeting'],
      allowedUnitIds: [unit.id],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      priority: 'high',
      importance: 'urgent',
      estimatedCompletionDays: 30,
      allowedActivityTypes: ['call', 'meeting'],
      allowedUnitIds: [unit.id],
    });
    const defaults = (await admin.post('/api/v1/lead-types', { name: 'Plain' })).json();
    expect(defaults).toMatchObject({ priority: 'normal', importance: 'normal', allowedUnitIds: [] });
    const bad = await admin.post('/api/v1/lead-types', {
      name: 'Bad',
      importance: 'huge',
      allowedActivityTypes: ['fax'],
    });
    expect(bad.statusCode).toBe(422);
    const missing = await admin.post('/api/v1/lead-types', { name: 'Ghost', allowedUnitIds: [randomUUID()] });
    expect(missing.statusCode).toBe(422);
    expect(fields(missing)).toContain('allowedUnitIds.0:not_found');
  });
});

describe('city import', () => {
  const upload = (csv: string, field = 'file') => {
    const boundary = 'xxBOUNDARYxx';
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="cities.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    return admin.inject({
      method: 'POST',
      url: '/api/v1/cities/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };

  it('creates new cities, updates known ones and reports bad lines', async () => {
    await admin.post('/api/v1/cities', { name: 'Lyon', country: 'France' });
    const res = await upload(
      'name,region,country,postalCode\nLyon,,France,69000\nNantes,Pays de la Loire,France,44000\n,,France,1\n"Quoted, Town",,France,\n',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      created: 2,
      updated: 1,
      rejected: [{ line: 4, errors: ['name is required'] }],
    });
    const lyon = (await admin.get('/api/v1/cities?q=lyon')).json().items[0];
    expect(lyon.postalCode).toBe('69000');
    expect(await names(admin, '/api/v1/cities?country=france&sort=name')).toEqual([
      'Lyon',
      'Nantes',
      'Quoted, Town',
    ]);
  });

  it('takes files of any length, counting a city named again as an update of the first', async () => {
    await admin.post('/api/v1/cities', { name: 'Stored Town', country: 'Norway', postalCode: '0150' });
    const lines = ['name,region,country,postalCode'];
    for (let i = 0; i < 100_001; i++) lines.push(`Town ${i},Region ${i % 7},Bulkland,${10000 + i}`);
    // Repeats of a city, in another case and in later chunks: the last postal code given wins.
    lines.push('town 5,REGION 5,bulkland,', 'TOWN 5,region 5,Bulkland,99999', 'stored town,,norway,');
    lines.push('Fresh City,,Bulkland,1', 'FRESH CITY,,bulkland,', ',,Bulkland,2');
    const res = await upload(`${lines.join('\n')}\n`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toEqual({
      created: 100_002,
      updated: 4,
      rejected: [{ line: 100_008, errors: ['name is required'] }],
    });
    const city = async (name: string, country: string) =>
      (
        await t.db.query<{ name: string; postal_code: string | null; version: number }>(
          'SELECT name, postal_code, version FROM cities WHERE lower(name) = lower($1) AND lower(country) = lower($2)',
          [name, country],
        )
      ).map((c) => ({ name: c.name, postalCode: c.postal_code, version: c.version }));
    expect(await city('Town 5', 'Bulkland')).toEqual([{ name: 'Town 5', postalCode: '99999', version: 3 }]);
    expect(await city('Stored Town', 'Norway')).toEqual([
      { name: 'Stored Town', postalCode: '0150', version: 2 },
    ]);
    expect(await city('Fresh City', 'Bulkland')).toEqual([
      { name: 'Fresh City', postalCode: '1', version: 2 },
    ]);
  }, 120_000);

  it('refuses a file without the header or without the file field, and changes nothing', async () => {
    const before = (await admin.get('/api/v1/cities')).json().total;
    const noHeader = await upload('Paris,,France,75000\n');
    expect(noHeader.statusCode).toBe(422);
    expect(fields(noHeader)).toContain('file:invalid_header');
    expect(fields(await upload('name,region\nParis,IDF\n', 'other'))).toContain('file:required');
    const badCsv = await upload('name,country\n"Broken,France\n');
    expect(badCsv.statusCode).toBe(422);
    expect((await admin.get('/api/v1/cities')).json().total).toBe(before);
    const json = await admin.post('/api/v1/cities/import', { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('is for crm_admin only', async () => {
    const res = await sales.inject({
      method: 'POST',
      url: '/api/v1/cities/import',
      payload:
        '--b\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n\r\nname\nX\r\n--b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('access to configuration', () => {
  const paths = [...listKinds, 'tags', 'cities', 'marketing-campaigns', 'lead-types'];
  it.each(['crm_manager', 'crm_sales', 'crm_marketeer'] as const)(
    '%s reads every list but may not create, change or delete (403)',
    async (role) => {
      const user = await userWith(t.app, admin, [role]);
      for (const path of paths) {
        const own = (await admin.post(`/api/v1/${path}`, { name: `${role} ${path}` })).json();
        expect((await user.get(`/api/v1/${path}`)).statusCode, path).toBe(200);
        expect((await user.get(`/api/v1/${path}/${own.id}`)).statusCode, path).toBe(200);
        expect((await user.post(`/api/v1/${path}`, { name: `x ${role} ${path}` })).statusCode, path).toBe(
          403,
        );
        expect((await user.patch(`/api/v1/${path}/${own.id}`, { name: 'changed' })).statusCode, path).toBe(
          403,
        );
        expect((await user.del(`/api/v1/${path}/${own.id}`)).statusCode, path).toBe(403);
      }
    },
  );

  it('crm_admin creates, changes and deletes every kind', async () => {
    for (const path of paths) {
      const created = await admin.post(`/api/v1/${path}`, { name: `admin ${path}` });
      expect(created.statusCode, path).toBe(201);
      expect((await admin.patch(`/api/v1/${path}/${created.json().id}`, { active: false })).statusCode).toBe(
        200,
      );
      expect((await admin.del(`/api/v1/${path}/${created.json().id}`)).statusCode).toBe(204);
    }
  });

  it('a partner user reads nothing of it', async () => {
    const firm = (await admin.post('/api/v1/companies', { name: 'Partner Ltd', type: 'partner' })).json();
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: firm.id });
    for (const path of paths) expect((await partner.get(`/api/v1/${path}`)).statusCode, path).toBe(403);
  });
});
