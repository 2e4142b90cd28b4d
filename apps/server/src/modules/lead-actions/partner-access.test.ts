import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * SPEC section 9: a partner's employee reads, edits and comments only on the leads of their company's
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
  const [{ id: agreementId }] = await q<{ id: string }>(
    `INSERT INTO partnership_agreements (number, partner_company_id, program_id) VALUES ('CH-1', $1, $2) RETURNING id`,
    [companyId, programId],
  );
  const [{ id: sourceId }] = await q<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
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
      // The reports count their leads only (checked below).
      if (path.startsWith('/api/v1/reports/')) continue;
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
    const funnel = await partner.get('/api/v1/reports/funnel');
    expect(funnel.statusCode).toBe(200);
    expect(funnel.json<{ total: number }>().total).toBe(1);
    expect((await admin.get('/api/v1/reports/funnel')).json<{ total: number }>().total).toBe(2);
  });
});
