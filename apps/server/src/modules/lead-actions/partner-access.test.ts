import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * A partner's employee reads, edits and comments only on the leads of their company's
 * partnership agreements, "and nothing else in the system". Every documented GET outside their leads
 * and their own session must refuse them; the lead endpoints answer only for their leads.
 */

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

let t: TestApp;
let admin: Client;
let partner: Client;
let theirs: string;
let other: string;
let agreementId: string;
let foreignAgreementId: string;
let sourceId: string;
let unitId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const q = <T>(sql: string, params: unknown[] = []) => t.db.query<T & Record<string, unknown>>(sql, params);
  const [{ id: companyId }] = await q<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ('Channel Partner', 'partner') RETURNING id`,
  );
  const [{ id: programId }] = await q<{ id: string }>(
    `INSERT INTO partnership_programs (name) VALUES ('Channel') RETURNING id`,
  );
  [{ id: agreementId }] = await q<{ id: string }>(
    `INSERT INTO partnership_agreements (number, partner_company_id, program_id) VALUES ('CH-1', $1, $2) RETURNING id`,
    [companyId, programId],
  );
  const [{ id: otherCompanyId }] = await q<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ('Rival Partner', 'partner') RETURNING id`,
  );
  [{ id: foreignAgreementId }] = await q<{ id: string }>(
    `INSERT INTO partnership_agreements (number, partner_company_id, program_id) VALUES ('RV-1', $1, $2) RETURNING id`,
    [otherCompanyId, programId],
  );
  // The program names one sales direction, so a registration takes it from the agreement.
  const [{ id: directionId }] = await q<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Channel sales') RETURNING id`,
  );
  await q(
    'INSERT INTO partnership_program_sales_directions (program_id, sales_direction_id) VALUES ($1, $2)',
    [programId, directionId],
  );
  unitId = (await admin.post('/api/v1/units', { name: 'Partner desk' })).json().id;
  [{ id: sourceId }] = await q<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
  const [{ id: statusId }] = await q<{ id: string }>(
    `SELECT id FROM lead_statuses WHERE phase = 'new' LIMIT 1`,
  );
  const insert = (agreement: string | null, company: string | null) =>
    q<{ id: string }>(
      `INSERT INTO leads (name, source_id, status_id, phase, partnership_agreement_id, partner_company_id)
       VALUES ('Partner sweep', $1, $2, 'new', $3, $4) RETURNING id`,
      [sourceId, statusId, agreement, company],
    );
  [{ id: theirs }] = await insert(agreementId, companyId);
  [{ id: other }] = await insert(null, null);
  partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: companyId });
}, 180_000);
afterAll(() => t.close());

/** Their own session and their leads (with what hangs off a lead) are the partner's whole world. */
const partnerPaths = (path: string) =>
  path === '/api/v1/me' || path.startsWith('/api/v1/auth/') || path.startsWith('/api/v1/leads/{id}');

describe('a partner user', { timeout: 120_000 }, () => {
  it('is refused by every documented GET outside their leads', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApi>();
    const answered: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(spec.paths)) {
      if (!('get' in methods) || !path.startsWith('/api/v1/') || partnerPaths(path)) continue;
      // Their lead list (with its totals and export) and their own saved views are theirs to read.
      if (path === '/api/v1/leads' || path === '/api/v1/leads/summary' || path === '/api/v1/saved-views')
        continue;
      if (path.startsWith('/api/v1/leads/export')) continue;
      // Their agenda and their notifications hold only what concerns them and their leads.
      if (path === '/api/v1/activities' || path === '/api/v1/notifications') continue;
      // The portal's reference data is hers: her company, its agreements and the names her leads show.
      if (path === '/api/v1/partner-portal') continue;
      const url = path.replace(/\{[^}]+\}/g, theirs);
      const res = await partner.get(url);
      checked += 1;
      if (res.statusCode !== 403 && res.statusCode !== 404 && res.statusCode !== 400)
        answered.push(`GET ${path}: ${res.statusCode}`);
    }
    expect(answered).toEqual([]);
    // The sweep must have met the configuration, companies, users, opportunities and lists endpoints.
    expect(checked).toBeGreaterThan(15);
  });

  it("sees only their company's leads, in the list and one by one", async () => {
    expect((await partner.get(`/api/v1/leads/${theirs}`)).statusCode).toBe(200);
    expect((await partner.get(`/api/v1/leads/${other}`)).statusCode).toBe(404);
    expect((await partner.get(`/api/v1/leads/${other}/timeline`)).statusCode).toBe(404);
    const list = await partner.get('/api/v1/leads?view=all');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { id: string }[] }>().items.map((l) => l.id)).toEqual([theirs]);
    const totals = await partner.get('/api/v1/leads/summary');
    expect(totals.statusCode).toBe(200);
    expect(totals.json<{ groups: { count: number }[] }>().groups.map((g) => g.count)).toEqual([1]);
    // The dashboards are the CRM staff's, not the partner portal's.
    expect((await partner.get('/api/v1/reports/funnel')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/reports/funnel')).json<{ total: number }>().total).toBe(2);
  });
});

