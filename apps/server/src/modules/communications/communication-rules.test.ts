import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunicationRule, Lead, Template } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { finished, upload } from '../intake/import-fixtures';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let unitId: string;
let sam: Client & { email: string };
let sue: Client & { email: string };
const status: Record<string, string> = {};

const errorsOf = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { field: string; code: string }[] }).errors ?? []).map(
    (e) => `${e.field}:${e.code}`,
  );
const newLead = async (extra: Record<string, unknown> = {}) => {
  const res = await admin.post(
    '/api/v1/leads',
    validLead(c, {
      prospectType: 'person',
      companyId: null,
      contactId: null,
      newContact: true,
      firstName: 'Olga',
      lastName: 'Petrova',
      emails: [`olga.${randomUUID().slice(0, 6)}@customer.test`],
      ...extra,
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
const act = async (id: string, action: string, body: Record<string, unknown> = {}) => {
  const res = await admin.post(`/api/v1/leads/${id}/actions/${action}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Lead>();
};
let tpl: Template;
const rule = async (body: Record<string, unknown>) => {
  const res = await admin.post('/api/v1/communication-rules', {
    name: `Rule ${randomUUID().slice(0, 8)}`,
    templateId: tpl.id,
    recipient: 'contact',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CommunicationRule>();
};
/** The messages a rule sent to a lead, as the lead's communications list shows them. */
const sentBy = async (r: CommunicationRule, leadId: string) => {
  const log = (await admin.get(`/api/v1/communication-rules/${r.id}/log`)).json<{
    items: { leadId: string; messageId: string | null; outcome: string; reason: string | null }[];
  }>().items;
  return log.filter((e) => e.leadId === leadId);
};
const messagesOf = async (leadId: string) =>
  (await admin.get(`/api/v1/leads/${leadId}/communications`)).json<{
    items: { id: string; to: string[]; subject: string; templateId: string; createdById: string | null }[];
  }>().items;

beforeAll(async () => {
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  unitId = (await admin.post('/api/v1/units', { name: 'Rules unit' })).json<{ id: string }>().id;
  sam = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitId] });
  sue = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitId] });
  for (const r of await t.db.query<{ id: string; name: string }>('SELECT id, name FROM lead_statuses'))
    status[r.name] = r.id;
  tpl = (
    await admin.post('/api/v1/templates', {
      name: 'Rule mail',
      channel: 'email',
      subject: 'About {{ lead.number }}: {{ lead.statusName }}',
      body: '<p>Dear {{ contact.firstName }}</p>',
    })
  ).json<Template>();
}, 120_000);
afterAll(() => t.close());

describe('communication rules', () => {
  it('sends the template to the contact when a lead is created, and logs it', async () => {
    const r = await rule({ event: 'created' });
    const l = await newLead();
    const [m] = await messagesOf(l.id);
    expect(m).toMatchObject({ to: l.emails, templateId: tpl.id, createdById: null });
    expect(m.subject.startsWith(`About ${l.number}`)).toBe(true);
    expect(await sentBy(r, l.id)).toEqual([
      expect.objectContaining({ messageId: m.id, outcome: 'sent', reason: null }),
    ]);
    const timeline = (await admin.get(`/api/v1/leads/${l.id}/timeline`)).json<{
      items: { kind: string }[];
    }>();
    expect(timeline.items.map((i) => i.kind)).toContain('message');
    await admin.patch(`/api/v1/communication-rules/${r.id}`, { active: false });
  });

  it('fires on entering the named status only, and on entering a phase', async () => {
    const onStatus = await rule({ event: 'status_entered', statusId: status['Sales qualification'] });
    const onPhase = await rule({ event: 'phase_entered', phase: 'in_progress' });
    const l = await newLead();
    // Assigning enters the in-progress phase at its first status, not the rule's.
    const assigned = await act(l.id, 'assign', { ownerId: sam.userId });
    expect(assigned.statusId).toBe(status['Marketing qualification']);
    expect(await sentBy(onPhase, l.id)).toHaveLength(1);
    expect(await sentBy(onStatus, l.id)).toHaveLength(0);
    await act(l.id, 'move', { statusId: status['Sales qualification'] });
    expect(await sentBy(onStatus, l.id)).toHaveLength(1);
    // Moving within the phase enters no phase.
    expect(await sentBy(onPhase, l.id)).toHaveLength(1);
    await admin.patch(`/api/v1/communication-rules/${onStatus.id}`, { active: false });
    await admin.patch(`/api/v1/communication-rules/${onPhase.id}`, { active: false });
  });

  it("tells the new owner on assignment, and the unit's members on disqualification", async () => {
    const onAssign = await rule({ event: 'assigned', recipient: 'owner' });
    const onDisqualify = await rule({ event: 'disqualified', recipient: 'unit' });
    const l = await newLead({ unitId });
    await act(l.id, 'assign', { ownerId: sue.userId });
    const [toOwner] = await sentBy(onAssign, l.id);
    const messages = await messagesOf(l.id);
    expect(messages.find((m) => m.id === toOwner.messageId)?.to).toEqual([sue.email]);
    const [code] = await t.db.query<{ id: string }>('SELECT id FROM disqualification_codes LIMIT 1');
    await act(l.id, 'disqualify', { codeId: code.id, reason: 'No budget' });
    const [toUnit] = await sentBy(onDisqualify, l.id);
    const unitMessage = (await messagesOf(l.id)).find((m) => m.id === toUnit.messageId)!;
    expect([...unitMessage.to].sort()).toEqual([sam.email, sue.email].sort());
    await admin.patch(`/api/v1/communication-rules/${onAssign.id}`, { active: false });
    await admin.patch(`/api/v1/communication-rules/${onDisqualify.id}`, { active: false });
  });

  it('fires for every imported lead it matches, the chunk heard of at once', async () => {
    const onCreate = await rule({ event: 'created' });
    const onAssign = await rule({ event: 'assigned', recipient: 'owner' });
    const csv = [
      'Name;First name;Last name;E-mail;Owner',
      `Imported one;Ivan;Importov;ivan.${randomUUID().slice(0, 6)}@customer.test;${sam.email}`,
      `Imported two;Inna;Importova;inna.${randomUUID().slice(0, 6)}@customer.test;`,
    ].join('\n');
    const started = await upload(
      admin,
      {
        mapping: {
          Name: 'name',
          'First name': 'firstName',
          'Last name': 'lastName',
          'E-mail': 'emails',
          Owner: 'ownerId',
        },
        defaults: { sourceId: c.sources.web, salesDirectionId: c.directions.cloud },
      },
      { name: 'rules.csv', content: csv },
    );
    expect(started.statusCode, started.body).toBe(202);
    expect(await finished(admin, started.json<{ id: string }>().id)).toMatchObject({
      state: 'done',
      created: 2,
    });
    const [one, two] = await t.db.query<{ id: string; emails: string[] }>(
      `SELECT id, emails FROM leads WHERE name IN ('Imported one', 'Imported two') ORDER BY name`,
    );
    for (const l of [one, two]) {
      const [sent] = await sentBy(onCreate, l.id);
      expect(sent, l.id).toMatchObject({ outcome: 'sent' });
      expect((await messagesOf(l.id)).find((m) => m.id === sent.messageId)?.to).toEqual(l.emails);
    }
    const [toOwner] = await sentBy(onAssign, one.id);
    expect((await messagesOf(one.id)).find((m) => m.id === toOwner.messageId)?.to).toEqual([sam.email]);
    expect(await sentBy(onAssign, two.id)).toEqual([]);
    await admin.patch(`/api/v1/communication-rules/${onCreate.id}`, { active: false });
    await admin.patch(`/api/v1/communication-rules/${onAssign.id}`, { active: false });
  });

  it('fires on qualification', async () => {
    const onQualify = await rule({ event: 'qualified' });
    const settings = (await admin.get('/api/v1/settings')).json();
    await admin.patch('/api/v1/settings', { qualificationRequiredFields: ['ownerId'] });
    try {
      const l = await newLead();
      await act(l.id, 'assign', { ownerId: admin.userId });
      await act(l.id, 'qualify', { generateOpportunity: false });
      expect(await sentBy(onQualify, l.id)).toEqual([expect.objectContaining({ outcome: 'sent' })]);
    } finally {
      await admin.patch('/api/v1/settings', {
        qualificationRequiredFields: settings.qualificationRequiredFields,
      });
      await admin.patch(`/api/v1/communication-rules/${onQualify.id}`, { active: false });
    }
  });

  it('honours Do not email: the change goes through, the rule logs why it sent nothing', async () => {
    const r = await rule({ event: 'created' });
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox'))[0].n;
    const l = await newLead({ doNotEmail: true });
    expect(await messagesOf(l.id)).toEqual([]);
    const [entry] = await sentBy(r, l.id);
    expect(entry).toMatchObject({ outcome: 'skipped', messageId: null });
    expect(entry.reason).toContain('doNotEmail');
    const noAddress = await newLead({ emails: [] });
    expect((await sentBy(r, noAddress.id))[0].reason).toContain('emails');
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_outbox'))[0].n).toBe(before);
    await admin.patch(`/api/v1/communication-rules/${r.id}`, { active: false });
    // An inactive rule sends nothing.
    const later = await newLead();
    expect(await sentBy(r, later.id)).toEqual([]);
  });

  it('fires for each lead of a batch, and sends nothing for a batch item refused', async () => {
    const r = await rule({ event: 'created' });
    const res = await admin.post('/api/v1/leads/batch', {
      items: [
        validLead(c, {
          name: 'Batch one',
          prospectType: 'person',
          companyId: null,
          contactId: null,
          newContact: true,
          firstName: 'A',
          lastName: 'B',
          emails: ['one@batch.test'],
        }),
        { name: '' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [first, second] = res.json<{ results: { status: number; lead?: Lead }[] }>().results;
    expect([first.status, second.status]).toEqual([201, 422]);
    expect(await sentBy(r, first.lead!.id)).toHaveLength(1);
    const log = (await admin.get(`/api/v1/communication-rules/${r.id}/log`)).json<{ items: unknown[] }>()
      .items;
    expect(log).toHaveLength(1);
    await admin.patch(`/api/v1/communication-rules/${r.id}`, { active: false });
  });

  it('refuses a rule that cannot work, naming every field, and lets administrators only write rules', async () => {
    const sms = (
      await admin.post('/api/v1/templates', { name: 'Rule sms', channel: 'sms', body: 'Hi' })
    ).json<Template>();
    const bad = await admin.post('/api/v1/communication-rules', {
      name: 'Bad',
      event: 'created',
      statusId: randomUUID(),
      phase: 'won',
      templateId: sms.id,
      recipient: 'owner',
    });
    expect(bad.statusCode).toBe(422);
    expect(errorsOf(bad).sort()).toEqual(
      [
        'recipient:sms_to_staff',
        'statusId:not_applicable',
        'statusId:not_found',
        'phase:not_applicable',
      ].sort(),
    );
    const unknown = await admin.post('/api/v1/communication-rules', {
      name: 'Bad 2',
      event: 'sometimes',
      templateId: randomUUID(),
      recipient: 'contact',
    });
    expect(unknown.statusCode).toBe(422);
    const missingTemplate = await admin.post('/api/v1/communication-rules', {
      name: 'Bad 3',
      event: 'created',
      templateId: randomUUID(),
      recipient: 'contact',
    });
    expect(errorsOf(missingTemplate)).toEqual(['templateId:not_found']);
    expect(
      (
        await sam.post('/api/v1/communication-rules', {
          name: 'x',
          event: 'created',
          templateId: tpl.id,
          recipient: 'contact',
        })
      ).statusCode,
    ).toBe(403);
    expect((await sam.get('/api/v1/communication-rules')).statusCode).toBe(200);
    // A template a rule sends cannot be deleted from under it.
    expect((await admin.del(`/api/v1/templates/${tpl.id}`)).statusCode).toBe(409);
  });
});
