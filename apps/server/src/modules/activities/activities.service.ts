import {
  crmRoles,
  type ActivityCreate,
  type ActivityListQuery,
  type ActivityPatch,
  type FieldError,
  type Lead,
  type LeadActivitiesQuery,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { AppError, conflict, fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import type { Jobs } from '../../jobs/queue';
import { decodeCursor, encodeCursor, parseSort, type SortTerm } from '../../lib/keyset';
import {
  authorizeLeadList,
  canEditLead,
  canSeeLead,
  leadScopeSql,
  type LeadScope,
} from '../access/lead-policy';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { leadScopeOf } from '../leads/lead-context';
import { createLeadsRepository } from '../leads/leads.repository';
import { rescoreLeadById } from '../scoring';
import {
  activitySortColumns,
  createActivitiesRepository,
  publicActivity,
  type ActivityFilters,
  type ActivityRow,
  type ActivityValues,
} from './activities.repository';
import { publishWebhookEvent } from '../webhooks/webhook-outbox';
import { REMINDER_JOB, type ReminderJob } from './activity-reminder';

/** What happened to an activity, as its timeline entry tells it. */
type ActivityChange = 'created' | 'updated' | 'done' | 'reopened' | 'deleted';

const leadInactive = () =>
  conflict('This lead is inactive: activate it before changing anything else.', 'lead_inactive');

function badQuery(field: string, message: string) {
  return new AppError('bad_request', 400, message, [{ field, code: 'invalid', message }]);
}

function validTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return /^[A-Za-z0-9_+\-/]+$/.test(tz);
  } catch {
    return false;
  }
}

function pageOfActivities(rows: ActivityRow[], limit: number, terms: SortTerm[]) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return {
    items: items.map(publicActivity),
    nextCursor: more ? encodeCursor(terms, { ...last, dueAt: last.eventAt }) : null,
  };
}

/**
 * Activities planned and done on leads. Everything follows the lead: an activity of a lead the user may
 * not see answers 404, by the lead's path and by its own id. Each write locks the lead, so that its
 * next and last event dates, recomputed in the same transaction, never miss a concurrent write.
 */
