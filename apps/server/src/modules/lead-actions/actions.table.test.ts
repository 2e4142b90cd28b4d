import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadAction, Phase, Role } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * The action table, checked case by case: every action x every role x the user's
 * relation to the lead x every phase. The expected answer below is written from the table itself, not
 * from the server's rules, so a drift on either side fails here. A refused action must leave the lead,
 * its history, its opportunities and its list memberships exactly as they were.
 */

type Relation = 'owner' | 'not-owner' | 'unit-member' | 'partner';
const roles: Role[] = ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer', 'partner'];
const relations: Relation[] = ['owner', 'not-owner', 'unit-member', 'partner'];
const phases: Phase[] = ['new', 'in_progress', 'won', 'lost', 'dropped'];
const actions: LeadAction[] = [
  'assign',
  'reassign',
  'take',
  'accept',
  'move',
  'qualify',
  'convert',
  'disqualify',
  'drop',
  'reopen',
  'activate',
  'deactivate',
  'add-to-marketing-list',
];

/** What the action table answers; the order of refusals is: role, phase, state, ownership. */
function expected(action: LeadAction, role: Role, rel: Relation, phase: Phase, active = true): number {
  // A partner sees only the leads of their company's agreements, and runs no pipeline action on them.
  if (role === 'partner') return rel === 'partner' ? 403 : 404;
  const owns = rel === 'owner';
  const unitQueue = rel === 'unit-member'; // owned by the actor's unit, by no user
  const inPhase = (...ph: Phase[]) => ph.includes(phase);
  const stateRefusal = (needsUser: boolean) => (!active ? 409 : needsUser && unitQueue ? 409 : undefined);
  switch (action) {
    case 'assign':
    case 'reassign': {
      if (!inPhase(action === 'assign' ? 'new' : 'in_progress')) return 409;
      if (action === 'reassign' && !active) return 409;
      if (role === 'crm_admin' || role === 'crm_sales') return 200;
      return owns ? 200 : 403; // crm_marketeer or crm_manager who owns it
    }
    case 'take':
      return inPhase('new', 'in_progress') ? 200 : 409;
    case 'accept':
      if (!inPhase('new')) return 409;
      return unitQueue ? 200 : 409; // only a lead waiting in a unit queue
    case 'move':
      return inPhase('new', 'in_progress') ? 200 : 409;
    case 'qualify':
    case 'convert':
    case 'disqualify':
      if (!inPhase('in_progress')) return 409;
      return stateRefusal(true) ?? (owns || role === 'crm_admin' ? 200 : 403);
    case 'drop':
      if (role !== 'crm_admin' && role !== 'crm_manager') return 403;
      if (!inPhase('new', 'in_progress')) return 409;
      return stateRefusal(true) ?? 200;
    case 'reopen':
      if (role !== 'crm_admin') return 403;
      return inPhase('won', 'lost', 'dropped') ? 200 : 409;
    case 'activate':
    case 'deactivate':
      return 200;
    case 'add-to-marketing-list':
      return role === 'crm_marketeer' ? 403 : 200;
  }
}

/** The phase a successful action leaves the lead in. */
function phaseAfter(action: LeadAction, phase: Phase): Phase {
  switch (action) {
    case 'assign':
    case 'take':
    case 'accept':
    case 'move':
    case 'reopen':
      return 'in_progress';
    case 'qualify':
    case 'convert':
      return 'won';
    case 'disqualify':
      return 'lost';
    case 'drop':
      return 'dropped';
    default:
      return phase;
  }
}

