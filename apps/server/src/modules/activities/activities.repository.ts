import type { Activity, PlannedActivityType } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetCondition, orderBy, type SortColumn, type SortTerm } from '../../lib/keyset';
import { iso } from '../../lib/sql';

const select = `SELECT a.id, a.lead_id, l.number AS lead_number, l.name AS lead_name, a.type, a.subject, a.notes,
    a.start_at, a.due_at, a.event_at, a.duration_minutes, a.assignee_id, a.done, a.done_at, a.outcome,
    a.reminder_at, a.created_by_id, a.created_at, a.updated_at, a.version
  FROM activities a JOIN leads l ON l.id = a.lead_id`;

/** Sort keys; `dueAt` is when the activity happens (its due time, else its start). */
export const activitySortColumns: Record<string, SortColumn> = {
  dueAt: { sql: 'a.event_at', cast: 'timestamptz', nullable: true },
  createdAt: { sql: 'a.created_at', cast: 'timestamptz' },
};

export interface ActivityRow extends Activity {
  /** The sort value of `dueAt`, for the cursor. */
  eventAt: string | null;
}

function mapActivity(r: Record<string, unknown>): ActivityRow {
  return {
    id: String(r.id),
    leadId: String(r.lead_id),
    leadNumber: String(r.lead_number),
    leadName: String(r.lead_name),
    type: r.type as PlannedActivityType,
    subject: String(r.subject),
    notes: (r.notes as string | null) ?? null,
    startAt: iso(r.start_at as Date | null),
    dueAt: iso(r.due_at as Date | null),
    eventAt: iso(r.event_at as Date | null),
    durationMinutes: r.duration_minutes == null ? null : Number(r.duration_minutes),
    assigneeId: (r.assignee_id as string | null) ?? null,
    done: Boolean(r.done),
    doneAt: iso(r.done_at as Date | null),
    outcome: (r.outcome as string | null) ?? null,
    reminderAt: iso(r.reminder_at as Date | null),
    createdById: (r.created_by_id as string | null) ?? null,
    createdAt: iso(r.created_at as Date)!,
    updatedAt: iso(r.updated_at as Date)!,
    version: Number(r.version),
  };
}

/** What the API returns: the row without its sort helper. */
export function publicActivity(a: ActivityRow): Activity {
  const { eventAt: _eventAt, ...rest } = a;
  return rest;
}

export interface ActivityValues {
  type: PlannedActivityType;
  subject: string;
  notes: string | null;
  startAt: string | null;
  dueAt: string | null;
  durationMinutes: number | null;
  assigneeId: string | null;
  done: boolean;
  outcome: string | null;
  reminderAt: string | null;
}

/** Conditions rendered with their parameters, as the lead list does. */
export interface ActivityFilters {
  conditions: string[];
  params: unknown[];
}

export function createActivitiesRepository(db: Queryable) {
  return {
    async get(id: string): Promise<ActivityRow | undefined> {
      const rows = await db.query(`${select} WHERE a.id = $1`, [id]);
      return rows[0] ? mapActivity(rows[0]) : undefined;
    },

    async insert(leadId: string, v: ActivityValues, createdById: string): Promise<ActivityRow> {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO activities (lead_id, type, subject, notes, start_at, due_at, duration_minutes, assignee_id,
                                 done, done_at, outcome, reminder_at, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 THEN now() END, $10, $11, $12)
         RETURNING id`,
        [
          leadId,
          v.type,
          v.subject,
          v.notes,
          v.startAt,
          v.dueAt,
          v.durationMinutes,
          v.assigneeId,
          v.done,
          v.outcome,
          v.reminderAt,
          createdById,
        ],
      );
      return (await this.get(row.id))!;
    },

    async update(id: string, v: ActivityValues): Promise<ActivityRow> {
      await db.query(
        `UPDATE activities SET type = $2, subject = $3, notes = $4, start_at = $5, due_at = $6,
                duration_minutes = $7, assignee_id = $8, done = $9,
                done_at = CASE WHEN $9 THEN coalesce(done_at, now()) END, outcome = $10, reminder_at = $11,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          v.type,
          v.subject,
          v.notes,
          v.startAt,
          v.dueAt,
          v.durationMinutes,
          v.assigneeId,
          v.done,
          v.outcome,
          v.reminderAt,
        ],
      );
      return (await this.get(id))!;
    },

    async remove(id: string) {
      await db.query('DELETE FROM activities WHERE id = $1', [id]);
    },

    /**
     * The lead's next event (the earliest time of its open activities) and last event (the latest time
     * of its done ones, or when it was done for one without a time), from the (lead_id, event_at) index.
     */
    async refreshLeadEvents(leadId: string) {
      await db.query(
        `UPDATE leads SET
           next_event_at = (SELECT min(a.event_at) FROM activities a WHERE a.lead_id = $1 AND NOT a.done),
           last_event_at = (SELECT max(coalesce(a.event_at, a.done_at)) FROM activities a
                             WHERE a.lead_id = $1 AND a.done)
          WHERE id = $1`,
        [leadId],
      );
    },

    async list(f: ActivityFilters, terms: SortTerm[], after: unknown[] | null, limit: number) {
      const params = [...f.params];
      const where = [...f.conditions];
      if (after) where.push(keysetCondition(terms, after as never, params));
      params.push(limit + 1);
      const rows = await db.query(
        `${select} WHERE ${where.join(' AND ') || 'TRUE'} ORDER BY ${orderBy(terms)} LIMIT $${params.length}`,
        params,
      );
      return rows.map(mapActivity);
    },

    async count(f: ActivityFilters) {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM activities a JOIN leads l ON l.id = a.lead_id
          WHERE ${f.conditions.join(' AND ') || 'TRUE'}`,
        f.params,
      );
      return rows[0].n;
    },

    /** Whether the user may be an assignee: active, a person, with a CRM role. */
    async assignee(id: string) {
      const rows = await db.query<{ active: boolean; is_integration: boolean; roles: string[] }>(
        'SELECT active, is_integration, roles FROM users WHERE id = $1',
        [id],
      );
      return rows[0];
    },

    async allowedTypes(leadTypeId: string): Promise<string[]> {
      const rows = await db.query<{ allowed_activity_types: string[] }>(
        'SELECT allowed_activity_types FROM lead_types WHERE id = $1',
        [leadTypeId],
      );
      return rows[0]?.allowed_activity_types ?? [];
    },

    /**
     * Marks the reminder of `reminderAt` as sent, once: only while the activity is open, still has that
     * reminder time and no reminder was sent for it. Answers the activity then, else nothing.
     */
    async claimReminder(id: string, reminderAt: string) {
      const rows = await db.query<{ id: string }>(
        `UPDATE activities SET reminded_for = reminder_at
          WHERE id = $1 AND reminder_at = $2::timestamptz AND NOT done AND assignee_id IS NOT NULL
            AND reminded_for IS DISTINCT FROM reminder_at
          RETURNING id`,
        [id, reminderAt],
      );
      return rows[0] ? this.get(id) : undefined;
    },
  };
}
