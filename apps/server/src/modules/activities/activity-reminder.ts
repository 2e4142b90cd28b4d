import type { Database } from '../../db/client';
import type { Mailer } from '../mail/mailer';
import { createNotificationsRepository } from '../notifications/notifications.repository';
import { leadLabel, notify } from '../notifications/notify';
import { createActivitiesRepository } from './activities.repository';

export const REMINDER_JOB = 'activity.reminder';

/** The job carries the reminder time it was scheduled for: a job of a time since changed is stale. */
export interface ReminderJob {
  activityId: string;
  reminderAt: string;
}

/**
 * Reminds the assignee in the app and by e-mail, once per reminder time: the claim, the notification and
 * the message are one transaction, and a second job for the same time (a retry, a duplicate) or a job of
 * a time that was moved, cleared or whose activity is done or gone finds nothing to claim.
 */
export async function sendReminder(db: Database, mailer: Pick<Mailer, 'enqueue'>, job: ReminderJob) {
  await db.transaction(async (tx) => {
    const a = await createActivitiesRepository(tx).claimReminder(job.activityId, job.reminderAt);
    if (!a?.assigneeId) return;
    const when = a.dueAt ?? a.startAt;
    const text = `Reminder: ${a.type} "${a.subject}"${when ? ` at ${when}` : ''} on lead ${leadLabel({ number: a.leadNumber, name: a.leadName })}.`;
    const sent = await notify(tx, [
      { userId: a.assigneeId, kind: 'reminder', leadId: a.leadId, activityId: a.id, text },
    ]);
    if (sent.length === 0) return;
    const [person] = await createNotificationsRepository(tx).recipients([a.assigneeId]);
    if (person?.email)
      await mailer.enqueue(tx, { to: person.email, subject: `Reminder: ${a.subject}`, text });
  });
}
