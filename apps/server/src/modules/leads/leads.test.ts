import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
});
afterAll(() => t.close());

const create = (body: Record<string, unknown>, as: Client = admin) => as.post('/api/v1/leads', body);
const fields = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { field: string; code: string }[] }).errors ?? []).map((e) => e.field);
const codeOf = (res: { json(): unknown }, field: string) =>
  ((res.json() as { errors?: { field: string; code: string }[] }).errors ?? []).find((e) => e.field === field)
    ?.code;
const leadCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads'))[0].n;
const contactCount = async () =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts'))[0].n;

describe('the lead record', () => {
  it('creates a lead with a readable number, the default new status and every read-only field computed', async () => {
    const res = await create(validLead(c, { estimatedCompletionDays: 10 }));
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead.number).toMatch(/^L-\d{6}$/);
    expect(lead).toMatchObject({
      phase: 'new',
      active: true,
      computedScore: 0,
      scoreReasons: [],
      version: 1,
      createdById: admin.userId,
      ownerId: null,
      prospectType: 'company',
      priority: 'normal',
      partnerCompanyId: null,
      overdueDays: 0,
      timeToCompletionDays: 10,
    });
    const settings = (await admin.get('/api/v1/settings')).json();
    expect(lead.statusId).toBe(settings.defaultNewStatusId);
    expect(lead.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const start = new Date(`${lead.startDate}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() + 10);
    expect(lead.expectedCompletionDate).toBe(start.toISOString().slice(0, 10));
    const again = await admin.get(`/api/v1/leads/${lead.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(lead);
  });

  it('numbers are never reused, even after a lead is deleted', async () => {
    const a = (await create(validLead(c))).json();
    expect((await admin.del(`/api/v1/leads/${a.id}`)).statusCode).toBe(204);
    const b = (await create(validLead(c))).json();
    expect(Number(b.number.slice(2))).toBeGreaterThan(Number(a.number.slice(2)));
  });

  it('keeps every field of the API, address, money, product lines, tags and the qualification fields', async () => {
    const res = await create(
      validLead(c, {
        description: '<p>Needs <b>200</b> VMs</p>',
        customerRequirements: 'EU data centre',
        leadCompanyName: 'ACME logistics GmbH',
        address: { street: 'Main St 1', postalCode: '10115', city: 'Berlin', region: 'BE', country: 'DE' },
        productLines: [
          { productId: c.products.cloudHosting, quantity: 3, price: '100.00' },
          { productId: c.products.backup, quantity: 2 },
        ],
        probability: 40,
        priority: 'high',
        importance: 'low',
        contentChannel: 'newsletter',
        externalClientId: 'EXT-1',
        nurturing: true,
        score: 4,
        tags: ['Hot', 'hot', ' Cloud '],
        goal: 'Move to cloud',
        implementationOptions: 'phased',
        procurementProcedure: 'tender',
        decisionLevel: 'board',
        terms: 'Q3',
        decisionMaker: 'CIO',
        selectionCriteria: 'price',
        complianceWithCriteria: 'full',
        channel: 'direct',
      }),
    );
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead.address).toEqual({
      street: 'Main St 1',
      postalCode: '10115',
      city: 'Berlin',
      region: 'BE',
      country: 'DE',
    });
    expect(lead.productLines).toEqual([
      { productId: c.products.cloudHosting, quantity: 3, price: '100.00' },
      { productId: c.products.backup, quantity: 2, price: '40.00' },
    ]);
    // Their total is the default target amount.
    expect(lead.targetAmount).toEqual({ amount: '380.00', currency: 'EUR' });
    expect(lead.tags).toEqual(['Cloud', 'Hot']);
    expect(lead).toMatchObject({ goal: 'Move to cloud', channel: 'direct', score: 4, probability: 40 });
  });

  it('takes a target amount given as money rather than the lines total', async () => {
    const lead = (
      await create(
        validLead(c, {
          productLines: [{ productId: c.products.cloudHosting, quantity: 1 }],
          targetAmount: { amount: '1250.00', currency: 'USD' },
        }),
      )
    ).json();
    expect(lead.targetAmount).toEqual({ amount: '1250.00', currency: 'USD' });
  });

  it('sanitises the rich-text description: no script, no event handlers', async () => {
    const lead = (
      await create(validLead(c, { description: '<p onclick="steal()">Hi<script>alert(1)</script></p>' }))
    ).json();
    expect(lead.description).toBe('<p>Hi</p>');
  });

  it('accepts e-mails and phones as comma-separated strings, lower-cases e-mails and stores phones in E.164', async () => {
    const lead = (
      await create(
        validLead(c, {
          emails: 'Ann@Acme.TEST, ops@acme.test',
          phones: '+49 30 1234567, +1 (202) 555-0143',
        }),
      )
    ).json();
    expect(lead.emails).toEqual(['ann@acme.test', 'ops@acme.test']);
    expect(lead.phones).toEqual(['+49301234567', '+12025550143']);
  });

  it('refuses bad e-mails and phones naming each one', async () => {
    const res = await create(validLead(c, { emails: ['good@x.test', 'not-an-email'], phones: ['12'] }));
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(expect.arrayContaining(['emails.1', 'phones.0']));
  });

  it('lists every mandatory field at fault in one 422 and writes nothing', async () => {
    const before = await leadCount();
    const res = await create({});
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fields(res)).toEqual(
      expect.arrayContaining(['name', 'sourceId', 'salesDirectionId', 'companyId', 'contactId']),
    );
    expect(await leadCount()).toBe(before);
  });

  it('applies the lead type defaults for priority, importance and the expected completion date', async () => {
    const lead = (await create(validLead(c, { leadTypeId: c.leadTypes.tender }))).json();
    expect(lead).toMatchObject({ priority: 'high', importance: 'urgent', estimatedCompletionDays: 30 });
    const start = new Date(`${lead.startDate}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() + 30);
    expect(lead.expectedCompletionDate).toBe(start.toISOString().slice(0, 10));
    const chosen = (
      await create(
        validLead(c, {
          leadTypeId: c.leadTypes.tender,
          priority: 'low',
          expectedCompletionDate: '2031-01-31',
        }),
      )
    ).json();
    expect(chosen).toMatchObject({
      priority: 'low',
      importance: 'urgent',
      expectedCompletionDate: '2031-01-31',
    });
  });

  it('refuses references to records that do not exist, naming the field', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await create(validLead(c, { sourceId: missing, unitId: missing, categoryId: missing }));
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(expect.arrayContaining(['sourceId', 'unitId', 'categoryId']));
  });
});

describe('the TIN', () => {
  it('refuses a TIN that is not 9, 10 or 12 digits after trimming spaces (invalid_tin)', async () => {
    for (const tin of ['12345678', '12345678901', '1234567890123', '12345678a', '123-456-789']) {
      const res = await create(validLead(c, { companyTin: tin }));
      expect(res.statusCode, tin).toBe(422);
      expect(codeOf(res, 'companyTin'), tin).toBe('invalid_tin');
    }
  });

  it('accepts 9, 10 and 12 digits, spaces removed', async () => {
    for (const [tin, stored] of [
      ['123 456 789', '123456789'],
      [' 1234567890 ', '1234567890'],
      ['1234 5678 9012', '123456789012'],
    ]) {
      const res = await create(validLead(c, { companyTin: tin }));
      expect(res.statusCode, tin).toBe(201);
      expect(res.json().companyTin).toBe(stored);
    }
  });

  it('fills the existing company and clears New company when a company has the TIN', async () => {
    const res = await create(
      validLead(c, {
        companyId: null,
        newCompany: true,
        companyName: 'Acme',
        companyWebsite: 'acme.test',
        companyTin: '7707 083 893',
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      companyId: c.companies.acme,
      newCompany: false,
      companyTin: '7707083893',
    });
  });

  it('keeps New company and its data when no company has the TIN, creating no company', async () => {
    const companies = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM companies'))[0].n;
    const before = await companies();
    const res = await create(
      validLead(c, {
        companyId: null,
        contactId: null,
        newContact: true,
        firstName: 'Nina',
        lastName: 'Newcomer',
        newCompany: true,
        companyName: 'Initech',
        companyWebsite: 'initech.test',
        companyTin: '123456789',
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      companyId: null,
      newCompany: true,
      companyName: 'Initech',
      companyWebsite: 'https://initech.test',
    });
    expect(await companies()).toBe(before);
  });

  it('looks the TIN up again when it changes on a later save', async () => {
    const lead = (await create(validLead(c, { companyTin: '111111111' }))).json();
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, {
      companyTin: '500100732259',
      contactId: c.contacts.bob,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().companyId).toBe(c.companies.globex);
  });
});

describe('company fields', () => {
  it('a new company needs its name, website and TIN', async () => {
    const res = await create(validLead(c, { companyId: null, newCompany: true }));
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(expect.arrayContaining(['companyName', 'companyWebsite', 'companyTin']));
    expect(fields(res)).not.toContain('companyId');
  });

  it('a company prospect needs the existing company unless New company is set', async () => {
    const res = await create(validLead(c, { companyId: null }));
    expect(res.statusCode).toBe(422);
    expect(codeOf(res, 'companyId')).toBe('required');
  });

  it('for a person the company fields are optional', async () => {
    const res = await create(
      validLead(c, { prospectType: 'person', companyId: null, contactId: c.contacts.bob }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ prospectType: 'person', companyId: null });
  });

  it('validates a website given whatever the flags', async () => {
    const res = await create(validLead(c, { companyWebsite: 'not a website' }));
    expect(res.statusCode).toBe(422);
    expect(codeOf(res, 'companyWebsite')).toBe('invalid_url');
  });
});

describe('contact de-duplication when New contact is set', () => {
  const newContact = (extra: Record<string, unknown>) =>
    validLead(c, { contactId: null, newContact: true, ...extra });

  it('links a contact with the same last name (case and spaces ignored) and two of full name, e-mail, phone', async () => {
    const before = await contactCount();
    const res = await create(
      newContact({ firstName: 'ann', lastName: ' SMITH ', emails: 'ANN@acme.test', phones: [] }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ contactId: c.contacts.ann, newContact: false });
    expect(await contactCount()).toBe(before);
  });

  it('does not link on one matching parameter only: a new contact is created and linked', async () => {
    const before = await contactCount();
    const res = await create(newContact({ firstName: 'Ann', lastName: 'Smith', emails: 'other@acme.test' }));
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead.contactId).not.toBe(c.contacts.ann);
    expect(lead.newContact).toBe(false);
    expect(await contactCount()).toBe(before + 1);
    const [row] = await t.db.query<{ last_name: string; company_id: string; emails: string[] }>(
      'SELECT last_name, company_id, emails FROM contacts WHERE id = $1',
      [lead.contactId],
    );
    expect(row).toEqual({ last_name: 'Smith', company_id: c.companies.acme, emails: ['other@acme.test'] });
  });

  it('prefers the contact matching all three among several matches', async () => {
    const two = (
      await t.db.query<{ id: string }>(
        `INSERT INTO contacts (first_name, last_name, emails, phones) VALUES ('Carl', 'Twin', '{carl@twin.test}', '{}')
         RETURNING id`,
      )
    )[0].id;
    const three = (
      await t.db.query<{ id: string }>(
        `INSERT INTO contacts (first_name, last_name, emails, phones)
         VALUES ('Carl', 'Twin', '{carl@twin.test}', '{+4930999999}') RETURNING id`,
      )
    )[0].id;
    expect(two).not.toBe(three);
    const res = await create(
      newContact({
        prospectType: 'person',
        companyId: null,
        firstName: 'Carl',
        lastName: 'Twin',
        emails: 'carl@twin.test',
        phones: '+49 30 999999',
      }),
    );
    expect(res.json().contactId).toBe(three);
  });

  it("gives a linked contact without a company the lead's company", async () => {
    const loner = (
      await t.db.query<{ id: string }>(
        `INSERT INTO contacts (first_name, last_name, emails) VALUES ('Lone', 'Wolf', '{lone@wolf.test}') RETURNING id`,
      )
    )[0].id;
    const res = await create(
      newContact({
        companyId: c.companies.globex,
        firstName: 'Lone',
        lastName: 'Wolf',
        emails: 'lone@wolf.test',
      }),
    );
    expect(res.json().contactId).toBe(loner);
    const [row] = await t.db.query<{ company_id: string }>('SELECT company_id FROM contacts WHERE id = $1', [
      loner,
    ]);
    expect(row.company_id).toBe(c.companies.globex);
  });

  it('a new contact needs a first and a last name; otherwise the existing contact is mandatory', async () => {
    const res = await create(newContact({}));
    expect(res.statusCode).toBe(422);
    expect(fields(res)).toEqual(expect.arrayContaining(['firstName', 'lastName']));
    const none = await create(validLead(c, { contactId: null }));
    expect(codeOf(none, 'contactId')).toBe('required');
  });
});

describe('rules 3-5: sales direction, product and partnership agreement', () => {
  it('a product must belong to the sales direction', async () => {
    const bad = await create(validLead(c, { productId: c.products.server }));
    expect(bad.statusCode).toBe(422);
    expect(codeOf(bad, 'productId')).toBe('not_in_sales_direction');
    const good = await create(validLead(c, { productId: c.products.backup }));
    expect(good.statusCode).toBe(201);
  });

  it('changing the sales direction clears a product it does not list, and an agreement whose program lacks it', async () => {
    const lead = (
      await create(
        validLead(c, {
          productId: c.products.cloudHosting,
          partnershipAgreementId: c.agreements.cloudAgreement,
        }),
      )
    ).json();
    expect(lead.partnerCompanyId).toBe(c.partners.partnerA);
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, { salesDirectionId: c.directions.hardware });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      salesDirectionId: c.directions.hardware,
      productId: null,
      partnershipAgreementId: null,
      partnerCompanyId: null,
    });
  });

  it('changing the sales direction keeps a product and an agreement that still fit', async () => {
    const lead = (
      await create(
        validLead(c, {
          salesDirectionId: c.directions.hardware,
          productId: c.products.server,
          partnershipAgreementId: c.agreements.broadAgreement,
        }),
      )
    ).json();
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, {
      salesDirectionId: c.directions.cloud,
      productId: c.products.backup,
    });
    expect(res.json()).toMatchObject({
      productId: c.products.backup,
      partnershipAgreementId: c.agreements.broadAgreement,
    });
  });

  it('clearing the sales direction clears the product, and the direction is mandatory', async () => {
    const lead = (await create(validLead(c, { productId: c.products.backup }))).json();
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, { salesDirectionId: null });
    expect(res.statusCode).toBe(422);
    expect(codeOf(res, 'salesDirectionId')).toBe('required');
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).json().productId).toBe(c.products.backup);
  });

  it('changing the product clears an agreement whose program does not list it', async () => {
    const lead = (
      await create(
        validLead(c, {
          productId: c.products.cloudHosting,
          partnershipAgreementId: c.agreements.cloudAgreement,
        }),
      )
    ).json();
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, { productId: c.products.backup });
    expect(res.json()).toMatchObject({
      productId: c.products.backup,
      partnershipAgreementId: null,
      partnerCompanyId: null,
    });
  });

  it("only an agreement whose program has the lead's direction and product may be chosen", async () => {
    const wrongDirection = await create(
      validLead(c, {
        salesDirectionId: c.directions.hardware,
        partnershipAgreementId: c.agreements.cloudAgreement,
      }),
    );
    expect(wrongDirection.statusCode).toBe(422);
    expect(codeOf(wrongDirection, 'partnershipAgreementId')).toBe('not_matching_program');
    const wrongProduct = await create(
      validLead(c, { productId: c.products.backup, partnershipAgreementId: c.agreements.cloudAgreement }),
    );
    expect(codeOf(wrongProduct, 'partnershipAgreementId')).toBe('not_matching_program');
    const fits = await create(
      validLead(c, {
        productId: c.products.cloudHosting,
        partnershipAgreementId: c.agreements.cloudAgreement,
      }),
    );
    expect(fits.statusCode).toBe(201);
  });

  it("with no sales direction, the agreement's program gives it when it has exactly one", async () => {
    const res = await create(
      validLead(c, { salesDirectionId: undefined, partnershipAgreementId: c.agreements.cloudAgreement }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().salesDirectionId).toBe(c.directions.cloud);
    const ambiguous = await create(
      validLead(c, { salesDirectionId: undefined, partnershipAgreementId: c.agreements.broadAgreement }),
    );
    expect(ambiguous.statusCode).toBe(422);
    expect(codeOf(ambiguous, 'salesDirectionId')).toBe('required');
  });

  it('the partner company is filled from the agreement on every save and cannot be written', async () => {
    const lead = (await create(validLead(c, { partnershipAgreementId: c.agreements.broadAgreement }))).json();
    expect(lead.partnerCompanyId).toBe(c.partners.partnerB);
    const written = await admin.patch(`/api/v1/leads/${lead.id}`, { partnerCompanyId: c.partners.partnerA });
    expect(written.statusCode).toBe(422);
    expect(codeOf(written, 'partnerCompanyId')).toBe('read_only');
    const onCreate = await create(validLead(c, { partnerCompanyId: c.partners.partnerA }));
    expect(codeOf(onCreate, 'partnerCompanyId')).toBe('read_only');
    // Sending back the value it already has is harmless.
    const same = await admin.patch(`/api/v1/leads/${lead.id}`, {
      partnerCompanyId: c.partners.partnerB,
      name: 'Same partner',
    });
    expect(same.statusCode).toBe(200);
  });
});

describe('owner and existing contact', () => {
  it('the owner must be an active user', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const gone = await userWith(t.app, admin, ['crm_sales']);
    await admin.patch(`/api/v1/users/${gone.userId}`, { active: false });
    const bad = await create(validLead(c, { ownerId: gone.userId }));
    expect(bad.statusCode).toBe(422);
    expect(codeOf(bad, 'ownerId')).toBe('inactive_user');
    const good = await create(validLead(c, { ownerId: sales.userId }));
    expect(good.statusCode).toBe(201);
    expect(good.json().ownerId).toBe(sales.userId);
  });

  it('a partner never becomes the owner, through PATCH as through Assign', async () => {
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerA });
    const lead = (await create(validLead(c))).json();
    const patched = await admin.patch(`/api/v1/leads/${lead.id}`, { ownerId: partner.userId });
    expect(patched.statusCode).toBe(422);
    expect(codeOf(patched, 'ownerId')).toBe('not_crm_user');
    const assigned = await admin.post(`/api/v1/leads/${lead.id}/actions/assign`, { ownerId: partner.userId });
    expect(assigned.statusCode).toBe(422);
    expect(codeOf(assigned, 'ownerId')).toBe('not_crm_user');
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).json().ownerId).not.toBe(partner.userId);
  });

  it('the existing contact must belong to the existing company', async () => {
    const bad = await create(validLead(c, { contactId: c.contacts.bob }));
    expect(bad.statusCode).toBe(422);
    expect(codeOf(bad, 'contactId')).toBe('not_in_company');
    const good = await create(validLead(c, { companyId: c.companies.globex, contactId: c.contacts.bob }));
    expect(good.statusCode).toBe(201);
  });
});

describe('an inactive lead is read-only until activated', () => {
  it('refuses changes to an inactive lead with 409 and accepts activating it', async () => {
    const lead = (await create(validLead(c))).json();
    const off = await admin.post(`/api/v1/leads/${lead.id}/actions/deactivate`, {});
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    const edit = await admin.patch(`/api/v1/leads/${lead.id}`, { name: 'Renamed' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('lead_inactive');
    const comment = await admin.post(`/api/v1/leads/${lead.id}/comments`, { body: 'hello' });
    expect(comment.statusCode).toBe(409);
    // Active belongs to the Activate and Deactivate actions: PATCH answers 422, activate wakes the lead.
    const viaPatch = await admin.patch(`/api/v1/leads/${lead.id}`, { active: true });
    expect(viaPatch.statusCode).toBe(422);
    expect(codeOf(viaPatch, 'active')).toBe('read_only');
    const on = await admin.post(`/api/v1/leads/${lead.id}/actions/activate`, {});
    expect(on.statusCode).toBe(200);
    const edit2 = await admin.patch(`/api/v1/leads/${lead.id}`, { name: 'Renamed' });
    expect(edit2.statusCode).toBe(200);
    expect(edit2.json().name).toBe('Renamed');
  });
});

describe('saving', () => {
  it('PATCH with a stale If-Match answers 412 and changes nothing; a current one saves', async () => {
    const lead = (await create(validLead(c))).json();
    const ok = await admin.patch(`/api/v1/leads/${lead.id}`, { name: 'v2' }, { 'if-match': '1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await admin.patch(`/api/v1/leads/${lead.id}`, { name: 'v3' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(412);
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).json().name).toBe('v2');
  });

  it('a refused PATCH writes nothing, not even the contact it would have created', async () => {
    const lead = (await create(validLead(c))).json();
    const before = await contactCount();
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, {
      contactId: null,
      newContact: true,
      firstName: 'Zed',
      lastName: 'Zebra',
      companyTin: '1',
    });
    expect(res.statusCode).toBe(422);
    expect(await contactCount()).toBe(before);
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).json().version).toBe(1);
  });

  it('DELETE is for crm_admin only', async () => {
    const lead = (await create(validLead(c))).json();
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await sales.del(`/api/v1/leads/${lead.id}`)).statusCode).toBe(403);
    expect((await admin.del(`/api/v1/leads/${lead.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).statusCode).toBe(404);
  });

  it('DELETE answers 409 while an opportunity refers to the lead, and keeps it', async () => {
    const lead = (await create(validLead(c))).json();
    await t.db.query(
      `INSERT INTO opportunities (name, responsible_id, originating_lead_id) VALUES ('From lead', $1, $2)`,
      [admin.userId, lead.id],
    );
    const res = await admin.del(`/api/v1/leads/${lead.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('lead_in_use');
    expect((await admin.get(`/api/v1/leads/${lead.id}`)).statusCode).toBe(200);
  });

  it('batch: each item succeeds or fails on its own', async () => {
    const before = await leadCount();
    const res = await admin.post('/api/v1/leads/batch', {
      items: [
        validLead(c, { name: 'Batch one' }),
        validLead(c, { companyTin: 'x' }),
        { name: 42 },
        validLead(c, { name: 'Batch two' }),
      ],
    });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 422],
      [2, 422],
      [3, 201],
    ]);
    expect(results[0].lead.name).toBe('Batch one');
    expect(results[1].errors.map((e: { field: string }) => e.field)).toContain('companyTin');
    expect(results[2].errors.map((e: { field: string }) => e.field)).toContain('name');
    expect(await leadCount()).toBe(before + 2);
  });
});

describe('history and timeline', () => {
  it('records the creation and every changed field with old and new values, newest first, keyset paged', async () => {
    const lead = (await create(validLead(c))).json();
    await admin.patch(`/api/v1/leads/${lead.id}`, { name: 'Renamed', probability: 20 });
    await admin.patch(`/api/v1/leads/${lead.id}`, { probability: 30 });
    const comment = await admin.post(`/api/v1/leads/${lead.id}/comments`, {
      body: 'Called, <script>x</script>will call back',
      icon: 'phone',
      color: '#228be6',
    });
    expect(comment.statusCode).toBe(201);
    expect(comment.json()).toMatchObject({
      kind: 'comment',
      icon: 'phone',
      color: '#228be6',
      actorId: admin.userId,
    });
    // A comment is text, kept as typed; the web shows it as text, so the markup never runs.
    expect(comment.json().body).toBe('Called, <script>x</script>will call back');

    const all = (await admin.get(`/api/v1/leads/${lead.id}/timeline?limit=50`)).json();
    const kinds = all.items.map((i: { kind: string; field: string | null }) => [i.kind, i.field]);
    expect(kinds[0]).toEqual(['comment', null]);
    expect(kinds[kinds.length - 1]).toEqual(['created', null]);
    const probability = all.items.filter((i: { field: string }) => i.field === 'probability');
    expect(
      probability.map((i: { oldValue: unknown; newValue: unknown }) => [i.oldValue, i.newValue]),
    ).toEqual([
      [20, 30],
      [null, 20],
    ]);
    expect(all.items.find((i: { field: string }) => i.field === 'name')).toMatchObject({
      oldValue: 'Warehouse cloud migration',
      newValue: 'Renamed',
      actorName: expect.any(String),
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pageRes = await admin.get(
        `/api/v1/leads/${lead.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const pageBody = pageRes.json();
      seen.push(...pageBody.items.map((i: { id: string }) => i.id));
      cursor = pageBody.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i: { id: string }) => i.id));
  });

  it('a save that changes nothing adds nothing to the history', async () => {
    const lead = (await create(validLead(c))).json();
    const res = await admin.patch(`/api/v1/leads/${lead.id}`, { name: lead.name });
    expect(res.json().version).toBe(1);
    const items = (await admin.get(`/api/v1/leads/${lead.id}/timeline`)).json().items;
    expect(items).toHaveLength(1);
  });
});