let t: TestApp;
let admin: Client;
const actors = {} as Record<Role, Client>;
let other: Client;
let unitId: string;
let agreementId: string;
let partnerCompanyId: string;
let sourceId: string;
let directionId: string;
let listId: string;
let codeId: string;
const statusOf = {} as Record<Phase, string>;
let salesQualificationId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    t.db.query<T & Record<string, unknown>>(sql, params);
  const unit = await admin.post('/api/v1/units', { name: 'Inside sales' });
  expect(unit.statusCode).toBe(201);
  unitId = unit.json().id;
  [{ id: partnerCompanyId }] = await q<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ('Partner GmbH', 'partner') RETURNING id`,
  );
  const [{ id: programId }] = await q<{ id: string }>(
    `INSERT INTO partnership_programs (name) VALUES ('Resellers') RETURNING id`,
  );
  [{ id: agreementId }] = await q<{ id: string }>(
    `INSERT INTO partnership_agreements (number, partner_company_id, program_id) VALUES ('PA-1', $1, $2) RETURNING id`,
    [partnerCompanyId, programId],
  );
  [{ id: directionId }] = await q<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Software') RETURNING id`,
  );
  [{ id: sourceId }] = await q<{ id: string }>(`SELECT id FROM lead_sources ORDER BY position LIMIT 1`);
  [{ id: codeId }] = await q<{ id: string }>(
    `SELECT id FROM disqualification_codes WHERE name = 'Non-target client'`,
  );
  [{ id: listId }] = await q<{ id: string }>(
    `INSERT INTO marketing_lists (name) VALUES ('Spring fair') RETURNING id`,
  );
  for (const r of await q<{ id: string; name: string; phase: Phase }>(
    'SELECT id, name, phase FROM lead_statuses ORDER BY position',
  )) {
    statusOf[r.phase] ??= r.id;
    if (r.name === 'Sales qualification') salesQualificationId = r.id;
  }
  for (const role of roles) {
    actors[role] = await userWith(
      t.app,
      admin,
      [role],
      role === 'partner' ? { partnerCompanyId } : { unitIds: [unitId] },
    );
  }
  other = await userWith(t.app, admin, ['crm_sales']);
}, 180_000);
afterAll(() => t.close());

/** One lead straight into the table, in the given phase and relation to `actor`. */
async function leadFor(actor: Client, rel: Relation, phase: Phase, active = true) {
  const owner = rel === 'owner' ? actor.userId : rel === 'unit-member' ? null : other.userId;
  const [{ id }] = await t.db.query<{ id: string }>(
    `INSERT INTO leads (name, source_id, status_id, phase, owner_id, unit_id, partnership_agreement_id,
                        partner_company_id, sales_direction_id, active, goal, implementation_options,
                        procurement_procedure, decision_level, terms, decision_maker, selection_criteria,
                        compliance_with_criteria, channel, last_name)
     VALUES ('Table lead', $1, $2, $3, $4, $5, $6, $7, $8, $9, 'g', 'io', 'pp', 'dl', 't', 'dm', 'sc', 'cc', 'ch', 'Doe')
     RETURNING id`,
    [
      sourceId,
      statusOf[phase],
      phase,
      owner,
      rel === 'unit-member' ? unitId : null,
      rel === 'partner' ? agreementId : null,
      rel === 'partner' ? partnerCompanyId : null,
      directionId,
      active,
    ],
  );
  return id;
}

async function snapshot(id: string) {
  const [row] = await t.db.query<{ lead: unknown; events: number; opportunities: number; lists: number }>(
    `SELECT to_jsonb(l) - 'search' AS lead,
            (SELECT count(*)::int FROM lead_events e WHERE e.lead_id = l.id) AS events,
            (SELECT count(*)::int FROM opportunities o WHERE o.originating_lead_id = l.id) AS opportunities,
            (SELECT count(*)::int FROM marketing_list_members m WHERE m.lead_id = l.id) AS lists
       FROM leads l WHERE l.id = $1`,
    [id],
  );
  return row;
}

function bodyFor(action: LeadAction): Record<string, unknown> {
  switch (action) {
    case 'assign':
    case 'reassign':
      return { ownerId: other.userId };
    case 'move':
      return { statusId: salesQualificationId };
    case 'qualify':
    case 'convert':
      return { opportunity: { city: 'Berlin' } };
    case 'disqualify':
      return { codeId, reason: 'Not our market' };
    case 'drop':
      return { reason: 'Duplicate request' };
    case 'reopen':
      return { statusId: salesQualificationId };
    case 'add-to-marketing-list':
      return { marketingListId: listId };
    default:
      return {};
  }
}

/**
 * Runs every action of `list` for one role, relation and phase. The refusals share one lead (a refused
 * action changes nothing, so the next one finds it as it was) which is compared before and after; each
 * allowed action gets a fresh lead. Returns every mismatch.
 */
