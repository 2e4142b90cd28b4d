import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { findCompanyByTin, insertCompany } from './index';

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

describe('the TIN', () => {
  it('is stored as digits only after removing spaces, with 9, 10 or 12 digits', async () => {
    for (const [tin, stored] of [
      ['7707 0833 93', '7707083393'],
      ['123456789', '123456789'],
      [' 500100732259 ', '500100732259'],
    ]) {
      const res = await sales.post('/api/v1/companies', { name: `Tin ${stored}`, tin });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().tin).toBe(stored);
    }
  });

  it('refuses any other length or any non-digit with invalid_tin', async () => {
    for (const tin of ['12345678', '12345678901', '1234567890123', '77070833AB', '7707-083393']) {
      const res = await sales.post('/api/v1/companies', { name: 'Bad TIN', tin });
      expect(res.statusCode).toBe(422);
      expect(fields(res)).toContain('tin:invalid_tin');
    }
    const count = await t.db.query("SELECT 1 FROM companies WHERE name = 'Bad TIN'");
    expect(count).toHaveLength(0);
  });

  it('is unique when set: a second company with the same TIN is refused naming tin', async () => {
    const first = await sales.post('/api/v1/companies', { name: 'Unique One', tin: '222333444' });
    expect(first.statusCode).toBe(201);
    const second = await sales.post('/api/v1/companies', { name: 'Unique Two', tin: '222 333 444' });
    expect(second.statusCode).toBe(422);
    expect(fields(second)).toContain('tin:taken');
    // Many companies may have no TIN.
    expect((await sales.post('/api/v1/companies', { name: 'No tin A', tin: null })).statusCode).toBe(201);
    expect((await sales.post('/api/v1/companies', { name: 'No tin B', tin: '  ' })).statusCode).toBe(201);
    // Keeping its own TIN on a change is fine.
    const patched = await sales.patch(`/api/v1/companies/${first.json().id}`, { tin: '222333444' });
    expect(patched.statusCode).toBe(200);
  });

  it('finds a company by TIN for the lead record (findCompanyByTin)', async () => {
    const created = await sales.post('/api/v1/companies', { name: 'Found By Tin', tin: '9988776655' });
    expect(await findCompanyByTin(t.db, '9988776655')).toEqual({
      id: created.json().id,
      name: 'Found By Tin',
    });
    expect(await findCompanyByTin(t.db, '1111111111')).toBeUndefined();
  });

  it('lets the lead record insert a company inside its transaction (insertCompany)', async () => {
    const id = await t.db.transaction((tx) =>
      insertCompany(tx, { name: 'From a lead', tin: '555 666 777', website: 'lead.example' }, sales.userId),
    );
    const res = await sales.get(`/api/v1/companies/${id}`);
    expect(res.json()).toMatchObject({
      name: 'From a lead',
      tin: '555666777',
      website: 'https://lead.example',
      createdById: sales.userId,
    });
    await expect(
      t.db.transaction((tx) => insertCompany(tx, { name: 'X', tin: '1' }, null)),
    ).rejects.toThrow();
  });
});