/** A registration as the partner portal sends it: a person with their contact details. */
const registration = (extra: Record<string, unknown> = {}) => ({
  name: 'Registered by the partner',
  sourceId,
  prospectType: 'person',
  newContact: true,
  firstName: 'Pat',
  lastName: 'Partner',
  partnershipAgreementId: agreementId,
  ...extra,
});

const fieldsOf = (res: { json(): unknown }) =>
  (res.json() as { errors?: { field: string; code: string }[] }).errors?.map((e) => `${e.field}:${e.code}`) ??
  [];

describe('a partner registering leads (seed 000)', { timeout: 120_000 }, () => {
  it('creates a lead with an agreement of their company, in the default new status with no owner or unit', async () => {
    const res = await partner.post('/api/v1/leads', registration());
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    const [{ id: newStatus }] = await t.db.query<{ id: string }>(
      `SELECT id FROM lead_statuses WHERE phase = 'new' AND active ORDER BY position, id LIMIT 1`,
    );
    expect(lead).toMatchObject({
      phase: 'new',
      statusId: newStatus,
      ownerId: null,
      unitId: null,
      active: true,
      partnershipAgreementId: agreementId,
    });
    expect((await partner.get(`/api/v1/leads/${lead.id}`)).statusCode).toBe(200);
  });

  it("is refused (422) without an agreement, with another company's, or naming owner or unit", async () => {
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads'))[0].n;
    const before = await count();
    const without = await partner.post('/api/v1/leads', registration({ partnershipAgreementId: null }));
    expect(without.statusCode).toBe(422);
    expect(fieldsOf(without)).toContain('partnershipAgreementId:not_your_agreement');
    const foreign = await partner.post(
      '/api/v1/leads',
      registration({ partnershipAgreementId: foreignAgreementId }),
    );
    expect(foreign.statusCode).toBe(422);
    expect(fieldsOf(foreign)).toContain('partnershipAgreementId:not_your_agreement');
    const owned = await partner.post('/api/v1/leads', registration({ ownerId: partner.userId, unitId }));
    expect(owned.statusCode).toBe(422);
    expect(fieldsOf(owned)).toEqual(expect.arrayContaining(['ownerId:read_only', 'unitId:read_only']));
    // A burst changes nothing either.
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        partner.post(
          '/api/v1/leads',
          registration(i % 2 ? { partnershipAgreementId: foreignAgreementId } : { unitId }),
        ),
      ),
    );
    expect(burst.map((r) => r.statusCode)).toEqual(Array(10).fill(422));
    expect(await count()).toBe(before);
  });

  it('gets the same answers item by item in a batch', async () => {
    const res = await partner.post('/api/v1/leads/batch', {
      items: [
        registration(),
        registration({ partnershipAgreementId: foreignAgreementId }),
        registration({ partnershipAgreementId: null }),
        registration({ ownerId: partner.userId }),
      ],
    });
    expect(res.statusCode).toBe(200);
    const results = res.json<{ results: { status: number; lead?: { ownerId: string | null } }[] }>().results;
    expect(results.map((r) => r.status)).toEqual([201, 422, 422, 422]);
    expect(results[0].lead?.ownerId).toBeNull();
  });

  it('cannot run bulk actions, nor reach opportunities', async () => {
    expect(
      (await partner.post('/api/v1/leads/bulk', { ids: [theirs], action: 'take', params: {} })).statusCode,
    ).toBe(403);
    expect((await partner.get('/api/v1/opportunities')).statusCode).toBe(403);
    expect(
      (await partner.post('/api/v1/opportunities', { name: 'x', responsibleId: partner.userId })).statusCode,
    ).toBe(403);
  });
});
