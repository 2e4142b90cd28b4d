import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};

interface Candidate {
  id: string;
  name: string;
  score: number;
  reasons: { field: string; kind: string; weight: number; text: string }[];
}

async function mk(kind: 'contacts' | 'companies', key: string, body: Record<string, unknown>) {
  const res = await admin.post(`/api/v1/${kind}`, body);
  if (res.statusCode !== 201) throw new Error(`${key}: ${res.body}`);
  ids[key] = res.json().id;
}

async function duplicatesOf(kind: 'contacts' | 'companies', key: string, as = admin): Promise<Candidate[]> {
  const res = await as.get(`/api/v1/${kind}/${ids[key]}/duplicates`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}
const find = (list: Candidate[], key: string) => list.find((x) => x.id === ids[key]);
const texts = (c: Candidate | undefined) => c?.reasons.map((r) => r.text) ?? [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  await mk('companies', 'zephyr', { name: 'Zephyr Robotics GmbH', emails: 'office@zephyr.test' });
  await mk('companies', 'zephyrLlc', { name: 'ZEPHYR ROBOTICS, LLC' });
  await mk('companies', 'zephyrTypo', { name: 'Zephyr Robotix Ltd' });
  await mk('companies', 'zephyrMail', { name: 'ZR Holding', emails: 'Office@Zephyr.test' });
  await mk('companies', 'other', { name: 'Orbit Systems AG' });
  await mk('companies', 'zefir', { name: 'ООО «Зефир Роботикс»' });
  await mk('companies', 'zefirPlain', { name: 'Зефир Роботикс' });

  await mk('contacts', 'anna', {
    firstName: 'Anna',
    lastName: 'Petrova',
    emails: 'anna.petrova@zephyr.test',
    phones: '+49 30 1010397',
    companyId: ids.zephyr,
  });
  await mk('contacts', 'ana', { firstName: 'Ana', lastName: 'Petrova', emails: 'Anna.Petrova@Zephyr.test' });
  await mk('contacts', 'annaPhone', {
    firstName: 'A.',
    lastName: 'Petrowa',
    phones: '+49 (30) 101-0397',
    companyId: ids.zephyr,
  });
  await mk('contacts', 'colleague', { firstName: 'Boris', lastName: 'Ivanov', companyId: ids.zephyr });
  await mk('contacts', 'stranger', { firstName: 'Quentin', lastName: 'Zyx', emails: 'q@elsewhere.test' });
});
afterAll(async () => {
  await t?.close();
});

describe('likely duplicate contacts', () => {
  it('finds the same e-mail in other case and a similar name, nearest first, with reasons', async () => {
    const list = await duplicatesOf('contacts', 'anna');
    const ana = find(list, 'ana');
    expect(texts(ana)).toContain('same e-mail +8.1');
    expect(ana?.reasons.find((r) => r.field === 'personName')?.kind).toBe('similar');
    const phone = find(list, 'annaPhone');
    expect(texts(phone)).toEqual(expect.arrayContaining(['same phone +6.5', 'same company +3.2']));
    expect(list[0].score).toBeGreaterThanOrEqual(list[list.length - 1].score);
    expect(find(list, 'stranger')).toBeUndefined();
    expect(find(list, 'anna')).toBeUndefined();
  });

  it('answers 404 for a contact that does not exist and for partner users', async () => {
    expect(
      (await admin.get('/api/v1/contacts/00000000-0000-4000-8000-000000000000/duplicates')).statusCode,
    ).toBe(404);
    const firm = (
      await admin.post('/api/v1/companies', { name: 'Partner Firm Dup', type: 'partner' })
    ).json();
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: firm.id });
    expect((await partner.get(`/api/v1/contacts/${ids.anna}/duplicates`)).statusCode).toBe(404);
    expect((await partner.get(`/api/v1/companies/${ids.zephyr}/duplicates`)).statusCode).toBe(404);
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await sales.get(`/api/v1/contacts/${ids.anna}/duplicates`)).statusCode).toBe(200);
  });
});

describe('likely duplicate companies', () => {
  it('compares names without legal form or case, fuzzily, and by e-mail', async () => {
    const list = await duplicatesOf('companies', 'zephyr');
    expect(texts(find(list, 'zephyrLlc'))).toContain('same company +7.1');
    const typo = find(list, 'zephyrTypo');
    expect(typo?.reasons.find((r) => r.field === 'companyName')?.kind).toBe('similar');
    expect(texts(find(list, 'zephyrMail'))).toContain('same e-mail +8.1');
    expect(find(list, 'other')).toBeUndefined();
    expect(list.map((c) => c.score)).toEqual(list.map((c) => c.score).sort((a, b) => b - a));
  });

  it('drops Russian legal forms and quotes', async () => {
    const list = await duplicatesOf('companies', 'zefirPlain');
    expect(texts(find(list, 'zefir'))).toContain('same company +7.1');
  });

  it('never offers a merged company, and a merged company has none', async () => {
    const merged = await admin.post('/api/v1/companies/merge', {
      keepId: ids.zephyr,
      mergeIds: [ids.zephyrLlc],
      fields: {},
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(find(await duplicatesOf('companies', 'zephyr'), 'zephyrLlc')).toBeUndefined();
    expect((await admin.get(`/api/v1/companies/${ids.zephyrLlc}/duplicates`)).statusCode).toBe(404);
    const undo = await admin.post(`/api/v1/merges/${merged.json().mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(find(await duplicatesOf('companies', 'zephyr'), 'zephyrLlc')).toBeDefined();
  });
});