describe('other fields', () => {
  it('adds https:// to a website without a scheme and refuses what is not a website', async () => {
    const ok = await sales.post('/api/v1/companies', { name: 'Web Co', website: 'www.web.example/about' });
    expect(ok.json().website).toBe('https://www.web.example/about');
    const kept = await sales.post('/api/v1/companies', { name: 'Web Co 2', website: 'http://web2.example' });
    expect(kept.json().website).toBe('http://web2.example');
    for (const website of ['not a url', 'ftp://files.example', 'localhost', 'javascript:alert(1)']) {
      const bad = await sales.post('/api/v1/companies', { name: 'Bad Web', website });
      expect(bad.statusCode, website).toBe(422);
      expect(fields(bad)).toContain('website:invalid_url');
    }
  });

  it('keeps e-mails lower-cased and phones in E.164, from lists or comma-separated text', async () => {
    await admin.patch('/api/v1/settings', { defaultPhoneRegion: 'DE' });
    const res = await sales.post('/api/v1/companies', {
      name: 'Points Co',
      emails: 'Info@Points.Example, sales@points.example',
      phones: ['030 1234567', '+44 20 7946 0958'],
      address: { street: 'Main 1', city: 'Berlin', country: 'Germany' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      emails: ['info@points.example', 'sales@points.example'],
      phones: ['+49301234567', '+442079460958'],
      address: { street: 'Main 1', city: 'Berlin', country: 'Germany', region: null, postalCode: null },
      type: 'prospect',
      keyAccount: false,
    });
    const bad = await sales.post('/api/v1/companies', { name: 'Bad points', emails: 'x@', phones: '12' });
    expect(fields(bad)).toEqual(expect.arrayContaining(['emails.0:invalid_email', 'phones.0:invalid_phone']));
  });

  it('refuses an unknown type, and an industry that does not exist naming industryId', async () => {
    expect((await sales.post('/api/v1/companies', { name: 'T', type: 'vendor' })).statusCode).toBe(422);
    const res = await sales.post('/api/v1/companies', { name: 'Ind', industryId: randomUUID() });
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toContain('industryId:not_found');
    const industry = await admin.post('/api/v1/industries', { name: 'Banking' });
    if (industry.statusCode === 201) {
      const ok = await sales.post('/api/v1/companies', { name: 'Bank', industryId: industry.json().id });
      expect(ok.statusCode).toBe(201);
    }
  });
});

describe('changes', () => {
  it('honours If-Match: a stale version answers 412 and changes nothing', async () => {
    const created = (await sales.post('/api/v1/companies', { name: 'Versioned' })).json();
    const stale = await sales.patch(
      `/api/v1/companies/${created.id}`,
      { name: 'Late' },
      { 'if-match': String(created.version + 1) },
    );
    expect(stale.statusCode).toBe(412);
    const fresh = await sales.patch(
      `/api/v1/companies/${created.id}`,
      { name: 'Renamed', type: 'customer' },
      { 'if-match': String(created.version) },
    );
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({ name: 'Renamed', type: 'customer', version: created.version + 1 });
  });

  it('answers 404 for an unknown company', async () => {
    expect((await sales.get(`/api/v1/companies/${randomUUID()}`)).statusCode).toBe(404);
    expect((await sales.patch(`/api/v1/companies/${randomUUID()}`, { name: 'x' })).statusCode).toBe(404);
    expect((await sales.del(`/api/v1/companies/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('deletes a company nothing refers to, and refuses (409) one a contact refers to', async () => {
    const free = (await sales.post('/api/v1/companies', { name: 'Free' })).json();
    expect((await sales.del(`/api/v1/companies/${free.id}`)).statusCode).toBe(204);
    const used = (await sales.post('/api/v1/companies', { name: 'Used' })).json();
    await sales.post('/api/v1/contacts', { lastName: 'Worker', companyId: used.id });
    const res = await sales.del(`/api/v1/companies/${used.id}`);
    expect(res.statusCode).toBe(409);
    expect((await sales.get(`/api/v1/companies/${used.id}`)).statusCode).toBe(200);
  });
});

describe('the list', () => {
  it('finds by part of the name, by exact TIN, and filters by type', async () => {
    await sales.post('/api/v1/companies', { name: 'Zeta Supplies', tin: '444555666', type: 'supplier' });
    await sales.post('/api/v1/companies', { name: 'Zeta Partners', type: 'partner' });
    const byName = (await sales.get('/api/v1/companies?q=zeta')).json();
    expect(byName.items.map((c: { name: string }) => c.name)).toEqual(['Zeta Partners', 'Zeta Supplies']);
    const byTin = (await sales.get('/api/v1/companies?q=444555666')).json();
    expect(byTin.items.map((c: { name: string }) => c.name)).toEqual(['Zeta Supplies']);
    const partners = (await sales.get('/api/v1/companies?type=partner')).json();
    expect(partners.items.every((c: { type: string }) => c.type === 'partner')).toBe(true);
    expect(partners.total).toBe(partners.items.length);
    expect((await sales.get('/api/v1/companies?type=vendor')).statusCode).toBe(400);
  });

  it('pages with a keyset cursor without skipping or repeating a company', async () => {
    for (let i = 0; i < 7; i++) await sales.post('/api/v1/companies', { name: `Page Co ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/companies?q=Page%20Co&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await sales.get(url)).json();
      expect(body.total).toBe(7);
      seen.push(...body.items.map((c: { name: string }) => c.name));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `Page Co ${i}`));
    const desc = (await sales.get('/api/v1/companies?q=Page%20Co&sort=-name&limit=2')).json();
    expect(desc.items[0].name).toBe('Page Co 6');
  });
});

describe('access', () => {
  it('lets every CRM role create, read and change companies', async () => {
    for (const role of ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer'] as const) {
      const user = await userWith(t.app, admin, [role]);
      const created = await user.post('/api/v1/companies', { name: `By ${role}` });
      expect(created.statusCode, role).toBe(201);
      expect((await user.get('/api/v1/companies')).statusCode).toBe(200);
      const patched = await user.patch(`/api/v1/companies/${created.json().id}`, { keyAccount: true });
      expect(patched.statusCode).toBe(200);
    }
  });

  it('shows partner users nothing: 403 on the list and on creating, 404 on a company', async () => {
    const own = (await admin.post('/api/v1/companies', { name: 'Partner Firm', type: 'partner' })).json();
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: own.id });
    expect((await partner.get('/api/v1/companies')).statusCode).toBe(403);
    expect((await partner.post('/api/v1/companies', { name: 'Sneaky' })).statusCode).toBe(403);
    expect((await partner.get(`/api/v1/companies/${own.id}`)).statusCode).toBe(404);
    expect((await partner.patch(`/api/v1/companies/${own.id}`, { name: 'Mine' })).statusCode).toBe(404);
    expect((await partner.del(`/api/v1/companies/${own.id}`)).statusCode).toBe(404);
  });
});
