import { z } from 'zod';
import { ListQuery, QueryBool, Timestamp, requiredText, text } from './common';

/** The types an activity may have (a lead type's allowed types may also name `sms`, sent as a message). */
export const plannedActivityTypes = ['call', 'meeting', 'task', 'email', 'event'] as const;
export const PlannedActivityType = z.enum(plannedActivityTypes);
export type PlannedActivityType = z.infer<typeof PlannedActivityType>;

/** An ISO 8601 date-time with its offset (`2026-03-01T09:30:00+01:00` or `...Z`). */
const DateTime = z.iso.datetime({ offset: true, message: 'must be an ISO date-time with a time zone' });

export const Activity = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  /** The lead's number and name, for lists that show activities of many leads (the agenda). */
  leadNumber: z.string(),
  leadName: z.string(),
  type: PlannedActivityType,
  subject: z.string(),
  notes: z.string().nullable(),
  startAt: Timestamp.nullable(),
  dueAt: Timestamp.nullable(),
  durationMinutes: z.number().int().nullable(),
  assigneeId: z.uuid().nullable(),
  done: z.boolean(),
  doneAt: Timestamp.nullable(),
  outcome: z.string().nullable(),
  /** When the assignee is reminded (in the app and by e-mail). */
  reminderAt: Timestamp.nullable(),
  createdById: z.uuid().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Activity = z.infer<typeof Activity>;

const activityFields = {
  type: PlannedActivityType,
  subject: requiredText(300),
  notes: text(10_000).nullable().optional(),
  startAt: DateTime.nullable().optional(),
  dueAt: DateTime.nullable().optional(),
  durationMinutes: z.number().int().min(0).max(100_000).nullable().optional(),
  /** An active CRM user; the creator (when a CRM user) by default. */
  assigneeId: z.uuid().nullable().optional(),
  done: z.boolean().optional(),
  outcome: text(2000).nullable().optional(),
  reminderAt: DateTime.nullable().optional(),
};

export const ActivityCreate = z.strictObject(activityFields);
export type ActivityCreate = z.infer<typeof ActivityCreate>;

export const ActivityPatch = z
  .strictObject({ ...activityFields, type: PlannedActivityType.optional() })
  .partial();
export type ActivityPatch = z.infer<typeof ActivityPatch>;

export const activityDueWindows = ['overdue', 'today', 'week'] as const;

export const ActivityListQuery = ListQuery.extend({
  /** `me` or a user id. */
  assignee: z.union([z.literal('me'), z.uuid()]).optional(),
  /** overdue: open and due before now; today: due today; week: due from today to seven days on. */
  due: z.enum(activityDueWindows).optional(),
  /** The IANA time zone that says when today starts (UTC by default). */
  tz: text(64).optional(),
  done: QueryBool.optional(),
  leadId: z.uuid().optional(),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;

export const LeadActivitiesQuery = ListQuery.extend({
  done: QueryBool.optional(),
});
export type LeadActivitiesQuery = z.infer<typeof LeadActivitiesQuery>;
