import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let n = 0;

async function post(path: string, body: Record<string, unknown>) {
  const res = await admin.post(path, body);
  if (res.statusCode !== 201) throw new Error(`${path}: ${res.body}`);
  return res.json().id as string;
}
const company = (name: string, extra: Record<string, unknown> = {}) =>
  post('/api/v1/companies', { name, ...extra });
const contact = (lastName: string, extra: Record<string, unknown> = {}) =>
  post('/api/v1/contacts', { lastName, ...extra });
const lead = (extra: Record<string, unknown>) =>
  post('/api/v1/leads', {
    name: `Deal ${++n}`,
    sourceId: c.sources.api,
    prospectType: 'company',
    salesDirectionId: c.directions.cloud,
    ...(extra.contactId ? {} : { newContact: true, firstName: 'Bo', lastName: `Buyer ${n}` }),
    ...extra,
  });
const get = async (path: string) => (await admin.get(path)).json();

/** Two companies; the second has a TIN, a website, a lead, a contact and an opportunity of its own. */
async function companies() {
  const keep = await company(`Zephyr Robotics GmbH ${++n}`, { website: 'zephyr.test' });
  const tin = String(7707083000 + n);
  const other = await company(`ZEPHYR ROBOTICS LLC ${n}`, { tin, website: 'zephyr-robotics.test' });
  const leadId = await lead({ companyId: other });
  const contactId = await contact('Petrova', { companyId: other });
  const [opp] = await t.db.query<{ id: string }>(
    `INSERT INTO opportunities (name, responsible_id, company_id) VALUES ('Deal', $1, $2) RETURNING id`,
    [admin.userId, other],
  );
  return { keep, other, tin, leadId, contactId, opp: opp.id };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
});
afterAll(async () => {
  await t?.close();
});