export function createActivitiesService({ db, jobs }: { db: Database; jobs?: Pick<Jobs, 'send'> }) {
  /** The lead, locked, if the user may work it; 404 if they may not see it, 409 if it is inactive. */
  async function workableLead(tx: Queryable, scope: LeadScope, leadId: string): Promise<Lead> {
    const leads = createLeadsRepository(tx);
    if (!(await leads.lock(leadId))) throw notFound('lead');
    const lead = (await leads.get(leadId))!;
    if (!canSeeLead(scope, lead) || !canEditLead(scope, lead)) throw notFound('lead');
    if (!lead.active) throw leadInactive();
    return lead;
  }

  /** The activity if the user may see its lead; 404 otherwise, whether it exists or not. */
  async function visibleActivity(q: Queryable, scope: LeadScope, id: string) {
    const activity = await createActivitiesRepository(q).get(id);
    if (!activity) throw notFound('activity');
    const lead = await createLeadsRepository(q).get(activity.leadId);
    if (!lead || !canSeeLead(scope, lead)) throw notFound('activity');
    return activity;
  }

  async function check(q: Queryable, lead: Lead, v: ActivityValues): Promise<FieldError[]> {
    const repo = createActivitiesRepository(q);
    const errors: FieldError[] = [];
    if (v.assigneeId) {
      const u = await repo.assignee(v.assigneeId);
      if (!u) errors.push(fieldError('assigneeId', 'not_found', 'no such user'));
      else if (!u.active || u.is_integration)
        errors.push(fieldError('assigneeId', 'inactive', 'must be an active user'));
      else if (!u.roles.some((r) => (crmRoles as readonly string[]).includes(r)))
        errors.push(fieldError('assigneeId', 'not_crm_user', 'must be a user with a CRM role'));
    }
    if (lead.leadTypeId) {
      const allowed = await repo.allowedTypes(lead.leadTypeId);
      if (allowed.length > 0 && !allowed.includes(v.type))
        errors.push(fieldError('type', 'not_allowed', `this lead's type allows only: ${allowed.join(', ')}`));
    }
    if (v.startAt && v.dueAt && Date.parse(v.dueAt) < Date.parse(v.startAt))
      errors.push(fieldError('dueAt', 'before_start', 'must not be before startAt'));
    if (v.reminderAt && !v.assigneeId)
      errors.push(fieldError('reminderAt', 'no_assignee', 'a reminder needs an assignee to remind'));
    return errors;
  }

  async function record(tx: Queryable, actorId: string, a: ActivityRow, change: ActivityChange) {
    await createLeadsRepository(tx).addEvents(a.leadId, actorId, [
      {
        kind: 'activity',
        payload: {
          activityId: a.id,
          change,
          type: a.type,
          subject: a.subject,
          startAt: a.startAt,
          dueAt: a.dueAt,
          assigneeId: a.assigneeId,
          done: a.done,
          outcome: a.outcome,
        },
      },
    ]);
  }

  /**
   * A job at the reminder time, written in the transaction. A job whose time was changed or cancelled
   * afterwards finds the activity no longer matching and does nothing (see activity-reminder.ts).
   */
  async function scheduleReminder(tx: Queryable, a: ActivityRow) {
    if (!a.reminderAt || a.done || !a.assigneeId) return;
    if (!jobs) throw new Error('activities were built without a job queue');
    const data: ReminderJob = { activityId: a.id, reminderAt: a.reminderAt };
    const seconds = Math.max(0, Math.ceil((Date.parse(a.reminderAt) - Date.now()) / 1000));
    await jobs.send(REMINDER_JOB, data, { tx, startAfterSeconds: seconds });
  }

  const normalizeTime = (v: string | null | undefined) =>
    v == null ? null : new Date(Date.parse(v)).toISOString();

  return {
    async listForLead(p: Principal, leadId: string, query: LeadActivitiesQuery) {
      const scope = await leadScopeOf(db, p);
      const lead = await createLeadsRepository(db).get(leadId);
      if (!lead || !canSeeLead(scope, lead)) throw notFound('lead');
      const terms = parseSort(query.sort, activitySortColumns, 'dueAt', 'a.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const params: unknown[] = [leadId];
      const conditions = ['a.lead_id = $1'];
      if (query.done !== undefined) conditions.push(query.done ? 'a.done' : 'NOT a.done');
      const f: ActivityFilters = { conditions, params };
      const repo = createActivitiesRepository(db);
      const page = pageOfActivities(await repo.list(f, terms, after, query.limit), query.limit, terms);
      return query.count === false ? page : { ...page, total: await repo.count(f) };
    },

    /** The agenda and any other list across leads: only activities of leads the user may see. */
    async list(p: Principal, query: ActivityListQuery) {
      const scope = await leadScopeOf(db, p);
      authorizeLeadList(scope);
      const params: unknown[] = [];
      const arg = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const conditions = [leadScopeSql(scope, 'l', params)].filter((c) => c !== 'TRUE');
      if (query.assignee)
        conditions.push(`a.assignee_id = ${arg(query.assignee === 'me' ? p.userId : query.assignee)}`);
      if (query.leadId) conditions.push(`a.lead_id = ${arg(query.leadId)}`);
      const tz = query.tz ?? 'UTC';
      if (!validTimeZone(tz)) throw badQuery('tz', 'Unknown time zone; use an IANA name like Europe/Berlin.');
      const dayStart = () => `(date_trunc('day', now() AT TIME ZONE ${arg(tz)}) AT TIME ZONE ${arg(tz)})`;
      let done = query.done;
      switch (query.due) {
        case 'overdue':
          conditions.push('a.event_at < now()');
          done = false;
          break;
        case 'today': {
          const start = dayStart();
          conditions.push(`a.event_at >= ${start} AND a.event_at < ${start} + interval '1 day'`);
          break;
        }
        case 'week': {
          const start = dayStart();
          conditions.push(`a.event_at >= ${start} AND a.event_at < ${start} + interval '7 days'`);
          break;
        }
        default:
          break;
      }
      if (done !== undefined) conditions.push(done ? 'a.done' : 'NOT a.done');
      const terms = parseSort(query.sort, activitySortColumns, 'dueAt', 'a.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const f: ActivityFilters = { conditions, params };
      const repo = createActivitiesRepository(db);
      const page = pageOfActivities(await repo.list(f, terms, after, query.limit), query.limit, terms);
      return query.count === false ? page : { ...page, total: await repo.count(f) };
    },

    async get(p: Principal, id: string) {
      const scope = await leadScopeOf(db, p);
      return publicActivity(await visibleActivity(db, scope, id));
    },

    async create(p: Principal, leadId: string, input: ActivityCreate) {
      return db.transaction(async (tx) => {
        const scope = await leadScopeOf(tx, p);
        const lead = await workableLead(tx, scope, leadId);
        const values: ActivityValues = {
          type: input.type,
          subject: input.subject,
          notes: input.notes ?? null,
          startAt: normalizeTime(input.startAt),
          dueAt: normalizeTime(input.dueAt),
          durationMinutes: input.durationMinutes ?? null,
          assigneeId: input.assigneeId === undefined ? (isCrmUser(p) ? p.userId : null) : input.assigneeId,
          done: input.done ?? false,
          outcome: input.outcome ?? null,
          reminderAt: normalizeTime(input.reminderAt),
        };
        const errors = await check(tx, lead, values);
        if (errors.length) throw invalid(errors);
        const repo = createActivitiesRepository(tx);
        const a = await repo.insert(leadId, values, p.userId);
        await repo.refreshLeadEvents(leadId);
        await rescore(tx, leadId);
        await record(tx, p.userId, a, 'created');
        await scheduleReminder(tx, a);
        await publishWebhookEvent(tx, jobs, 'activity.created', publicActivity(a));
        return publicActivity(a);
      });
    },

    async update(p: Principal, id: string, input: ActivityPatch, version: number | undefined) {
      return db.transaction(async (tx) => {
        const scope = await leadScopeOf(tx, p);
        const current = await visibleActivity(tx, scope, id);
        const lead = await workableLead(tx, scope, current.leadId);
        const repo = createActivitiesRepository(tx);
        // Read again under the lead's lock: the version compared is the one this write replaces.
        const locked = (await repo.get(id)) ?? current;
        if (version !== undefined && version !== locked.version) throw staleVersion(locked.version);
        const pick = <K extends keyof ActivityValues>(k: K, v: ActivityValues[K] | undefined) =>
          v === undefined ? locked[k] : v;
        const values: ActivityValues = {
          type: pick('type', input.type),
          subject: pick('subject', input.subject),
          notes: pick('notes', input.notes),
          startAt: input.startAt === undefined ? locked.startAt : normalizeTime(input.startAt),
          dueAt: input.dueAt === undefined ? locked.dueAt : normalizeTime(input.dueAt),
          durationMinutes: pick('durationMinutes', input.durationMinutes),
          assigneeId: pick('assigneeId', input.assigneeId),
          done: pick('done', input.done),
          outcome: pick('outcome', input.outcome),
          reminderAt: input.reminderAt === undefined ? locked.reminderAt : normalizeTime(input.reminderAt),
        };
        const errors = await check(tx, lead, values);
        // An assignee who has since left stays on an activity nobody reassigns.
        const kept = errors.filter(
          (e) => !(e.field === 'assigneeId' && values.assigneeId === locked.assigneeId),
        );
        if (kept.length) throw invalid(kept);
        const a = await repo.update(id, values);
        await repo.refreshLeadEvents(a.leadId);
        await rescore(tx, a.leadId);
        const change: ActivityChange =
          a.done && !locked.done ? 'done' : !a.done && locked.done ? 'reopened' : 'updated';
        await record(tx, p.userId, a, change);
        if (a.reminderAt !== locked.reminderAt || a.assigneeId !== locked.assigneeId || change === 'reopened')
          await scheduleReminder(tx, a);
        return publicActivity(a);
      });
    },

    async remove(p: Principal, id: string) {
      await db.transaction(async (tx) => {
        const scope = await leadScopeOf(tx, p);
        const current = await visibleActivity(tx, scope, id);
        await workableLead(tx, scope, current.leadId);
        const repo = createActivitiesRepository(tx);
        await repo.remove(id);
        await repo.refreshLeadEvents(current.leadId);
        await rescore(tx, current.leadId);
        await record(tx, p.userId, current, 'deleted');
      });
    },
  };
}
export type ActivitiesService = ReturnType<typeof createActivitiesService>;

/** What rules read of a lead (meetings held, days without activity) changed: its score follows. */
const rescore = (tx: Queryable, leadId: string) =>
  rescoreLeadById(tx, leadId, (q, id) => createLeadsRepository(q).get(id));
