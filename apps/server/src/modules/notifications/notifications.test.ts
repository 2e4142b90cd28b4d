import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, Lead, Notification } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { REMINDER_JOB } from '../activities/activity-reminder';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
type Person = Client & { email: string };
let sam: Person;
let sue: Person;
let unitId: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const newLead = async (extra: Record<string, unknown> = {}, as: Client = admin) => {
  const res = await as.post('/api/v1/leads', validLead(c, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
const notificationsOf = async (who: Client) =>
  (await who.get('/api/v1/notifications?limit=500')).json<{ items: Notification[]; unread: number }>();
const about = async (who: Client, leadId: string) =>
  (await notificationsOf(who)).items.filter((n) => n.leadId === leadId).map((n) => n.kind);

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  unitId = (await admin.post('/api/v1/units', { name: 'Inside sales' })).json<{ id: string }>().id;
  sam = await userWith(t.app, admin, ['crm_sales'], { name: 'Sam Vale', unitIds: [unitId] });
  sue = await userWith(t.app, admin, ['crm_sales'], { name: 'Sue Park', unitIds: [unitId] });
}, 120_000);
afterAll(() => t.close());

describe('notifications about leads', () => {
  it('tells a user a lead was assigned to them, by any way of assigning, but not their own doing', async () => {
    const created = await newLead({ ownerId: sam.userId });
    expect(await about(sam, created.id)).toEqual(['assigned']);

    const assigned = await newLead();
    expect(
      (await admin.post(`/api/v1/leads/${assigned.id}/actions/assign`, { ownerId: sam.userId })).statusCode,
    ).toBe(200);
    expect(await about(sam, assigned.id)).toEqual(['assigned']);

    const patched = await newLead();
    expect((await admin.patch(`/api/v1/leads/${patched.id}`, { ownerId: sue.userId })).statusCode).toBe(200);
    expect(await about(sue, patched.id)).toEqual(['assigned']);
    // A save that does not change the owner tells nobody again.
    await admin.patch(`/api/v1/leads/${patched.id}`, { description: 'more' });
    expect(await about(sue, patched.id)).toEqual(['assigned']);

    const taken = await newLead();
    expect((await sam.post(`/api/v1/leads/${taken.id}/actions/take`, {})).statusCode).toBe(200);
    expect(await about(sam, taken.id)).toEqual([]);
    const [n] = (await notificationsOf(sam)).items.filter((x) => x.leadId === assigned.id);
    expect(n.text).toContain(assigned.number);
    expect(n).toMatchObject({ kind: 'assigned', readAt: null, activityId: null });
  });

  it("tells a unit's members that a lead entered their queue", async () => {
    const l = await newLead({ unitId }, sam);
    expect(await about(sue, l.id)).toEqual(['queue']);
    // The one who put it there is not told.
    expect(await about(sam, l.id)).toEqual([]);
    const moved = await newLead();
    await admin.patch(`/api/v1/leads/${moved.id}`, { unitId });
    expect(await about(sam, moved.id)).toEqual(['queue']);
    expect(await about(sue, moved.id)).toEqual(['queue']);
  });

  it('tells a user a comment mentions them, unless they may not see the lead', async () => {
    const l = await newLead({ ownerId: sam.userId, unitId });
    const res = await sam.post(`/api/v1/leads/${l.id}/comments`, {
      body: 'Hi @sue park, can you call them?',
    });
    expect(res.statusCode).toBe(201);
    expect(await about(sue, l.id)).toEqual(['mention']);
    const [n] = (await notificationsOf(sue)).items.filter((x) => x.leadId === l.id);
    expect(n.text).toContain('Sam Vale');

    const otherUnit = (await admin.post('/api/v1/units', { name: 'Far away' })).json<{ id: string }>().id;
    const stranger = await userWith(t.app, admin, ['crm_sales'], {
      name: 'Zed Stranger',
      unitIds: [otherUnit],
    });
    const settings = (await admin.get('/api/v1/settings')).json();
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      await sam.post(`/api/v1/leads/${l.id}/comments`, { body: 'FYI @Zed Stranger and @Sam Vale' });
      expect(await about(stranger, l.id)).toEqual([]);
      // Nor is the author told of their own mention.
      expect((await about(sam, l.id)).filter((k) => k === 'mention')).toEqual([]);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
  });

  it("marks the user's own notifications read and counts the unread ones", async () => {
    const kim = await userWith(t.app, admin, ['crm_sales']);
    const leads = [await newLead({ ownerId: kim.userId }), await newLead({ ownerId: kim.userId })];
    const before = await notificationsOf(kim);
    expect(before.unread).toBe(2);
    expect((await kim.get('/api/v1/notifications?unread=true')).json().total).toBe(2);
    const ids = before.items.map((n) => n.id);
    // Someone else cannot mark them.
    const other = await sam.post('/api/v1/notifications/read', { ids });
    expect(other.json()).toMatchObject({ marked: 0 });
    expect((await notificationsOf(kim)).unread).toBe(2);
    const res = await kim.post('/api/v1/notifications/read', { ids: [ids[0], randomUUID()] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ marked: 1, unread: 1 });
    const after = await notificationsOf(kim);
    expect(after.items.find((n) => n.id === ids[0])!.readAt).not.toBeNull();
    expect(after.items.find((n) => n.id === ids[1])!.readAt).toBeNull();
    expect(
      (await kim.get('/api/v1/notifications?unread=false')).json().items.map((n: Notification) => n.id),
    ).toEqual([ids[0]]);
    expect(leads).toHaveLength(2);
    expect((await kim.post('/api/v1/notifications/read', { ids: [] })).statusCode).toBe(422);
    expect((await kim.post('/api/v1/notifications/read', { ids: ['nope'] })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});

describe('reminders', () => {
  const reminders = async (who: Client, activityId: string) =>
    (await notificationsOf(who)).items.filter((n) => n.kind === 'reminder' && n.activityId === activityId);
  const mails = async (to: string, subject: string) =>
    (
      await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1 AND subject = $2',
        [to, subject],
      )
    )[0].n;

  it('reminds the assignee once at the reminder time, in the app and by e-mail, however often it was moved', async () => {
    const l = await newLead();
    const subject = `Call back ${randomUUID().slice(0, 6)}`;
    const a = (
      await admin.post(`/api/v1/leads/${l.id}/activities`, {
        type: 'call',
        subject,
        dueAt: inSeconds(3600),
        assigneeId: sam.userId,
        reminderAt: inSeconds(1),
      })
    ).json<Activity>();
    // Moved several times at once, the last time two seconds on: only that time counts.
    const moves = await Promise.all(
      [2, 2.5, 3].map((s) => admin.patch(`/api/v1/activities/${a.id}`, { reminderAt: inSeconds(s) })),
    );
    expect(moves.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const final = (await admin.get(`/api/v1/activities/${a.id}`)).json<Activity>().reminderAt!;
    await waitFor(async () => (await reminders(sam, a.id)).length > 0, 'the reminder');
    const [n] = await reminders(sam, a.id);
    expect(n.leadId).toBe(l.id);
    expect(n.text).toContain(subject);
    expect(Date.parse(n.createdAt)).toBeGreaterThanOrEqual(Date.parse(final) - 1000);
    await sleep(4000);
    expect(await reminders(sam, a.id)).toHaveLength(1);
    expect(await mails(sam.email, `Reminder: ${subject}`)).toBe(1);
  }, 40_000);

  it('sends a reminder once when its job runs many times at once', async () => {
    const l = await newLead();
    const reminderAt = inSeconds(3600);
    const a = (
      await admin.post(`/api/v1/leads/${l.id}/activities`, {
        type: 'task',
        subject: 'Duplicated job',
        assigneeId: sue.userId,
        reminderAt,
      })
    ).json<Activity>();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        t.rt.jobs.send(REMINDER_JOB, { activityId: a.id, reminderAt: a.reminderAt }),
      ),
    );
    await waitFor(async () => (await reminders(sue, a.id)).length > 0, 'the reminder');
    await sleep(3000);
    expect(await reminders(sue, a.id)).toHaveLength(1);
    expect(await mails(sue.email, 'Reminder: Duplicated job')).toBe(1);
  }, 40_000);

  it('sends nothing for a reminder cancelled, cleared or whose activity is done or deleted', async () => {
    const l = await newLead();
    const mk = async (subject: string) =>
      (
        await admin.post(`/api/v1/leads/${l.id}/activities`, {
          type: 'task',
          subject,
          assigneeId: sam.userId,
          reminderAt: inSeconds(1.5),
        })
      ).json<Activity>();
    const cleared = await mk('Cleared');
    const done = await mk('Done');
    const deleted = await mk('Deleted');
    const kept = await mk('Kept');
    await admin.patch(`/api/v1/activities/${cleared.id}`, { reminderAt: null });
    await admin.patch(`/api/v1/activities/${done.id}`, { done: true });
    await admin.del(`/api/v1/activities/${deleted.id}`);
    await waitFor(async () => (await reminders(sam, kept.id)).length > 0, 'the kept reminder');
    await sleep(2500);
    for (const a of [cleared, done, deleted]) expect(await reminders(sam, a.id)).toEqual([]);
    expect(
      (await notificationsOf(sam)).items.filter((n) => n.kind === 'reminder' && n.leadId === l.id),
    ).toHaveLength(1);
  }, 40_000);
});