describe('merging companies', () => {
  it('keeps one with the chosen fields; leads, contacts and opportunities follow; undo restores all', async () => {
    const s = await companies();
    const res = await admin.post('/api/v1/companies/merge', {
      keepId: s.keep,
      mergeIds: [s.other],
      fields: { tin: s.other, website: s.keep },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { mergeId, company: kept } = res.json();
    expect(kept).toMatchObject({ id: s.keep, tin: s.tin, website: 'https://zephyr.test' });
    expect(await get(`/api/v1/companies/${s.other}`)).toMatchObject({ mergedIntoId: s.keep });
    const listed = await get(`/api/v1/companies?q=ZEPHYR ROBOTICS LLC ${n}`);
    expect(listed.items.map((x: { id: string }) => x.id)).not.toContain(s.other);
    expect((await get(`/api/v1/leads/${s.leadId}`)).companyId).toBe(s.keep);
    expect((await get(`/api/v1/contacts/${s.contactId}`)).companyId).toBe(s.keep);
    const [opp] = await t.db.query<{ company_id: string }>(
      'SELECT company_id FROM opportunities WHERE id = $1',
      [s.opp],
    );
    expect(opp.company_id).toBe(s.keep);
    // The TIN now names the kept company: a lead saved with it is linked there.
    const byTin = await lead({ companyTin: s.tin });
    expect((await get(`/api/v1/leads/${byTin}`)).companyId).toBe(s.keep);
    await t.db.query('UPDATE leads SET company_id = NULL WHERE id = $1', [byTin]);

    const undo = await admin.post(`/api/v1/merges/${mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({
      mergeId,
      company: { id: s.keep, tin: null },
      restoredIds: [s.other],
    });
    expect(await get(`/api/v1/companies/${s.other}`)).toMatchObject({ mergedIntoId: null, tin: s.tin });
    expect((await get(`/api/v1/leads/${s.leadId}`)).companyId).toBe(s.other);
    expect((await get(`/api/v1/contacts/${s.contactId}`)).companyId).toBe(s.other);
    const [back] = await t.db.query<{ company_id: string }>(
      'SELECT company_id FROM opportunities WHERE id = $1',
      [s.opp],
    );
    expect(back.company_id).toBe(s.other);
    expect((await admin.post(`/api/v1/merges/${mergeId}/undo`)).statusCode).toBe(409);
  });

  it('refuses the undo, listing what changed, when the kept company or what moved changed since', async () => {
    const s = await companies();
    const { mergeId } = (
      await admin.post('/api/v1/companies/merge', { keepId: s.keep, mergeIds: [s.other], fields: {} })
    ).json();
    const other = await company(`Elsewhere ${n}`);
    const moved = await admin.patch(`/api/v1/contacts/${s.contactId}`, { companyId: other });
    expect(moved.statusCode, moved.body).toBe(200);
    const kept = await get(`/api/v1/companies/${s.keep}`);
    const changed = await admin.patch(
      `/api/v1/companies/${s.keep}`,
      { description: 'Updated' },
      {
        'if-match': String(kept.version),
      },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const undo = await admin.post(`/api/v1/merges/${mergeId}/undo`);
    expect(undo.statusCode).toBe(409);
    const fields = undo.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['company', 'contacts']));
    // Nothing was undone.
    expect((await get(`/api/v1/companies/${s.other}`)).mergedIntoId).toBe(s.keep);
  });

  it('checks its input, refuses a merged company and shows partner users nothing', async () => {
    const s = await companies();
    const bad = await admin.post('/api/v1/companies/merge', {
      keepId: s.keep,
      mergeIds: [s.keep, s.other],
      fields: { name: s.contactId, nope: s.other },
    });
    expect(bad.statusCode).toBe(422);
    const wrong = await admin.post('/api/v1/companies/merge', {
      keepId: s.keep,
      mergeIds: [s.keep, s.other],
      fields: { name: s.contactId },
    });
    expect(wrong.statusCode).toBe(422);
    expect(
      wrong
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['fields.name', 'mergeIds']);
    const missing = await admin.post('/api/v1/companies/merge', {
      keepId: s.keep,
      mergeIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(missing.statusCode).toBe(404);
    const firm = await company(`Partner Firm ${n}`, { type: 'partner' });
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: firm });
    expect(
      (await partner.post('/api/v1/companies/merge', { keepId: s.keep, mergeIds: [s.other] })).statusCode,
    ).toBe(404);
    const ok = await admin.post('/api/v1/companies/merge', { keepId: s.keep, mergeIds: [s.other] });
    expect(ok.statusCode).toBe(200);
    expect((await partner.post(`/api/v1/merges/${ok.json().mergeId}/undo`)).statusCode).toBe(404);
    const again = await admin.post('/api/v1/companies/merge', { keepId: s.other, mergeIds: [s.keep] });
    expect(again.statusCode).toBe(409);
    expect(await get(`/api/v1/companies/${s.keep}`)).toMatchObject({ mergedIntoId: null });
  });
});

describe('merging contacts', () => {
  it('keeps one with the chosen fields; its leads follow; undo puts them back', async () => {
    const keep = await contact('Petrova', { firstName: 'Anna', emails: 'anna@zephyr.test' });
    const other = await contact('Petrova', {
      firstName: 'Ana',
      emails: 'ana.p@zephyr.test',
      phones: '+49 30 1010397',
    });
    const leadId = await lead({ prospectType: 'person', contactId: other });
    const res = await admin.post('/api/v1/contacts/merge', {
      keepId: keep,
      mergeIds: [other],
      fields: { phones: other, firstName: keep },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().contact).toMatchObject({
      firstName: 'Anna',
      emails: ['anna@zephyr.test'],
      phones: ['+49301010397'],
    });
    expect((await get(`/api/v1/leads/${leadId}`)).contactId).toBe(keep);
    expect(await get(`/api/v1/contacts/${other}`)).toMatchObject({ mergedIntoId: keep });
    const listed = await get('/api/v1/contacts?q=Petrova');
    expect(listed.items.map((x: { id: string }) => x.id)).not.toContain(other);

    const undo = await admin.post(`/api/v1/merges/${res.json().mergeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ contact: { id: keep, phones: [] }, restoredIds: [other] });
    expect((await get(`/api/v1/leads/${leadId}`)).contactId).toBe(other);
    expect(await get(`/api/v1/contacts/${other}`)).toMatchObject({ mergedIntoId: null });
  });
});
