import type { Database } from '../db/client';
import { purgeIdempotencyKeys } from '../http/idempotency';
import { createAuthRepository } from '../modules/auth/auth.repository';
import { MAIL_JOB, MAIL_RETRIES, type Mailer } from '../modules/mail/mailer';
import { REMINDER_JOB, sendReminder, type ReminderJob } from '../modules/activities/activity-reminder';
import { SMS_JOB, SMS_RETRIES, type SmsSender } from '../modules/communications/sms';
import type { JobDefinition } from './queue';

/** Every job the workers run; a module adds its definitions here. */
export function jobDefinitions({
  db,
  mailer,
  sms,
}: {
  db: Database;
  mailer: Mailer;
  sms?: SmsSender;
}): JobDefinition[] {
  return [
    {
      name: MAIL_JOB,
      retryLimit: MAIL_RETRIES,
      handler: async (data) => mailer.deliver((data as { id: string }).id),
    },
    {
      name: REMINDER_JOB,
      handler: async (data) => sendReminder(db, mailer, data as ReminderJob),
    },
    {
      name: SMS_JOB,
      retryLimit: SMS_RETRIES,
      handler: async (data) => sms?.deliver((data as { id: string }).id),
    },
    {
      name: 'housekeeping',
      handler: async () => {
        await purgeIdempotencyKeys(db);
        await createAuthRepository(db).purgeOldFailures();
      },
    },
  ];
}
