import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * A day of a sales team, through the API only: leads come in, get assigned, worked, qualified with
 * conversion, disqualified with every code, dropped, reopened, accepted from a unit queue, and a
 * partner works their own lead. Each step checks the records and the history it must leave.
 */

interface Lead {
  id: string;
  name: string;
  statusId: string;
  phase: string;
  ownerId: string | null;
  unitId: string | null;
  active: boolean;
  actualCompletedDate: string | null;
  opportunityId: string | null;
  convertedCompanyId: string | null;
  convertedContactId: string | null;
  contactId: string | null;
  lastName: string | null;
  disqualificationCodeId: string | null;
  disqualificationReason: string | null;
  dropReason: string | null;
  version: number;
  opportunity?: Record<string, unknown>;
}

let t: TestApp;
let admin: Client;
let mia: Client; // crm_manager
let sam: Client; // crm_sales, inside-sales unit
let sue: Client; // crm_sales, inside-sales unit
let max: Client; // crm_marketeer
let pat: Client; // partner
let unitId: string;
let sourceId: string;
let directionId: string;
let productA: string;
let productB: string;
let agreementId: string;
let partnerCompanyId: string;
let today: string;
const status: Record<string, string> = {};
const codes: Record<string, string> = {};

const nine = {
  goal: 'Replace the old CRM',
  implementationOptions: 'Cloud',
  procurementProcedure: 'Tender',
  decisionLevel: 'Board',
  terms: 'Q3',
  decisionMaker: 'CFO',
  selectionCriteria: 'Price, support',
  complianceWithCriteria: 'High',
  channel: 'Direct',
};

