import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

const anonymous = (path: string) => t.app.inject({ method: 'GET', url: path });
/** The unfolded lines of an iCalendar text. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(() => t.close());

describe('the iCalendar feed', () => {
  it("serves the user's activities at a secret URL, without signing in, until it is renewed or revoked", async () => {
    const sam = await userWith(t.app, admin, ['crm_sales']);
    const other = await userWith(t.app, admin, ['crm_sales']);
    const lead = (
      await admin.post('/api/v1/leads', validLead(c, { name: 'Café Müller — поставка' }))
    ).json<Lead>();
    const plan = async (body: Record<string, unknown>) => {
      const res = await admin.post(`/api/v1/leads/${lead.id}/activities`, body);
      expect(res.statusCode, res.body).toBe(201);
    };
    await plan({
      type: 'meeting',
      subject: 'Встреча на складе',
      startAt: '2030-04-02T09:00:00+02:00',
      durationMinutes: 90,
      assigneeId: sam.userId,
    });
    await plan({
      type: 'call',
      subject: 'Not for Sam',
      dueAt: '2030-04-03T09:00:00Z',
      assigneeId: other.userId,
    });

    expect((await sam.get('/api/v1/me/calendar-feed')).json()).toEqual({ active: false, createdAt: null });
    const made = await sam.post('/api/v1/me/calendar-feed');
    expect(made.statusCode, made.body).toBe(200);
    const { path } = made.json<{ path: string }>();
    expect(path).toMatch(/^\/api\/v1\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    expect((await sam.get('/api/v1/me/calendar-feed')).json()).toMatchObject({ active: true });

    const feed = await anonymous(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const ics = unfold(feed.body);
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain(`SUMMARY:Встреча на складе — ${lead.number} Café Müller — поставка`);
    expect(ics).toContain('DTSTART:20300402T070000Z');
    expect(ics).toContain('DTEND:20300402T083000Z');
    expect(ics).not.toContain('Not for Sam');

    // A new URL ends the old one; revoking ends both.
    const renewed = (await sam.post('/api/v1/me/calendar-feed')).json<{ path: string }>().path;
    expect((await anonymous(path)).statusCode).toBe(404);
    expect((await anonymous(renewed)).statusCode).toBe(200);
    expect((await sam.del('/api/v1/me/calendar-feed')).statusCode).toBe(204);
    expect((await anonymous(renewed)).statusCode).toBe(404);
    expect((await sam.get('/api/v1/me/calendar-feed')).json()).toEqual({ active: false, createdAt: null });
  });

  it('answers 404 for a guessed token and stops with a deactivated user', async () => {
    expect((await anonymous('/api/v1/calendar/not-a-real-token-at-all-123.ics')).statusCode).toBe(404);
    expect((await anonymous('/api/v1/calendar/short.ics')).statusCode).toBe(404);
    const kim = await userWith(t.app, admin, ['crm_sales']);
    const { path } = (await kim.post('/api/v1/me/calendar-feed')).json<{ path: string }>();
    expect((await anonymous(path)).statusCode).toBe(200);
    const user = (await admin.get(`/api/v1/users/${kim.userId}`)).json<{ version: number }>();
    const off = await admin.patch(
      `/api/v1/users/${kim.userId}`,
      { active: false },
      { 'if-match': String(user.version) },
    );
    expect(off.statusCode, off.body).toBe(200);
    expect((await anonymous(path)).statusCode).toBe(404);
  });
});
