import { reportNames } from '@leadline/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { finished, upload } from '../intake/import-fixtures';

/**
 * An administrator's reports over every lead are read from the per-day counts and facts; a sales user's
 * under visibility 'team' from the leads and their history. With every lead in that user's unit both
 * see the same leads, so after each change a lead goes through (status change, reassign, close, reopen,
 * merge, delete, a history moved in time, a day passing) both must answer the same figures.
 */
let t: TestApp;
let admin: Client;
let seller: Client & { userId: string };
let other: Client & { userId: string };
let unit: string;
let email: string;
let call: string;
let nonTarget: string;
let direction: string;
const status: Record<string, string> = {};
const leads: string[] = [];

const q = <T>(sql: string, params: unknown[] = []) => t.db.query<T & Record<string, unknown>>(sql, params);
const today = () => new Date().toISOString().slice(0, 10);

/** Arrays in a stable order and averages to the millisecond, so that equal figures compare equal. */
function normal(v: unknown): unknown {
  if (Array.isArray(v))
    return v.map(normal).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]));
  if (typeof v === 'number') return Math.round(v * 1000) / 1000;
  return v;
}

async function expectSameFigures(step: string) {
  // Leads move between units with their owners; the comparison needs every one in the seller's unit.
  await q('UPDATE leads SET unit_id = $1', [unit]);
  const queries = ['', `from=${today()}`, `sourceId=${email}`, `ownerId=${other.userId}`, 'to=2020-01-01'];
  for (const fold of [false, true]) {
    if (fold) await q('SELECT fold_report_day_counts(), fold_report_day_facts()');
    for (const name of reportNames)
      for (const query of queries) {
        const url = `/api/v1/reports/${name}?${query}`;
        const [a, s] = await Promise.all([admin.get(url), seller.get(url)]);
        expect(a.statusCode, a.body).toBe(200);
        expect(normal(a.json()), `${step}: ${name}?${query}${fold ? ' (folded)' : ''}`).toEqual(
          normal(s.json()),
        );
      }
  }
}

async function act(id: string, action: string, body: unknown) {
  const res = await admin.post(`/api/v1/leads/${id}/actions/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  unit = (await admin.post('/api/v1/units', { name: 'Everyone' })).json<{ id: string }>().id;
  seller = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unit] });
  other = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unit] });
  for (const r of await q<{ id: string; name: string }>('SELECT id, name FROM lead_statuses'))
    status[r.name] = r.id;
  [{ id: email }] = await q<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Email'`);
  [{ id: call }] = await q<{ id: string }>(`SELECT id FROM lead_sources WHERE name = 'Call'`);
  [{ id: nonTarget }] = await q<{ id: string }>(
    `SELECT id FROM disqualification_codes WHERE name = 'Non-target client'`,
  );
  [{ id: direction }] = await q<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Software') RETURNING id`,
  );
  for (const [i, sourceId] of [email, email, call, call, email].entries()) {
    const res = await admin.post('/api/v1/leads', {
      name: `Aggregate ${i}`,
      sourceId,
      salesDirectionId: direction,
      prospectType: 'person',
      newContact: true,
      firstName: 'Ada',
      lastName: `Aggregate ${i}`,
      goal: 'Grow',
      implementationOptions: 'Cloud',
      procurementProcedure: 'Direct',
      decisionLevel: 'Board',
      terms: 'Q1',
      decisionMaker: 'CEO',
      selectionCriteria: 'Price',
      complianceWithCriteria: 'High',
      channel: 'Direct',
    });
    expect(res.statusCode, res.body).toBe(201);
    leads.push(res.json<{ id: string }>().id);
  }
  expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
}, 240_000);
afterAll(() => t.close());