let seq = 0;
/** A person lead with a new contact of its own, created by `by` through the API. */
async function newLead(by: Client, extra: Record<string, unknown> = {}): Promise<Lead> {
  seq += 1;
  const res = await by.post('/api/v1/leads', {
    name: `Request ${seq}`,
    sourceId,
    prospectType: 'person',
    newContact: true,
    firstName: `First${seq}`,
    lastName: `Last${seq}`,
    emails: [`person${seq}@example.test`],
    salesDirectionId: directionId,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
}

const act = (c: Client, id: string, action: string, body: unknown = {}, headers?: Record<string, string>) =>
  c.post(`/api/v1/leads/${id}/actions/${action}`, body, headers);

async function ok(c: Client, id: string, action: string, body: unknown = {}) {
  const res = await act(c, id, action, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json<Lead>();
}

/** The lead's history after `since` (exclusive), oldest first: kind, field, values and payload. */
async function history(id: string) {
  return t.db.query<{
    kind: string;
    field: string | null;
    old_value: unknown;
    new_value: unknown;
    payload: unknown;
    actor_id: string;
  }>(
    `SELECT kind, field, old_value, new_value, payload, actor_id FROM lead_events WHERE lead_id = $1
      ORDER BY at, CASE kind WHEN 'action' THEN 0 ELSE 1 END, field NULLS FIRST`,
    [id],
  );
}
const changesOf = (rows: Awaited<ReturnType<typeof history>>) =>
  rows.filter((r) => r.kind === 'changed').map((r) => [r.field, r.old_value, r.new_value]);

async function unchanged(id: string, run: () => Promise<unknown>) {
  const before = (await admin.get(`/api/v1/leads/${id}`)).json<Lead>();
  const events = (await history(id)).length;
  await run();
  expect((await admin.get(`/api/v1/leads/${id}`)).json<Lead>()).toEqual(before);
  expect((await history(id)).length).toBe(events);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const q = <T>(sql: string, params: unknown[] = []) => t.db.query<T & Record<string, unknown>>(sql, params);
  unitId = (await admin.post('/api/v1/units', { name: 'Inside sales' })).json<{ id: string }>().id;
  [{ id: sourceId }] = await q<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Email'`);
  [{ id: directionId }] = await q<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Software') RETURNING id`,
  );
  [{ id: productA }] = await q<{ id: string }>(
    `INSERT INTO products (name, price) VALUES ('Licence', 100) RETURNING id`,
  );
  [{ id: productB }] = await q<{ id: string }>(
    `INSERT INTO products (name, price) VALUES ('Support', 20) RETURNING id`,
  );
  await q(`INSERT INTO sales_direction_products (sales_direction_id, product_id) VALUES ($1, $2), ($1, $3)`, [
    directionId,
    productA,
    productB,
  ]);
  [{ id: partnerCompanyId }] = await q<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ('Reseller AG', 'partner') RETURNING id`,
  );
  const [{ id: programId }] = await q<{ id: string }>(
    `INSERT INTO partnership_programs (name) VALUES ('Resellers') RETURNING id`,
  );
  await q(
    `INSERT INTO partnership_program_sales_directions (program_id, sales_direction_id) VALUES ($1, $2)`,
    [programId, directionId],
  );
  [{ id: agreementId }] = await q<{ id: string }>(
    `INSERT INTO partnership_agreements (number, partner_company_id, program_id) VALUES ('PA-7', $1, $2) RETURNING id`,
    [partnerCompanyId, programId],
  );
  for (const r of await q<{ id: string; name: string }>('SELECT id, name FROM lead_statuses'))
    status[r.name] = r.id;
  for (const r of await q<{ id: string; name: string }>('SELECT id, name FROM disqualification_codes'))
    codes[r.name] = r.id;
  [{ d: today }] = await q<{ d: string }>('SELECT current_date::text AS d');
  mia = await userWith(t.app, admin, ['crm_manager']);
  sam = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitId] });
  sue = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitId] });
  max = await userWith(t.app, admin, ['crm_marketeer']);
  pat = await userWith(t.app, admin, ['partner'], { partnerCompanyId });
}, 180_000);
afterAll(() => t.close());

describe('a day of a sales team', { timeout: 120_000 }, () => {
  let a: Lead;

  it('morning: marketing enters a company request, sales assigns it and works it', async () => {
    a = await newLead(max, {
      name: 'CRM for 40 users',
      prospectType: 'company',
      newCompany: true,
      companyName: 'Acme Logistics',
      companyWebsite: 'acme-logistics.example',
      companyTin: '7707083893',
      address: { city: 'Hamburg' },
      productLines: [
        { productId: productA, quantity: 40, price: '100.00' },
        { productId: productB, quantity: 12, price: '20.00' },
      ],
    });
    expect(a).toMatchObject({ phase: 'new', statusId: status['To be processed'], ownerId: null });

    // A marketeer or a manager assigns only the leads they own; neither owns this one.
    await unchanged(a.id, async () => {
      expect((await act(max, a.id, 'assign', { ownerId: sue.userId })).statusCode).toBe(403);
      expect((await act(mia, a.id, 'assign', { ownerId: sue.userId })).statusCode).toBe(403);
      // Qualifying a new lead is not possible in its phase.
      expect((await act(sam, a.id, 'qualify', { opportunity: { city: 'Hamburg' } })).statusCode).toBe(409);
    });

    const assigned = await ok(sam, a.id, 'assign', { ownerId: sue.userId });
    expect(assigned).toMatchObject({
      ownerId: sue.userId,
      phase: 'in_progress',
      statusId: status['Marketing qualification'],
      version: a.version + 1,
    });
    expect(assigned).toEqual((await sue.get(`/api/v1/leads/${a.id}`)).json());
    const h = await history(a.id);
    expect(h.map((e) => e.kind)).toEqual(['created', 'action', 'changed', 'changed', 'changed']);
    expect(h[1]).toMatchObject({
      actor_id: sam.userId,
      payload: { action: 'assign', params: { ownerId: sue.userId } },
    });
    expect(changesOf(h)).toEqual([
      ['ownerId', null, sue.userId],
      ['phase', 'new', 'in_progress'],
      ['statusId', status['To be processed'], status['Marketing qualification']],
    ]);

    const moved = await ok(sue, a.id, 'move', { statusId: status['Sales qualification'] });
    expect(moved.statusId).toBe(status['Sales qualification']);
    // A closed status is reached only through its action.
    await unchanged(a.id, async () => {
      const res = await act(sue, a.id, 'move', { statusId: status['Qualified (converted)'] });
      expect(res.statusCode).toBe(409);
    });
  });

  it('noon: the owner qualifies it, converting company and contact into an opportunity', async () => {
    // Another seller is not the owner.
    await unchanged(a.id, async () => {
      expect((await act(sam, a.id, 'qualify', { opportunity: { city: 'Hamburg' } })).statusCode).toBe(403);
    });
    // Without the qualification fields and the city every missing field is named at once.
    await unchanged(a.id, async () => {
      const res = await act(sue, a.id, 'qualify', { convert: { company: 'new', contact: 'existing' } });
      expect(res.statusCode).toBe(422);
      const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(fields.sort()).toEqual([...Object.keys(nine), 'opportunity.city', 'convert.contactIds'].sort());
    });
    const patched = await sue.patch(`/api/v1/leads/${a.id}`, nine);
    expect(patched.statusCode, patched.body).toBe(200);

    const res = await act(sue, a.id, 'qualify', {
      opportunity: {
        city: 'Hamburg',
        estimatedRevenue: { amount: '4240.00' },
        estimatedCloseDate: '2027-03-31',
      },
      convert: { company: 'new', contact: 'new' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const won = res.json<Lead>();
    const opportunity = won.opportunity!;
    expect(won).toMatchObject({
      phase: 'won',
      statusId: status['Qualified (converted)'],
      actualCompletedDate: today,
      opportunityId: opportunity.id,
    });
    expect(won.convertedCompanyId).toBeTruthy();
    expect(won.convertedContactId).toBeTruthy();
    expect(won.convertedContactId).not.toBe(won.contactId);
    expect(opportunity).toMatchObject({
      name: 'CRM for 40 users',
      responsibleId: sue.userId,
      city: 'Hamburg',
      sellingDirectionId: directionId,
      originatingLeadId: a.id,
      companyId: won.convertedCompanyId,
      contactId: won.convertedContactId,
      estimatedRevenue: { amount: '4240.00', currency: 'EUR' },
      estimatedCloseDate: '2027-03-31',
      stage: 'open',
      lines: [
        { productId: productA, quantity: expect.stringMatching(/^40(\.0+)?$/), price: '100.00' },
        { productId: productB, quantity: expect.stringMatching(/^12(\.0+)?$/), price: '20.00' },
      ],
    });
    const { opportunity: _created, ...lead } = won;
    expect(lead).toEqual((await sue.get(`/api/v1/leads/${a.id}`)).json());
    const company = (await sue.get(`/api/v1/companies/${won.convertedCompanyId}`)).json();
    expect(company).toMatchObject({ name: 'Acme Logistics', tin: '7707083893', type: 'prospect' });
    const contact = (await sue.get(`/api/v1/contacts/${won.convertedContactId}`)).json();
    expect(contact).toMatchObject({ lastName: a.lastName, companyId: won.convertedCompanyId });

    const h = await history(a.id);
    const last = h.slice(h.findLastIndex((e) => e.kind === 'action'));
    expect(last[0].payload).toMatchObject({
      action: 'qualify',
      opportunityId: opportunity.id,
      companyId: won.convertedCompanyId,
      contactId: won.convertedContactId,
    });
    expect(
      changesOf(last)
        .map((c) => c[0])
        .sort(),
    ).toEqual(
      [
        'actualCompletedDate',
        'convertedCompanyId',
        'convertedContactId',
        'opportunityId',
        'phase',
        'statusId',
      ].sort(),
    );

    // Won opportunity: the prospect becomes a customer.
    const stage = await sue.patch(`/api/v1/opportunities/${opportunity.id}`, { stage: 'won' });
    expect(stage.statusCode, stage.body).toBe(200);
    expect((await sue.get(`/api/v1/companies/${won.convertedCompanyId}`)).json().type).toBe('customer');
  });

  it('afternoon: leads are disqualified with each code; the demand-generation code hands over an opportunity', async () => {
    const plain = ['Non-target client', 'Non-commercial interest', 'Impossible to contact'];
    for (const name of plain) {
      const lead = await newLead(max);
      await ok(sam, lead.id, 'take');
      await unchanged(lead.id, async () => {
        const res = await act(sam, lead.id, 'disqualify', {});
        expect(res.statusCode).toBe(422);
        expect(
          res
            .json<{ errors: { field: string }[] }>()
            .errors.map((e) => e.field)
            .sort(),
        ).toEqual(['codeId', 'reason']);
      });
      const lost = await ok(sam, lead.id, 'disqualify', { codeId: codes[name], reason: `${name}: no fit` });
      expect(lost).toMatchObject({
        phase: 'lost',
        statusId: status['Disqualified (lost)'],
        disqualificationCodeId: codes[name],
        disqualificationReason: `${name}: no fit`,
        actualCompletedDate: today,
        opportunityId: null,
      });
      expect(lost.opportunity).toBeUndefined();
    }

    const nurture = await newLead(max);
    await ok(sam, nurture.id, 'take');
    const code = codes['Demand is not generated'];
    await unchanged(nurture.id, async () => {
      const res = await act(sam, nurture.id, 'disqualify', { codeId: code, reason: 'Not yet' });
      expect(res.statusCode).toBe(422);
      expect(
        res
          .json<{ errors: { field: string }[] }>()
          .errors.map((e) => e.field)
          .sort(),
      ).toEqual([...Object.keys(nine), 'opportunity.city'].sort());
    });
    expect((await sam.patch(`/api/v1/leads/${nurture.id}`, nine)).statusCode).toBe(200);
    const res = await act(sam, nurture.id, 'disqualify', {
      codeId: code,
      reason: 'Not yet',
      opportunity: { city: 'Munich' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const lost = res.json<Lead>();
    expect(lost).toMatchObject({
      phase: 'lost',
      disqualificationCodeId: code,
      opportunityId: lost.opportunity!.id,
    });
    expect(lost.opportunity).toMatchObject({
      originatingLeadId: nurture.id,
      responsibleId: sam.userId,
      city: 'Munich',
    });

    // Reopening is for administrators; the opportunity stays linked.
    await unchanged(nurture.id, async () => {
      expect((await act(mia, nurture.id, 'reopen', { statusId: status.Nurturing })).statusCode).toBe(403);
    });
    const reopened = await ok(admin, nurture.id, 'reopen', { statusId: status.Nurturing });
    expect(reopened).toMatchObject({
      phase: 'in_progress',
      statusId: status.Nurturing,
      opportunityId: lost.opportunity!.id,
      actualCompletedDate: null,
    });
  });

  it('a manager drops a spam request, with a reason', async () => {
    const spam = await newLead(max);
    await unchanged(spam.id, async () => {
      expect((await act(sam, spam.id, 'drop', { reason: 'spam' })).statusCode).toBe(403);
      const res = await act(mia, spam.id, 'drop', {});
      expect(res.statusCode).toBe(422);
      expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['reason']);
    });
    const dropped = await ok(mia, spam.id, 'drop', { reason: 'Spam' });
    expect(dropped).toMatchObject({
      phase: 'dropped',
      statusId: status.Dropped,
      dropReason: 'Spam',
      actualCompletedDate: null,
    });
  });

  it('the unit queue: a member accepts a lead; an outsider and a second taker cannot', async () => {
    const queued = await newLead(max, { unitId });
    expect(queued).toMatchObject({ ownerId: null, unitId, phase: 'new' });
    await unchanged(queued.id, async () => {
      expect((await act(max, queued.id, 'accept')).statusCode).toBe(403);
    });
    const accepted = await ok(sue, queued.id, 'accept');
    expect(accepted).toMatchObject({
      ownerId: sue.userId,
      unitId,
      phase: 'in_progress',
      statusId: status['Marketing qualification'],
    });
    await unchanged(queued.id, async () => {
      expect((await act(sam, queued.id, 'accept')).statusCode).toBe(409);
    });
  });

  it('a lead waiting in a unit queue cannot be qualified, disqualified or dropped until a user owns it', async () => {
    const queued = await newLead(max, { unitId, ...nine });
    // Moved to in progress by hand, still with no owner.
    await ok(sam, queued.id, 'move', { statusId: status['Sales qualification'] });
    await unchanged(queued.id, async () => {
      expect((await act(admin, queued.id, 'qualify', { opportunity: { city: 'Köln' } })).statusCode).toBe(
        409,
      );
      expect(
        (await act(admin, queued.id, 'disqualify', { codeId: codes['Non-target client'], reason: 'x' }))
          .statusCode,
      ).toBe(409);
      expect((await act(mia, queued.id, 'drop', { reason: 'x' })).statusCode).toBe(409);
    });
  });

  it('a partner reads, edits and comments on the lead of their agreement, and does nothing else', async () => {
    const theirs = await newLead(max, { partnershipAgreementId: agreementId });
    expect(theirs).toMatchObject({ partnerCompanyId });
    const mine = await newLead(max);
    expect((await pat.get(`/api/v1/leads/${theirs.id}`)).statusCode).toBe(200);
    expect((await pat.get(`/api/v1/leads/${mine.id}`)).statusCode).toBe(404);
    const edit = await pat.patch(`/api/v1/leads/${theirs.id}`, { customerRequirements: 'Needs 5 seats' });
    expect(edit.statusCode, edit.body).toBe(200);
    const comment = await pat.post(`/api/v1/leads/${theirs.id}/comments`, { body: 'Customer called us' });
    expect([200, 201]).toContain(comment.statusCode);
    const kinds = (await history(theirs.id)).map((e) => [e.kind, e.field, e.actor_id]);
    expect(kinds).toEqual([
      ['created', null, max.userId],
      ['changed', 'customerRequirements', pat.userId],
      ['comment', null, pat.userId],
    ]);
    await unchanged(theirs.id, async () => {
      expect((await act(pat, theirs.id, 'take')).statusCode).toBe(403);
      expect((await act(pat, mine.id, 'take')).statusCode).toBe(404);
      expect((await pat.post('/api/v1/leads/bulk', { ids: [theirs.id], action: 'take' })).statusCode).toBe(
        403,
      );
    });
    expect((await pat.get('/api/v1/marketing-lists')).statusCode).toBe(403);
    expect((await pat.get('/api/v1/opportunities')).statusCode).toBe(403);
  });

  it('evening: bulk "assign to me" and the marketing list of the day', async () => {
    const x = await newLead(max);
    const y = await newLead(max);
    const missing = '00000000-0000-4000-8000-000000000001';
    const res = await sam.post('/api/v1/leads/bulk', {
      ids: [x.id, a.id, y.id, missing],
      action: 'take',
      params: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json<{ results: { id: string; status: number; lead?: Lead }[] }>().results;
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [x.id, 200],
      [a.id, 409],
      [y.id, 200],
      [missing, 404],
    ]);
    expect(results[0].lead).toMatchObject({ ownerId: sam.userId, phase: 'in_progress' });
    expect(
      (await history(a.id)).filter((e) => (e.payload as { action?: string } | null)?.action === 'take'),
    ).toEqual([]);

    const list = await admin.post('/api/v1/marketing-lists', { name: 'Webinar invitations' });
    expect(list.statusCode, list.body).toBe(201);
    const listId = list.json<{ id: string }>().id;
    expect((await act(max, x.id, 'add-to-marketing-list', { marketingListId: listId })).statusCode).toBe(403);
    await ok(sam, x.id, 'add-to-marketing-list', { marketingListId: listId });
    const add = await mia.post(`/api/v1/marketing-lists/${listId}/members`, { leadIds: [y.id, x.id] });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json()).toEqual({ added: 1, memberCount: 2 });
    const members = (await sam.get(`/api/v1/marketing-lists/${listId}/members`)).json<{
      items: Lead[];
      total: number;
    }>();
    expect(members.items.map((l) => l.id).sort()).toEqual([x.id, y.id].sort());
    expect(members.total).toBe(2);
    expect((await sam.get(`/api/v1/marketing-lists/${listId}`)).json()).toMatchObject({
      name: 'Webinar invitations',
      memberCount: 2,
    });
    expect((await mia.del(`/api/v1/marketing-lists/${listId}/members/${y.id}`)).statusCode).toBe(204);
    expect((await sam.get(`/api/v1/marketing-lists/${listId}`)).json().memberCount).toBe(1);
  });

  it('conversion to an existing company takes only contacts of that company; no opportunity when declined', async () => {
    const company = await sue.post('/api/v1/companies', { name: 'Globex' });
    expect(company.statusCode, company.body).toBe(201);
    const companyId = company.json<{ id: string }>().id;
    const theirs = await sue.post('/api/v1/contacts', { lastName: 'Simpson', companyId });
    const stranger = await sue.post('/api/v1/contacts', { lastName: 'Stranger' });
    const lead = await newLead(max, nine);
    await ok(sue, lead.id, 'take');
    await unchanged(lead.id, async () => {
      const res = await act(sue, lead.id, 'convert', {
        generateOpportunity: false,
        convert: { company: 'existing', companyId, contact: 'existing', contactIds: [stranger.json().id] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json<{ errors: { field: string; code: string }[] }>().errors).toMatchObject([
        { field: 'convert.contactIds.0', code: 'wrong_company' },
      ]);
      // Owners are CRM staff: a partner's employee or an unknown user cannot be assigned.
      const reassign = await act(sue, lead.id, 'reassign', { ownerId: pat.userId });
      expect(reassign.statusCode).toBe(422);
    });
    const won = await ok(sue, lead.id, 'convert', {
      generateOpportunity: false,
      convert: { company: 'existing', companyId, contact: 'existing', contactIds: [theirs.json().id] },
    });
    expect(won).toMatchObject({
      phase: 'won',
      opportunityId: null,
      convertedCompanyId: companyId,
      convertedContactId: theirs.json().id,
    });
    expect(won.opportunity).toBeUndefined();
  });

  it('a retried action with the same Idempotency-Key happens once', async () => {
    const lead = await newLead(max);
    const key = { 'idempotency-key': `assign-${lead.id}` };
    const first = await act(sam, lead.id, 'assign', { ownerId: sue.userId }, key);
    expect(first.statusCode).toBe(200);
    const events = (await history(lead.id)).length;
    const again = await act(sam, lead.id, 'assign', { ownerId: sue.userId }, key);
    // Without the key this would be a 409: the lead is no longer new.
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await history(lead.id)).length).toBe(events);
    expect((await act(sam, lead.id, 'assign', { ownerId: sue.userId })).statusCode).toBe(409);
  });
});
