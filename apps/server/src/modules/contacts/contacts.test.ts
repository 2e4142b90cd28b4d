import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { findMatchingContacts, insertContact } from './index';

let t: TestApp;
let admin: Client;
let sales: Client;
let companyId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  await admin.patch('/api/v1/settings', { defaultPhoneRegion: 'DE' });
  sales = await userWith(t.app, admin, ['crm_sales']);
  companyId = (await sales.post('/api/v1/companies', { name: 'Acme' })).json().id;
});
afterAll(() => t.close());

const fields = (res: { json: () => { errors?: { field: string; code: string }[] } }) =>
  (res.json().errors ?? []).map((e) => `${e.field}:${e.code}`);

describe('a contact', () => {
  it('needs a last name', async () => {
    const res = await sales.post('/api/v1/contacts', { firstName: 'Anna', lastName: '  ' });
    expect(res.statusCode).toBe(422);
    expect(fields(res).some((f) => f.startsWith('lastName:'))).toBe(true);
    expect((await sales.post('/api/v1/contacts', { firstName: 'Anna' })).statusCode).toBe(422);
  });

  it('keeps several e-mails lower-cased and phones in E.164, given as lists or comma-separated text', async () => {
    const res = await sales.post('/api/v1/contacts', {
      firstName: 'Anna',
      lastName: 'Schmidt',
      emails: 'Anna@Acme.Example; anna.schmidt@mail.example',
      phones: '030 1234567, +49 170 1234567',
      companyId,
      doNotCall: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      emails: ['anna@acme.example', 'anna.schmidt@mail.example'],
      phones: ['+49301234567', '+491701234567'],
      companyId,
      doNotCall: true,
      doNotEmail: false,
      active: true,
    });
  });

  it('refuses a bad e-mail or phone naming the item, and nothing is written', async () => {
    const res = await sales.post('/api/v1/contacts', {
      lastName: 'Broken',
      emails: ['ok@example.test', 'not-an-email'],
      phones: ['abc'],
    });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(expect.arrayContaining(['emails.1:invalid_email', 'phones.0:invalid_phone']));
    expect(await t.db.query("SELECT 1 FROM contacts WHERE last_name = 'Broken'")).toHaveLength(0);
  });

  it('refuses a company that does not exist naming companyId', async () => {
    const res = await sales.post('/api/v1/contacts', { lastName: 'Nobody', companyId: randomUUID() });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toContain('companyId:not_found');
  });

  it('honours If-Match on a change and answers 404 for an unknown contact', async () => {
    const c = (await sales.post('/api/v1/contacts', { lastName: 'Version' })).json();
    const stale = await sales.patch(`/api/v1/contacts/${c.id}`, { firstName: 'X' }, { 'if-match': '9' });
    expect(stale.statusCode).toBe(412);
    const ok = await sales.patch(`/api/v1/contacts/${c.id}`, { firstName: 'Eva' }, { 'if-match': '1' });
    expect(ok.json()).toMatchObject({ firstName: 'Eva', lastName: 'Version', version: 2 });
    expect((await sales.get(`/api/v1/contacts/${randomUUID()}`)).statusCode).toBe(404);
    expect((await sales.del(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await sales.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
  });
});

describe('the list', () => {
  it('finds by name, e-mail or phone and filters by company', async () => {
    const other = (await sales.post('/api/v1/companies', { name: 'Other' })).json().id;
    await sales.post('/api/v1/contacts', { firstName: 'Lisa', lastName: 'Findme', companyId: other });
    await sales.post('/api/v1/contacts', {
      lastName: 'Quiet',
      emails: 'quiet@find.example',
      phones: '+49 30 9999999',
    });
    const names = async (url: string) =>
      (await sales.get(url)).json().items.map((c: { lastName: string }) => c.lastName);
    expect(await names('/api/v1/contacts?q=findm')).toEqual(['Findme']);
    expect(await names('/api/v1/contacts?q=lisa')).toEqual(['Findme']);
    expect(await names('/api/v1/contacts?q=QUIET@find.example')).toEqual(['Quiet']);
    expect(await names('/api/v1/contacts?q=030%209999999')).toEqual(['Quiet']);
    expect(await names(`/api/v1/contacts?companyId=${other}`)).toEqual(['Findme']);
    expect((await sales.get('/api/v1/contacts?companyId=nope')).statusCode).toBe(400);
  });
});

describe('de-duplication for the lead record', () => {
  let full: string;
  let emailPhone: string;
  beforeAll(async () => {
    full = await t.db.transaction((tx) =>
      insertContact(
        tx,
        {
          firstName: 'Ivan',
          lastName: 'Van Der Berg',
          emails: ['ivan@berg.example'],
          phones: ['+49 30 5550001'],
        },
        sales.userId,
      ),
    );
    emailPhone = await t.db.transaction((tx) =>
      insertContact(
        tx,
        { firstName: 'Other', lastName: 'vanderberg', emails: 'ivan@berg.example', phones: '030 5550001' },
        null,
      ),
    );
  });

  it('matches the same last name (case and spaces ignored) with two of full name, e-mail and phone', async () => {
    const found = await findMatchingContacts(t.db, {
      firstName: 'IVAN',
      lastName: 'vanderberg',
      emails: 'nobody@else.example',
      phones: '+49 30 5550001',
    });
    expect(found).toEqual([
      { id: full, companyId: null, matches: { fullName: true, email: false, phone: true } },
    ]);
  });

  it('puts the contact that matches all three first', async () => {
    const found = await findMatchingContacts(t.db, {
      firstName: 'Ivan',
      lastName: 'VAN der berg',
      emails: 'IVAN@berg.example',
      phones: '030 5550001',
    });
    expect(found.map((m) => m.id)).toEqual([full, emailPhone]);
    expect(found[0].matches).toEqual({ fullName: true, email: true, phone: true });
    expect(found[1].matches).toEqual({ fullName: false, email: true, phone: true });
  });

  it('does not match on one criterion alone, nor with another last name', async () => {
    expect(
      await findMatchingContacts(t.db, {
        firstName: 'Ivan',
        lastName: 'Van Der Berg',
        emails: 'x@y.example',
      }),
    ).toEqual([]);
    expect(
      await findMatchingContacts(t.db, {
        firstName: 'Ivan',
        lastName: 'Berg',
        emails: 'ivan@berg.example',
        phones: '+49 30 5550001',
      }),
    ).toEqual([]);
    expect(await findMatchingContacts(t.db, { lastName: '' })).toEqual([]);
  });
});

describe('access', () => {
  it('lets every CRM role create and change contacts, and shows partner users nothing', async () => {
    for (const role of ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer'] as const) {
      const user = await userWith(t.app, admin, [role]);
      const created = await user.post('/api/v1/contacts', { lastName: `By ${role}` });
      expect(created.statusCode, role).toBe(201);
      expect(
        (await user.patch(`/api/v1/contacts/${created.json().id}`, { doNotEmail: true })).statusCode,
      ).toBe(200);
    }
    const firm = (await admin.post('/api/v1/companies', { name: 'Partner Firm', type: 'partner' })).json();
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: firm.id });
    const some = (await sales.post('/api/v1/contacts', { lastName: 'Hidden' })).json();
    expect((await partner.get('/api/v1/contacts')).statusCode).toBe(403);
    expect((await partner.post('/api/v1/contacts', { lastName: 'Sneaky' })).statusCode).toBe(403);
    expect((await partner.get(`/api/v1/contacts/${some.id}`)).statusCode).toBe(404);
  });
});