describe('the per-day figures behind the reports', { timeout: 240_000 }, () => {
  it('stay equal to the figures counted from the leads after every kind of change', async () => {
    const [a, b, c, d, e] = leads;
    await expectSameFigures('created');

    await act(a, 'assign', { ownerId: seller.userId });
    await act(b, 'assign', { ownerId: seller.userId });
    await act(c, 'assign', { ownerId: other.userId });
    await act(a, 'move', { statusId: status['Sales qualification'] });
    await expectSameFigures('assigned and moved');

    await act(b, 'reassign', { ownerId: other.userId });
    // Overdue, and one with a next step.
    await q(`UPDATE leads SET expected_completion_date = current_date - 3 WHERE id = ANY ($1)`, [[b, c]]);
    await q(`UPDATE leads SET next_event_at = now() + interval '1 day' WHERE id = $1`, [c]);
    await expectSameFigures('reassigned, overdue');

    await act(a, 'qualify', { opportunity: { city: 'Oslo' } });
    await act(b, 'disqualify', { codeId: nonTarget, reason: 'Too small' });
    await act(c, 'drop', { reason: 'Duplicate request' });
    await expectSameFigures('closed');

    await act(c, 'reopen', { statusId: status['Marketing qualification'] });
    await act(b, 'reopen', { statusId: status['Marketing qualification'] });
    await act(b, 'drop', { reason: 'Changed their mind' });
    await expectSameFigures('reopened');

    // The history moved back in time, and a lead's creation with it.
    await q(`UPDATE lead_events SET at = at - interval '40 days' WHERE lead_id = $1`, [b]);
    await q(`UPDATE leads SET created_at = created_at - interval '50 days' WHERE id = $1`, [b]);
    await expectSameFigures('history moved');

    const merged = await admin.post('/api/v1/leads/merge', { keepId: d, mergeIds: [e], fields: {} });
    expect(merged.statusCode, merged.body).toBe(200);
    await expectSameFigures('merged');

    expect((await admin.del(`/api/v1/leads/${b}`)).statusCode).toBe(204);
    await expectSameFigures('deleted');

    // A day passes: a lead due today is overdue tomorrow, though nothing about it changes.
    await q(`UPDATE report_owner_today SET day = current_date - 1`);
    await q(`UPDATE leads SET expected_completion_date = current_date - 1, owner_id = $2 WHERE id = $1`, [
      d,
      other.userId,
    ]);
    const owners = await admin.get(`/api/v1/reports/owners?ownerId=${other.userId}`);
    expect(owners.json<{ owners: { overdue: number }[] }>().owners[0].overdue).toBe(2);
    await expectSameFigures('a day passed');

    // An import writes its leads and their history a statement per chunk; some come with an owner, a
    // target amount and a date already past, some in another source.
    const csv = [
      'Name;First name;Last name;Source;Owner;Amount;Expected',
      ...Array.from({ length: 30 }, (_, i) =>
        [
          `Imported ${i}`,
          'Ada',
          `Person ${i}`,
          i % 3 ? 'Email' : 'Call',
          i % 2 ? (i % 4 === 1 ? seller.userId : other.userId) : '',
          i % 5 ? String(100 * i) : '',
          i % 7 ? '' : '2020-01-01',
        ].join(';'),
      ),
    ].join('\n');
    const started = await upload(
      admin,
      {
        mapping: {
          Name: 'name',
          'First name': 'firstName',
          'Last name': 'lastName',
          Source: 'sourceId',
          Owner: 'ownerId',
          Amount: 'targetAmount',
          Expected: 'expectedCompletionDate',
        },
        defaults: { salesDirectionId: direction },
      },
      { name: 'leads.csv', content: csv },
    );
    expect(started.statusCode, started.body).toBe(202);
    const importId = started.json<{ id: string }>().id;
    const imported = await finished(admin, importId);
    expect(imported, (await admin.get(`/api/v1/imports/${importId}/rejects.csv`)).body).toMatchObject({
      state: 'done',
      created: 30,
      rejected: 0,
    });
    await expectSameFigures('imported');

    // History written many entries a statement, two of them for one lead.
    const [f, g] = (
      await q<{ id: string }>(`SELECT id FROM leads WHERE name LIKE 'Imported %' ORDER BY name LIMIT 2`)
    ).map((r) => r.id);
    await q(
      `INSERT INTO lead_events (lead_id, kind, field, old_value, new_value, at)
       VALUES ($1, 'changed', 'statusId', to_jsonb($3::text), to_jsonb($4::text), now() - interval '2 days'),
              ($1, 'changed', 'phase', '"new"', '"won"', now() - interval '1 day'),
              ($2, 'changed', 'statusId', to_jsonb($3::text), to_jsonb($4::text), now()),
              ($2, 'commented', NULL, NULL, NULL, now())`,
      [f, g, status['To be processed'], status['Sales qualification']],
    );
    await expectSameFigures('history in one statement');
  });
});
