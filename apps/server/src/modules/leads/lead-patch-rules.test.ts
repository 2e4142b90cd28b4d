import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phase, Role } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

/**
 * SPEC section 9: owner, unit and active change only through the actions' rules, whatever the route.
 * PATCH is checked against the action it stands for on a twin lead: for every role, relation and phase
 * the answer must be the Assign / Reassign answer, and an allowed change is recorded as that action.
 */

type Relation = 'owner' | 'not-owner' | 'unit-queue' | 'partner';
const roles: Role[] = ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer', 'partner'];
const relations: Relation[] = ['owner', 'not-owner', 'unit-queue', 'partner'];
const phases: Phase[] = ['new', 'in_progress', 'won', 'lost', 'dropped'];

let t: TestApp;
let admin: Client;
const actors = {} as Record<Role, Client>;
let other: Client;
let target: Client;
let unitId: string;
let otherUnitId: string;
let agreementId: string;
let partnerCompanyId: string;
let sourceId: string;
let directionId: string;
const statusOf = {} as Record<Phase, string>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const q = <T>(sql: string, params: unknown[] = []) => t.db.query<T & Record<string, unknown>>(sql, params);
  unitId = (await admin.post('/api/v1/units', { name: 'Inside sales' })).json().id;
  otherUnitId = (await admin.post('/api/v1/units', { name: 'Field sales' })).json().id;
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
  for (const r of await q<{ id: string; phase: Phase }>(
    'SELECT id, phase FROM lead_statuses ORDER BY position',
  ))
    statusOf[r.phase] ??= r.id;
  for (const role of roles)
    actors[role] = await userWith(
      t.app,
      admin,
      [role],
      role === 'partner' ? { partnerCompanyId } : { unitIds: [unitId] },
    );
  other = await userWith(t.app, admin, ['crm_sales']);
  target = await userWith(t.app, admin, ['crm_sales']);
}, 180_000);
afterAll(() => t.close());