async function runGroup(list: LeadAction[], role: Role, rel: Relation, phase: Phase, active = true) {
  const actor = actors[role];
  const failures: string[] = [];
  const where = (action: LeadAction) =>
    `${action} by ${role} (${rel}) on ${active ? 'an active' : 'an inactive'} ${phase} lead`;
  const call = (id: string, action: LeadAction) =>
    actor.post(`/api/v1/leads/${id}/actions/${action}`, bodyFor(action));

  const refused = list.filter((a) => expected(a, role, rel, phase, active) !== 200);
  if (refused.length) {
    const id = await leadFor(actor, rel, phase, active);
    const before = await snapshot(id);
    for (const action of refused) {
      const res = await call(id, action);
      const want = expected(action, role, rel, phase, active);
      if (res.statusCode !== want)
        failures.push(`${where(action)}: ${res.statusCode} instead of ${want}: ${res.body.slice(0, 200)}`);
    }
    if (JSON.stringify(await snapshot(id)) !== JSON.stringify(before))
      failures.push(`${refused.map(where).join(', ')}: refused but changed the lead`);
  }
  for (const action of list.filter((a) => !refused.includes(a))) {
    const id = await leadFor(actor, rel, phase, active);
    const res = await call(id, action);
    if (res.statusCode !== 200) {
      failures.push(`${where(action)}: ${res.statusCode} instead of 200: ${res.body.slice(0, 200)}`);
      continue;
    }
    const lead = res.json<{ id: string; phase: Phase; active: boolean }>();
    if (lead.phase !== phaseAfter(action, phase)) failures.push(`${where(action)}: phase ${lead.phase}`);
    if (action === 'deactivate' && lead.active) failures.push(`${where(action)}: still active`);
    if ((await snapshot(id)).events === 0) failures.push(`${where(action)}: no history entry`);
  }
  return failures;
}

describe('the action table', { timeout: 120_000 }, () => {
  it.each(roles)(
    '%s: every action, relation and phase',
    async (role) => {
      const failures: string[] = [];
      for (const rel of relations)
        for (const phase of phases) failures.push(...(await runGroup(actions, role, rel, phase)));
      expect(failures).toEqual([]);
    },
    180_000,
  );

  it('an inactive lead refuses reassign, qualify, disqualify and drop and accepts the rest', async () => {
    const failures: string[] = [];
    for (const role of ['crm_admin', 'crm_manager'] as Role[])
      for (const phase of ['new', 'in_progress'] as Phase[])
        failures.push(...(await runGroup(actions, role, 'owner', phase, false)));
    expect(failures).toEqual([]);
  }, 180_000);

  it('a lead nobody may see answers 404 for every action, also under team visibility', async () => {
    const set = await admin.patch('/api/v1/settings', { visibility: 'team' });
    expect(set.statusCode).toBe(200);
    try {
      // `other` owns the lead, outside any unit: a sales or marketing colleague does not see it.
      for (const role of ['crm_sales', 'crm_marketeer'] as Role[])
        for (const action of actions) {
          const id = await leadFor(actors[role], 'not-owner', 'in_progress');
          const before = await snapshot(id);
          const res = await actors[role].post(`/api/v1/leads/${id}/actions/${action}`, bodyFor(action));
          expect(res.statusCode, `${action} by ${role}`).toBe(404);
          expect(await snapshot(id)).toEqual(before);
        }
      // Managers and admins see every lead whatever the setting.
      const id = await leadFor(actors.crm_manager, 'not-owner', 'in_progress');
      expect((await actors.crm_manager.post(`/api/v1/leads/${id}/actions/take`, {})).statusCode).toBe(200);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });

  it('an unknown lead is 404, an unknown action 400', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await admin.post(`/api/v1/leads/${missing}/actions/take`, {})).statusCode).toBe(404);
    const id = await leadFor(admin, 'owner', 'new');
    expect((await admin.post(`/api/v1/leads/${id}/actions/win`, {})).statusCode).toBe(400);
  });

  it('an API token acts with its roles', async () => {
    const make = async (roles: Role[]) => {
      const res = await admin.post('/api/v1/api-tokens', { name: `token ${roles.join()}`, roles });
      expect(res.statusCode).toBe(201);
      return res.json<{ token: string }>().token;
    };
    const call = (token: string, id: string, action: LeadAction, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/leads/${id}/actions/${action}`,
        headers: { authorization: `Bearer ${token}` },
        payload: body as object,
      });
    const manager = await make(['crm_manager']);
    const marketeer = await make(['crm_marketeer']);
    const a = await leadFor(admin, 'not-owner', 'in_progress');
    expect((await call(marketeer, a, 'drop', { reason: 'spam' })).statusCode).toBe(403);
    expect((await call(manager, a, 'drop', { reason: 'spam' })).statusCode).toBe(200);
    const b = await leadFor(admin, 'not-owner', 'new');
    expect((await call(marketeer, b, 'add-to-marketing-list', { marketingListId: listId })).statusCode).toBe(
      403,
    );
  });
});
