import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, Lead } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let sam: Client;

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const newLead = async (extra: Record<string, unknown> = {}, as: Client = admin) => {
  const res = await as.post('/api/v1/leads', validLead(c, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
const lead = async (id: string) => (await admin.get(`/api/v1/leads/${id}`)).json<Lead>();
const plan = async (leadId: string, body: Record<string, unknown>, as: Client = admin) => {
  const res = await as.post(`/api/v1/leads/${leadId}/activities`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Activity>();
};
const fieldsOf = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { field: string; code: string }[] }).errors ?? []).map(
    (e) => `${e.field}:${e.code}`,
  );
const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(sql, params))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  sam = await userWith(t.app, admin, ['crm_sales']);
}, 120_000);
afterAll(() => t.close());

describe('activities on a lead', () => {
  it('plans a call with every field, reads it back by its own id and on the lead', async () => {
    const l = await newLead();
    const a = await plan(l.id, {
      type: 'call',
      subject: 'Discuss the offer',
      notes: 'Ask about the budget',
      startAt: '2030-03-01T09:30:00+01:00',
      dueAt: '2030-03-01T10:00:00+01:00',
      durationMinutes: 30,
      assigneeId: sam.userId,
    });
    expect(a).toMatchObject({
      leadId: l.id,
      leadNumber: l.number,
      leadName: l.name,
      type: 'call',
      subject: 'Discuss the offer',
      notes: 'Ask about the budget',
      startAt: '2030-03-01T08:30:00.000Z',
      dueAt: '2030-03-01T09:00:00.000Z',
      durationMinutes: 30,
      assigneeId: sam.userId,
      done: false,
      doneAt: null,
      outcome: null,
      reminderAt: null,
      createdById: admin.userId,
      version: 1,
    });
    expect((await admin.get(`/api/v1/activities/${a.id}`)).json()).toEqual(a);
    const list = (await admin.get(`/api/v1/leads/${l.id}/activities`)).json();
    expect(list).toMatchObject({ items: [a], total: 1, nextCursor: null });
    expect((await lead(l.id)).nextEventAt).toBe('2030-03-01T09:00:00.000Z');
  });

  it('assigns the creator by default and shows every change on the timeline', async () => {
    const l = await newLead();
    const a = await plan(l.id, { type: 'task', subject: 'Send the brochure' }, sam);
    expect(a.assigneeId).toBe(sam.userId);
    const done = await admin.patch(`/api/v1/activities/${a.id}`, { done: true, outcome: 'Sent by post' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ done: true, outcome: 'Sent by post', version: 2 });
    expect(Date.parse(done.json().doneAt)).toBeGreaterThan(0);
    expect((await admin.del(`/api/v1/activities/${a.id}`)).statusCode).toBe(204);
    const timeline = (await admin.get(`/api/v1/leads/${l.id}/timeline`)).json<{
      items: { kind: string; actorId: string; payload: { activityId: string; change: string } }[];
    }>();
    const changes = timeline.items
      .filter((i) => i.kind === 'activity')
      .map((i) => [i.payload.activityId, i.payload.change, i.actorId]);
    expect(changes).toEqual([
      [a.id, 'deleted', admin.userId],
      [a.id, 'done', admin.userId],
      [a.id, 'created', sam.userId],
    ]);
    expect((await admin.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(404);
  });

  it("keeps the lead's next event (earliest open) and last event (latest done) up to date", async () => {
    const l = await newLead();
    expect((await lead(l.id)).nextEventAt).toBeNull();
    const later = await plan(l.id, { type: 'meeting', subject: 'Demo', startAt: '2030-05-10T10:00:00Z' });
    const sooner = await plan(l.id, {
      type: 'call',
      subject: 'Call',
      startAt: '2030-05-01T08:00:00Z',
      dueAt: '2030-05-02T08:00:00Z',
    });
    // Without a due time, the start counts; with one, the due time.
    expect(await lead(l.id)).toMatchObject({ nextEventAt: '2030-05-02T08:00:00.000Z', lastEventAt: null });
    await admin.patch(`/api/v1/activities/${sooner.id}`, { done: true });
    expect(await lead(l.id)).toMatchObject({
      nextEventAt: '2030-05-10T10:00:00.000Z',
      lastEventAt: '2030-05-02T08:00:00.000Z',
    });
    await admin.patch(`/api/v1/activities/${later.id}`, { done: true });
    expect(await lead(l.id)).toMatchObject({ nextEventAt: null, lastEventAt: '2030-05-10T10:00:00.000Z' });
    await admin.patch(`/api/v1/activities/${later.id}`, { done: false });
    expect(await lead(l.id)).toMatchObject({
      nextEventAt: '2030-05-10T10:00:00.000Z',
      lastEventAt: '2030-05-02T08:00:00.000Z',
    });
    await admin.del(`/api/v1/activities/${later.id}`);
    expect(await lead(l.id)).toMatchObject({ nextEventAt: null, lastEventAt: '2030-05-02T08:00:00.000Z' });
  });

  it('keeps the next event right when many activities are planned at once', async () => {
    const l = await newLead();
    const days = [9, 3, 7, 5, 4, 8];
    const created = await Promise.all(
      days.map((d) =>
        admin.post(`/api/v1/leads/${l.id}/activities`, {
          type: 'task',
          subject: `Step ${d}`,
          dueAt: `2031-01-0${d}T12:00:00Z`,
        }),
      ),
    );
    expect(created.map((r) => r.statusCode)).toEqual(days.map(() => 201));
    expect((await lead(l.id)).nextEventAt).toBe('2031-01-03T12:00:00.000Z');
    const ids = created.map((r) => r.json<Activity>().id);
    await Promise.all(ids.map((id) => admin.patch(`/api/v1/activities/${id}`, { done: true })));
    expect(await lead(l.id)).toMatchObject({ nextEventAt: null, lastEventAt: '2031-01-09T12:00:00.000Z' });
  });

  it('refuses a bad activity naming every field at fault, and writes nothing', async () => {
    const l = await newLead({ leadTypeId: c.leadTypes.tender });
    await t.db.query(`UPDATE lead_types SET allowed_activity_types = '{meeting,call}' WHERE id = $1`, [
      c.leadTypes.tender,
    ]);
    const partnerUser = await userWith(t.app, admin, ['partner'], {
      partnerCompanyId: c.partners.partnerA,
    });
    const before = await count('SELECT count(*)::int AS n FROM activities');
    const res = await admin.post(`/api/v1/leads/${l.id}/activities`, {
      type: 'task',
      subject: 'x',
      startAt: '2030-01-02T10:00:00Z',
      dueAt: '2030-01-01T10:00:00Z',
      assigneeId: partnerUser.userId,
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res).sort()).toEqual([
      'assigneeId:not_crm_user',
      'dueAt:before_start',
      'type:not_allowed',
    ]);
    const shape = await admin.post(`/api/v1/leads/${l.id}/activities`, {
      type: 'sms',
      subject: '  ',
      dueAt: 'tomorrow',
      durationMinutes: -5,
    });
    expect(shape.statusCode).toBe(422);
    expect(
      fieldsOf(shape)
        .map((f) => f.split(':')[0])
        .sort(),
    ).toEqual(['dueAt', 'durationMinutes', 'subject', 'type']);
    const unknown = await admin.post(`/api/v1/leads/${l.id}/activities`, {
      type: 'call',
      subject: 'x',
      assigneeId: randomUUID(),
      reminderAt: inMinutes(5),
    });
    expect(fieldsOf(unknown)).toEqual(['assigneeId:not_found']);
    const retired = await userWith(t.app, admin, ['crm_sales']);
    await admin.patch(`/api/v1/users/${retired.userId}`, { active: false });
    const inactive = await admin.post(`/api/v1/leads/${l.id}/activities`, {
      type: 'call',
      subject: 'x',
      assigneeId: retired.userId,
    });
    expect(fieldsOf(inactive)).toEqual(['assigneeId:inactive']);
    const noOne = await admin.post(`/api/v1/leads/${l.id}/activities`, {
      type: 'call',
      subject: 'x',
      assigneeId: null,
      reminderAt: inMinutes(5),
    });
    expect(fieldsOf(noOne)).toEqual(['reminderAt:no_assignee']);
    expect(await count('SELECT count(*)::int AS n FROM activities')).toBe(before);
    expect((await lead(l.id)).nextEventAt).toBeNull();
    // The allowed types are fine.
    await plan(l.id, { type: 'meeting', subject: 'Kick-off', startAt: '2030-01-01T10:00:00Z' });
    await t.db.query(`UPDATE lead_types SET allowed_activity_types = '{}' WHERE id = $1`, [
      c.leadTypes.tender,
    ]);
  });

  it('guards changes with If-Match: a stale version answers 412 and changes nothing', async () => {
    const l = await newLead();
    const a = await plan(l.id, { type: 'call', subject: 'First', dueAt: '2030-02-01T10:00:00Z' });
    const ok = await admin.patch(`/api/v1/activities/${a.id}`, { subject: 'Second' }, { 'if-match': '1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await admin.patch(
      `/api/v1/activities/${a.id}`,
      { subject: 'Third', dueAt: '2030-01-01T10:00:00Z' },
      { 'if-match': '1' },
    );
    expect(stale.statusCode).toBe(412);
    expect((await admin.get(`/api/v1/activities/${a.id}`)).json()).toMatchObject({
      subject: 'Second',
      version: 2,
    });
    expect((await lead(l.id)).nextEventAt).toBe('2030-02-01T10:00:00.000Z');
    // Of two saves from the same version, one wins and the other is told.
    const both = await Promise.all(
      ['A', 'B'].map((s) => admin.patch(`/api/v1/activities/${a.id}`, { subject: s }, { 'if-match': '2' })),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 412]);
  });

  it('refuses changes on an inactive lead with 409', async () => {
    const l = await newLead();
    const a = await plan(l.id, { type: 'call', subject: 'Before' });
    await admin.post(`/api/v1/leads/${l.id}/actions/deactivate`, {});
    expect(
      (await admin.post(`/api/v1/leads/${l.id}/activities`, { type: 'call', subject: 'x' })).statusCode,
    ).toBe(409);
    expect((await admin.patch(`/api/v1/activities/${a.id}`, { done: true })).statusCode).toBe(409);
    expect((await admin.del(`/api/v1/activities/${a.id}`)).statusCode).toBe(409);
    expect((await admin.get(`/api/v1/activities/${a.id}`)).json().done).toBe(false);
  });

  it('answers 404 for an unknown lead or activity', async () => {
    const id = randomUUID();
    expect((await admin.get(`/api/v1/leads/${id}/activities`)).statusCode).toBe(404);
    expect(
      (await admin.post(`/api/v1/leads/${id}/activities`, { type: 'call', subject: 'x' })).statusCode,
    ).toBe(404);
    expect((await admin.get(`/api/v1/activities/${id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/activities/${id}`, { done: true })).statusCode).toBe(404);
    expect((await admin.del(`/api/v1/activities/${id}`)).statusCode).toBe(404);
  });
});

describe('the agenda', () => {
  it("lists a user's overdue, today's and this week's activities, soonest first, page by page", async () => {
    const kim = await userWith(t.app, admin, ['crm_sales']);
    const l = await newLead();
    const mk = (subject: string, dueAt: string, extra: Record<string, unknown> = {}) =>
      plan(l.id, { type: 'task', subject, dueAt, assigneeId: kim.userId, ...extra });
    const overdue = await mk('Overdue', inMinutes(-3 * 24 * 60));
    const doneLate = await mk('Done late', inMinutes(-2 * 24 * 60), { done: true });
    const now = new Date();
    const endOfToday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 59));
    const today = await mk('Today', endOfToday.toISOString());
    const inThreeDays = await mk('In three days', inMinutes(3 * 24 * 60));
    await mk('In ten days', inMinutes(10 * 24 * 60));
    await plan(l.id, { type: 'task', subject: 'Not mine', dueAt: inMinutes(60), assigneeId: admin.userId });

    const subjects = async (q: string) =>
      (await kim.get(`/api/v1/activities?assignee=me&${q}`))
        .json<{ items: Activity[] }>()
        .items.map((a) => a.subject);
    expect(await subjects('due=overdue')).toEqual([overdue.subject]);
    expect(await subjects('due=today')).toEqual([today.subject]);
    expect(await subjects('due=week')).toEqual([today.subject, inThreeDays.subject]);
    expect(await subjects('done=true')).toEqual([doneLate.subject]);
    expect((await kim.get(`/api/v1/activities?assignee=me`)).json().total).toBe(5);
    // The same list as someone else's agenda, by id.
    expect(
      (await admin.get(`/api/v1/activities?assignee=${kim.userId}&due=overdue`))
        .json()
        .items.map((a: Activity) => a.id),
    ).toEqual([overdue.id]);

    // Pages of two: every activity once, in order.
    const seen: Activity[] = [];
    let cursor: string | null = null;
    do {
      const res = await kim.get(
        `/api/v1/activities?assignee=me&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.map((a) => a.subject)).toEqual([
      'Overdue',
      'Done late',
      'Today',
      'In three days',
      'In ten days',
    ]);
    expect((await kim.get('/api/v1/activities?due=soon')).statusCode).toBe(400);
    expect((await kim.get('/api/v1/activities?tz=Mars/Olympus')).statusCode).toBe(400);
    expect((await kim.get('/api/v1/activities?assignee=me&due=today&tz=Pacific/Kiritimati')).statusCode).toBe(
      200,
    );
  });

  it('filters and sorts the lead list on the next event, and finds the leads with no next step', async () => {
    const tag = `nextstep-${randomUUID().slice(0, 8)}`;
    const planned = await newLead({ tags: [tag] });
    const idle = await newLead({ tags: [tag] });
    const soon = await newLead({ tags: [tag] });
    await plan(planned.id, { type: 'call', subject: 'x', dueAt: '2032-06-10T10:00:00Z' });
    await plan(soon.id, { type: 'call', subject: 'x', dueAt: '2032-06-01T10:00:00Z' });
    const ids = async (q: string) =>
      (await admin.get(`/api/v1/leads?tag=${tag}&${q}`)).json<{ items: Lead[] }>().items.map((l) => l.id);
    expect(await ids('hasNextEvent=false')).toEqual([idle.id]);
    expect(await ids('hasNextEvent=true&sort=nextEventAt')).toEqual([soon.id, planned.id]);
    expect(await ids('nextEventFrom=2032-06-05&nextEventTo=2032-06-10')).toEqual([planned.id]);
    expect(await ids('view=open&hasNextEvent=false')).toEqual([idle.id]);
  });
});

describe('who may see activities', () => {
  it("follows the lead's visibility: another team's user gets 404 by every path", async () => {
    const unitA = (await admin.post('/api/v1/units', { name: 'North' })).json<{ id: string }>().id;
    const unitB = (await admin.post('/api/v1/units', { name: 'South' })).json<{ id: string }>().id;
    const north = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
    const south = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitB] });
    const l = await newLead({ ownerId: north.userId, unitId: unitA });
    const a = await plan(l.id, { type: 'call', subject: 'Private call', dueAt: inMinutes(-60) }, north);
    const settings = (await admin.get('/api/v1/settings')).json();
    expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
    try {
      expect((await south.get(`/api/v1/leads/${l.id}/activities`)).statusCode).toBe(404);
      expect(
        (await south.post(`/api/v1/leads/${l.id}/activities`, { type: 'call', subject: 'x' })).statusCode,
      ).toBe(404);
      expect((await south.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(404);
      expect((await south.patch(`/api/v1/activities/${a.id}`, { done: true })).statusCode).toBe(404);
      expect((await south.del(`/api/v1/activities/${a.id}`)).statusCode).toBe(404);
      const all = (await south.get(`/api/v1/activities?assignee=${north.userId}`)).json();
      expect(all).toMatchObject({ items: [], total: 0 });
      expect((await south.get(`/api/v1/activities?leadId=${l.id}`)).json().total).toBe(0);
      // The owner still works it.
      expect((await north.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(200);
      expect((await north.get('/api/v1/activities?assignee=me&due=overdue')).json().items).toHaveLength(1);
      expect((await admin.get(`/api/v1/activities/${a.id}`)).json().done).toBe(false);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
  });

  it('asks for a signed-in user', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/activities' })).statusCode).toBe(401);
  });
});