/** A lead straight into the table, with an existing company and contact so that PATCH's rules pass. */
async function leadFor(actor: Client, rel: Relation, phase: Phase, active = true) {
  const [{ id: companyId }] = await t.db.query<{ id: string }>(
    `INSERT INTO companies (name, type) VALUES ('Acme', 'prospect') RETURNING id`,
  );
  const [{ id: contactId }] = await t.db.query<{ id: string }>(
    `INSERT INTO contacts (last_name, company_id) VALUES ('Doe', $1) RETURNING id`,
    [companyId],
  );
  const owner = rel === 'owner' ? actor.userId : rel === 'unit-queue' ? null : other.userId;
  const [{ id }] = await t.db.query<{ id: string }>(
    `INSERT INTO leads (name, source_id, status_id, phase, owner_id, unit_id, partnership_agreement_id,
                        partner_company_id, sales_direction_id, active, company_id, contact_id)
     VALUES ('Patch lead', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      sourceId,
      statusOf[phase],
      phase,
      owner,
      rel === 'unit-queue' ? unitId : null,
      rel === 'partner' ? agreementId : null,
      rel === 'partner' ? partnerCompanyId : null,
      directionId,
      active,
      companyId,
      contactId,
    ],
  );
  return id;
}

const snapshot = async (id: string) =>
  (
    await t.db.query<{ lead: unknown; events: number }>(
      `SELECT to_jsonb(l) - 'search' AS lead,
              (SELECT count(*)::int FROM lead_events e WHERE e.lead_id = l.id) AS events
         FROM leads l WHERE l.id = $1`,
      [id],
    )
  )[0];

const actionOf = (phase: Phase) => (phase === 'new' ? 'assign' : 'reassign');

describe('PATCH of owner and unit follows Assign / Reassign', { timeout: 240_000 }, () => {
  it.each(roles)('%s: answers as the action would, for every relation and phase', async (role) => {
    const actor = actors[role];
    const failures: string[] = [];
    for (const rel of relations)
      for (const phase of phases) {
        const where = `${role} (${rel}) on a ${phase} lead`;
        const twin = await leadFor(actor, rel, phase);
        const viaAction = await actor.post(`/api/v1/leads/${twin}/actions/${actionOf(phase)}`, {
          ownerId: target.userId,
        });
        for (const body of [{ ownerId: target.userId }, { unitId: otherUnitId }]) {
          const id = await leadFor(actor, rel, phase);
          const before = await snapshot(id);
          const res = await actor.patch(`/api/v1/leads/${id}`, body);
          const field = Object.keys(body)[0];
          const want = viaAction.statusCode;
          if (res.statusCode !== want) {
            failures.push(
              `${where}, ${field}: ${res.statusCode} instead of ${want}: ${res.body.slice(0, 160)}`,
            );
            continue;
          }
          if (want !== 200) {
            if (JSON.stringify(await snapshot(id)) !== JSON.stringify(before))
              failures.push(`${where}, ${field}: refused but changed the lead`);
            continue;
          }
          const lead = res.json<{ ownerId: string | null; unitId: string | null; phase: Phase }>();
          if (field === 'ownerId') {
            if (lead.ownerId !== target.userId) failures.push(`${where}: owner not changed`);
            // Assign moves a new lead on, as the action does.
            if (lead.phase !== viaAction.json<{ phase: Phase }>().phase)
              failures.push(`${where}: phase ${lead.phase} where the action gave ${viaAction.json().phase}`);
          } else if (lead.unitId !== otherUnitId) failures.push(`${where}: unit not changed`);
          const timeline = (await actor.get(`/api/v1/leads/${id}/timeline`)).json<{
            items: { kind: string; payload?: { action?: string } }[];
          }>();
          if (!timeline.items.some((i) => i.kind === 'action' && i.payload?.action === actionOf(phase)))
            failures.push(`${where}, ${field}: no ${actionOf(phase)} in the history`);
        }
      }
    expect(failures).toEqual([]);
  });

  it('a marketeer refused Assign cannot make anyone owner by PATCH, even in a burst', async () => {
    const id = await leadFor(actors.crm_marketeer, 'not-owner', 'new');
    const before = await snapshot(id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        actors.crm_marketeer.patch(`/api/v1/leads/${id}`, {
          ownerId: i % 2 ? target.userId : actors.crm_marketeer.userId,
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(403));
    expect(await snapshot(id)).toEqual(before);
  });

  it('a manager refused Reassign cannot change the owner by PATCH', async () => {
    const id = await leadFor(actors.crm_manager, 'not-owner', 'in_progress');
    const res = await actors.crm_manager.patch(`/api/v1/leads/${id}`, { ownerId: actors.crm_manager.userId });
    expect(res.statusCode).toBe(403);
    expect((await admin.get(`/api/v1/leads/${id}`)).json().ownerId).toBe(other.userId);
  });
});

describe('status, phase and active are read-only in PATCH', () => {
  it('answers 422 read_only naming each field and changes nothing', async () => {
    const id = await leadFor(admin, 'owner', 'in_progress');
    const before = await snapshot(id);
    const res = await admin.patch(`/api/v1/leads/${id}`, {
      statusId: statusOf.won,
      phase: 'won',
      active: false,
      name: 'Renamed',
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const errors = res.json<{ errors: { field: string; code: string }[] }>().errors;
    expect(
      errors
        .filter((e) => e.code === 'read_only')
        .map((e) => e.field)
        .sort(),
    ).toEqual(['active', 'phase', 'statusId']);
    expect(await snapshot(id)).toEqual(before);
  });

  it('a partner cannot deactivate their lead by PATCH, nor make themselves owner, in a burst', async () => {
    const id = await leadFor(actors.partner, 'partner', 'new');
    const before = await snapshot(id);
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => actors.partner.patch(`/api/v1/leads/${id}`, { active: false })),
      ...Array.from({ length: 5 }, () =>
        actors.partner.patch(`/api/v1/leads/${id}`, { ownerId: actors.partner.userId }),
      ),
      ...Array.from({ length: 5 }, () => actors.partner.patch(`/api/v1/leads/${id}`, { unitId })),
    ]);
    expect(answers.slice(0, 5).map((r) => r.statusCode)).toEqual(Array(5).fill(422));
    expect(answers.slice(5).map((r) => r.statusCode)).toEqual(Array(10).fill(403));
    expect(await snapshot(id)).toEqual(before);
    // What a partner may do to their lead still works.
    const edit = await actors.partner.patch(`/api/v1/leads/${id}`, { name: 'Renamed by the partner' });
    expect(edit.statusCode).toBe(200);
  });

  it('sending back the values the lead has is harmless; the actions still change them', async () => {
    const id = await leadFor(admin, 'owner', 'in_progress');
    const lead = (await admin.get(`/api/v1/leads/${id}`)).json();
    const same = await admin.patch(`/api/v1/leads/${id}`, {
      statusId: lead.statusId,
      phase: lead.phase,
      active: true,
      name: 'Same status',
    });
    expect(same.statusCode).toBe(200);
    const off = await admin.post(`/api/v1/leads/${id}/actions/deactivate`, {});
    expect(off.json().active).toBe(false);
  });

  it('bulk reaches owner and active only through the actions', async () => {
    const ids = [
      await leadFor(actors.crm_marketeer, 'not-owner', 'new'),
      await leadFor(actors.crm_marketeer, 'owner', 'new'),
    ];
    const res = await actors.crm_marketeer.post('/api/v1/leads/bulk', {
      ids,
      action: 'assign',
      params: { ownerId: target.userId },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ results: { status: number }[] }>().results.map((r) => r.status)).toEqual([403, 200]);
    const partnerBulk = await actors.partner.post('/api/v1/leads/bulk', {
      ids: [await leadFor(actors.partner, 'partner', 'new')],
      action: 'deactivate',
      params: {},
    });
    expect(partnerBulk.statusCode).toBe(403);
  });
});
