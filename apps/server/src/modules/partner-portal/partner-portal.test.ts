import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerPortal } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let paula: Client;
let sales: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  paula = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerA });
  sales = await userWith(t.app, admin, ['crm_sales']);
});
afterAll(() => t.close());

/** What a partner types on the portal's registration form. */
const registration = (portal: PartnerPortal, extra: Record<string, unknown> = {}) => ({
  name: 'Cloud for a warehouse',
  sourceId: portal.sourceId,
  partnershipAgreementId: portal.agreements[0].id,
  newCompany: true,
  companyName: 'Northwind',
  companyWebsite: 'https://northwind.example',
  companyTin: '7736207543',
  newContact: true,
  firstName: 'Nina',
  lastName: 'North',
  emails: 'nina@northwind.example',
  customerRequirements: 'Forty virtual machines by March',
  productLines: [{ productId: portal.agreements[0].products[0].id, quantity: 40 }],
  ...extra,
});

describe('the partner portal', () => {
  it("gives a partner her company, its agreements with what their programs offer, statuses and the 'Partner' source", async () => {
    const res = await paula.get('/api/v1/partner-portal');
    expect(res.statusCode, res.body).toBe(200);
    const portal = res.json<PartnerPortal>();
    expect(portal.company).toEqual({ id: c.partners.partnerA, name: 'Partner A' });
    // Partner B's agreement is not listed.
    expect(portal.agreements).toEqual([
      expect.objectContaining({
        id: c.agreements.cloudAgreement,
        number: 'PA-1',
        programName: 'Cloud resellers',
        active: true,
        salesDirections: [{ id: c.directions.cloud, name: 'Cloud' }],
        products: [{ id: c.products.cloudHosting, name: 'Cloud hosting' }],
      }),
    ]);
    expect(portal.statuses.map((s) => s.phase)).toContain('new');
    const [source] = await t.db.query<{ id: string }>(`SELECT id FROM lead_sources WHERE code = 'partner'`);
    expect(portal.sourceId).toBe(source.id);
    expect(portal.people).toEqual([]);
  });

  it("answers 404 for another partner's agreement and for one that does not exist, 200 for her own", async () => {
    expect(
      (await paula.get(`/api/v1/partner-portal/agreements/${c.agreements.broadAgreement}`)).statusCode,
    ).toBe(404);
    expect((await paula.get(`/api/v1/partner-portal/agreements/${randomUUID()}`)).statusCode).toBe(404);
    const own = await paula.get(`/api/v1/partner-portal/agreements/${c.agreements.cloudAgreement}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ number: 'PA-1', products: [{ name: 'Cloud hosting' }] });
  });

  it('is refused to CRM users', async () => {
    expect((await sales.get('/api/v1/partner-portal')).statusCode).toBe(403);
    expect(
      (await admin.get(`/api/v1/partner-portal/agreements/${c.agreements.cloudAgreement}`)).statusCode,
    ).toBe(403);
  });

  it('lets a partner register a lead with what it gives, and then names who works it', async () => {
    const portal = (await paula.get('/api/v1/partner-portal')).json<PartnerPortal>();
    const created = await paula.post('/api/v1/leads', registration(portal));
    expect(created.statusCode, created.body).toBe(201);
    const lead = created.json();
    expect(lead).toMatchObject({
      partnerCompanyId: c.partners.partnerA,
      // The program's only direction is the lead's.
      salesDirectionId: c.directions.cloud,
      productLines: [{ productId: c.products.cloudHosting, quantity: 40, price: '100.00' }],
    });
    const assigned = await admin.post(`/api/v1/leads/${lead.id}/actions/assign`, { ownerId: sales.userId });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const after = (await paula.get('/api/v1/partner-portal')).json<PartnerPortal>();
    expect(after.people.map((p) => p.id).sort()).toEqual([paula.userId, sales.userId].sort());
    expect(after.companies).toEqual([]);
    // Once the CRM staff link the lead to an existing company, its name is hers to read.
    const linked = await admin.patch(`/api/v1/leads/${lead.id}`, {
      newCompany: false,
      companyId: c.companies.acme,
      newContact: false,
      contactId: c.contacts.ann,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await paula.get('/api/v1/partner-portal')).json<PartnerPortal>().companies).toEqual([
      { id: c.companies.acme, name: 'Acme Logistics' },
    ]);
    // The people of another partner's leads are not hers to read.
    const pablo = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerB });
    expect((await pablo.get('/api/v1/partner-portal')).json<PartnerPortal>()).toMatchObject({
      people: [],
      companies: [],
    });
  });

  it("refuses a registration under another partner's agreement, naming the field", async () => {
    const portal = (await paula.get('/api/v1/partner-portal')).json<PartnerPortal>();
    const res = await paula.post(
      '/api/v1/leads',
      registration(portal, { partnershipAgreementId: c.agreements.broadAgreement, productLines: [] }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('partnershipAgreementId');
  });
});
