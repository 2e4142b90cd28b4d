import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Activity } from '@leadline/contract';
import type { Database } from '../../db/client';
import { notFound } from '../../http/errors';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import type { ActivitiesService } from '../activities/activities.service';
import { createAuthRepository } from '../auth';
import { createCalendarFeedRepository } from './calendar-feed.repository';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
/** The path of a feed; the token is its only secret. */
export const feedPath = (token: string) => `/api/v1/calendar/${token}.ics`;
/** How many of the user's activities a feed holds, newest first. */
const FEED_SIZE = 500;

/**
 * The iCalendar feed of a user's activities for Outlook or Google Calendar: a secret URL, made again or
 * revoked by its owner. The feed shows what the user may see now (access is checked as on every request).
 */
export function createCalendarFeedService({
  db,
  activities,
}: {
  db: Database;
  activities: Pick<ActivitiesService, 'list'>;
}) {
  const mayHaveFeed = (p: Principal) => {
    if (!isCrmUser(p) || p.via !== 'session') throw notFound('calendar feed');
  };
  return {
    async status(p: Principal) {
      mayHaveFeed(p);
      const feed = await createCalendarFeedRepository(db).get(p.userId);
      return { active: feed !== undefined, createdAt: feed?.createdAt ?? null };
    },
    /** A new secret URL; the previous one, if any, stops working. The token is shown only now. */
    async renew(p: Principal) {
      mayHaveFeed(p);
      const token = randomBytes(24).toString('base64url');
      const { createdAt } = await createCalendarFeedRepository(db).replace(p.userId, hashOf(token));
      return { active: true, createdAt, path: feedPath(token) };
    },
    async revoke(p: Principal) {
      mayHaveFeed(p);
      await createCalendarFeedRepository(db).remove(p.userId);
    },
    /** The feed's text, or 404 for an unknown or revoked token. */
    async feed(token: string) {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound('calendar feed');
      const userId = await createCalendarFeedRepository(db).userOf(hashOf(token));
      const row = userId ? await createAuthRepository(db).principalByUserId(userId) : undefined;
      if (!row) throw notFound('calendar feed');
      const p: Principal = {
        userId: row.id,
        name: row.name,
        email: row.email,
        roles: row.roles,
        unitIds: row.unit_ids,
        partnerCompanyId: row.partner_company_id,
        via: 'session',
      };
      const page = await activities.list(p, {
        assignee: 'me',
        limit: FEED_SIZE,
        sort: '-dueAt',
        count: false,
      });
      return renderFeed(p.name, page.items);
    },
  };
}
export type CalendarFeedService = ReturnType<typeof createCalendarFeedService>;

export function renderFeed(userName: string, items: Activity[]) {
  const cal = ical({ name: `Leadline — ${userName}`, prodId: { company: 'Leadline', product: 'Leadline' } });
  cal.method(ICalCalendarMethod.PUBLISH);
  for (const a of items) {
    const at = a.startAt ?? a.dueAt;
    if (!at) continue;
    const start = new Date(at);
    const end =
      a.startAt && a.dueAt && a.dueAt > a.startAt
        ? new Date(a.dueAt)
        : new Date(start.getTime() + (a.durationMinutes ?? 30) * 60_000);
    cal.createEvent({
      id: `${a.id}@leadline`,
      start,
      end,
      summary: `${a.done ? '✓ ' : ''}${a.subject} — ${a.leadNumber} ${a.leadName}`,
      description: [a.notes, a.outcome].filter(Boolean).join('\n\n') || undefined,
      lastModified: new Date(a.updatedAt),
    });
  }
  return cal.toString();
}
