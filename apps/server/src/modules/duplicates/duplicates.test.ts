import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
const ids: Record<string, string> = {};

interface Candidate {
  id: string;
  score: number;
  reasons: { field: string; kind: string; weight: number; text: string }[];
}

const lead = (name: string, extra: Record<string, unknown>) => ({
  name,
  sourceId: c.sources.api,
  prospectType: 'person',
  newContact: true,
  salesDirectionId: c.directions.cloud,
  ...extra,
});

async function mk(key: string, extra: Record<string, unknown>, as = admin) {
  const res = await as.post('/api/v1/leads', lead(key, extra));
  if (res.statusCode !== 201) throw new Error(`${key}: ${res.body}`);
  ids[key] = res.json().id;
  return res.json();
}

async function duplicatesOf(key: string, as = admin): Promise<Candidate[]> {
  const res = await as.get(`/api/v1/leads/${ids[key]}/duplicates`);
  expect(res.statusCode).toBe(200);
  return res.json().items;
}
const find = (list: Candidate[], key: string) => list.find((x) => x.id === ids[key]);

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  await mk('Anna Petrova', {
    firstName: 'Anna',
    lastName: 'Petrova',
    emails: 'anna.petrova@zephyr.test',
    phones: '+49 30 1010397',
    leadCompanyName: 'Zephyr Robotics GmbH',
  });
  // Same e-mail in capitals, a name one letter off, the company with another legal form.
  await mk('Ana Petrova', {
    firstName: 'Ana',
    lastName: 'Petrova',
    emails: 'Anna.Petrova@Zephyr.test',
    leadCompanyName: 'ZEPHYR ROBOTICS, LLC',
  });
  // The same phone typed another way, and another company.
  await mk('A. Petrova at Orbit', {
    firstName: 'Anna',
    lastName: 'Petrova',
    phones: '+49 (30) 101-03-97',
    leadCompanyName: 'Orbit Systems',
  });
  await mk('Unrelated', { firstName: 'Boris', lastName: 'Ivanov', emails: 'boris@ivanov.test' });
  await mk('TIN one', {
    prospectType: 'company',
    firstName: 'Olga',
    lastName: 'Sidorova',
    leadCompanyName: 'ООО Ромашка',
    companyTin: '7707083893',
  });
  await mk('TIN two', {
    prospectType: 'company',
    firstName: 'Igor',
    lastName: 'Kuznetsov',
    leadCompanyName: 'Ромашка',
    companyTin: '7707083893',
  });
});
afterAll(() => t.close());

describe('likely duplicates of a lead', () => {
  it('lists the candidates nearest first with a score and a reason per field', async () => {
    const list = await duplicatesOf('Anna Petrova');
    const scores = list.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const ana = find(list, 'Ana Petrova')!;
    expect(ana.reasons.map((r) => r.text)).toEqual(
      expect.arrayContaining(['same e-mail +8.1', 'same company +3.2']),
    );
    const nameReason = ana.reasons.find((r) => r.field === 'personName')!;
    expect(nameReason.kind).toBe('similar');
    expect(nameReason.text).toMatch(/^name 0\.\d\d similar \+\d\.\d$/);
    expect(ana.score).toBeCloseTo(
      ana.reasons.reduce((s, r) => s + r.weight, 0),
      5,
    );
    const orbit = find(list, 'A. Petrova at Orbit')!;
    expect(orbit.reasons.map((r) => r.text)).toEqual(
      expect.arrayContaining(['same phone +6.5', 'same name +4.7', 'other company -2.0']),
    );
    expect(find(list, 'Unrelated')).toBeUndefined();
    expect(find(list, 'Anna Petrova')).toBeUndefined();
  });

  it('matches a TIN and a company name without its legal form', async () => {
    const list = await duplicatesOf('TIN one');
    const two = find(list, 'TIN two')!;
    expect(two.reasons.map((r) => r.text)).toEqual(['same TIN +9.0', 'same company +3.2', 'other name -1.5']);
    expect(two.score).toBe(10.7);
  });

  it('keeps only candidates at or above the threshold in the settings', async () => {
    expect(find(await duplicatesOf('Anna Petrova'), 'A. Petrova at Orbit')).toBeDefined();
    const s = await admin.patch('/api/v1/settings', { duplicateThreshold: 10 });
    expect(s.statusCode).toBe(200);
    expect(s.json().duplicateThreshold).toBe(10);
    try {
      const list = await duplicatesOf('Anna Petrova');
      expect(find(list, 'A. Petrova at Orbit')).toBeUndefined();
      expect(find(list, 'Ana Petrova')).toBeDefined();
    } finally {
      await admin.patch('/api/v1/settings', { duplicateThreshold: 4 });
    }
    const bad = await admin.patch('/api/v1/settings', { duplicateThreshold: -1 });
    expect(bad.statusCode).toBe(422);
  });

  it('answers the create with its possible duplicates and creates the lead all the same', async () => {
    const created = await mk('Anna again', {
      firstName: 'Anna',
      lastName: 'Petrova',
      emails: 'anna.petrova@zephyr.test',
    });
    expect(created.possibleDuplicates.map((x: Candidate) => x.id)).toEqual(
      expect.arrayContaining([ids['Anna Petrova'], ids['Ana Petrova']]),
    );
    expect(created.possibleDuplicates[0].reasons[0].text).toBe('same e-mail +8.1');
    expect((await admin.get(`/api/v1/leads/${created.id}`)).statusCode).toBe(200);
    const fresh = await mk('Nobody alike', { firstName: 'Xavier', lastName: 'Quill' });
    expect(fresh.possibleDuplicates).toEqual([]);
  });

  it('shows only leads the user may see, and 404 for a lead they may not', async () => {
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const unit = (await admin.post('/api/v1/units', { name: 'East' })).json().id;
      const sales = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unit] });
      const own = await mk('Anna mine', { firstName: 'Anna', lastName: 'Petrova', ownerId: sales.userId });
      expect(own.possibleDuplicates.length).toBeGreaterThan(0);
      expect((await duplicatesOf('Anna mine', sales)).length).toBe(0);
      expect((await sales.get(`/api/v1/leads/${ids['Anna Petrova']}/duplicates`)).statusCode).toBe(404);
      const scan = await sales.post('/api/v1/leads/duplicates', { fields: ['personName'] });
      expect(scan.json().groups).toEqual([]);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });
});

describe('duplicate scan', () => {
  it('groups the leads agreeing on every chosen field', async () => {
    const res = await admin.post('/api/v1/leads/duplicates', { fields: ['companyName'] });
    expect(res.statusCode).toBe(200);
    const groups: { key: string; leadIds: string[] }[] = res.json().groups;
    const zephyr = groups.find((g) => g.key === 'zephyr robotics')!;
    expect(zephyr.leadIds).toEqual([ids['Anna Petrova'], ids['Ana Petrova']].sort());
    expect(groups.find((g) => g.leadIds.includes(ids['TIN one']))!.leadIds).toContain(ids['TIN two']);

    const both = await admin.post('/api/v1/leads/duplicates', { fields: ['personName', 'phones'] });
    expect(both.json().groups).toEqual([
      {
        key: 'anna petrova | +49301010397',
        leadIds: [ids['Anna Petrova'], ids['A. Petrova at Orbit']].sort(),
      },
    ]);
  });

  it('scans only the chosen leads when ids are given', async () => {
    const res = await admin.post('/api/v1/leads/duplicates', {
      ids: [ids['Anna Petrova'], ids['Ana Petrova'], ids['Unrelated']],
      fields: ['emails'],
    });
    expect(res.json().groups).toEqual([
      { key: 'anna.petrova@zephyr.test', leadIds: [ids['Anna Petrova'], ids['Ana Petrova']].sort() },
    ]);
  });

  it('names every field at fault', async () => {
    const res = await admin.post('/api/v1/leads/duplicates', { ids: ['nope'], fields: ['shoeSize'] });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['ids.0', 'fields.0']));
  });
});

describe('a lead merged into another', () => {
  it('is no candidate, no member of a group, hidden from lists and the summary, and read by id with mergedIntoId', async () => {
    const gone = await mk('Anna merged', {
      firstName: 'Anna',
      lastName: 'Petrova',
      emails: 'anna.petrova@zephyr.test',
    });
    await t.db.query('UPDATE leads SET merged_into_id = $2 WHERE id = $1', [gone.id, ids['Anna Petrova']]);
    expect(find(await duplicatesOf('Anna Petrova'), 'Anna merged')).toBeUndefined();
    const scan = await admin.post('/api/v1/leads/duplicates', { fields: ['emails'] });
    for (const g of scan.json().groups as { leadIds: string[] }[]) expect(g.leadIds).not.toContain(gone.id);
    const list = await admin.get('/api/v1/leads?limit=500');
    expect((list.json().items as { id: string }[]).map((l) => l.id)).not.toContain(gone.id);
    expect(list.json().total).toBe(list.json().items.length);
    const summary = await admin.get('/api/v1/leads/summary?groupBy=statusId');
    const counted = (summary.json().groups as { count: number }[]).reduce((s, g) => s + g.count, 0);
    expect(counted).toBe(list.json().total);
    const read = await admin.get(`/api/v1/leads/${gone.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().mergedIntoId).toBe(ids['Anna Petrova']);
  });
});
