import type { Database } from '../db/client';
import { purgeIdempotencyKeys } from '../http/idempotency';
import { createAuthRepository } from '../modules/auth/auth.repository';
import { COMPANY_RENAMED, type CompanyRenamed } from '../modules/companies';
import { CONTACT_RENAMED, type ContactRenamed } from '../modules/contacts';
import { refreshLeadSearch } from '../modules/leads';
import { MAIL_JOB, MAIL_RETRIES, type Mailer } from '../modules/mail/mailer';
import { REMINDER_JOB, sendReminder, type ReminderJob } from '../modules/activities/activity-reminder';
import { SMS_JOB, SMS_RETRIES, type SmsSender } from '../modules/communications/sms';
import { OVERDUE_RULES_JOB, runOverdueRules } from '../modules/communications/communication-rule-hooks';
import { createWebhookDelivery } from '../modules/webhooks/webhook-delivery';
import { WEBHOOK_JOB } from '../modules/webhooks/webhook-outbox';
import type { JobDefinition, Jobs } from './queue';

/** Every job the workers run; a module adds its definitions here. */
export function jobDefinitions({
  db,
  mailer,
  sms,
  jobs,
}: {
  db: Database;
  mailer: Mailer;
  sms?: SmsSender;
  jobs?: Pick<Jobs, 'send'>;
}): JobDefinition[] {
  const webhooks = jobs ? createWebhookDelivery(db, jobs, mailer) : undefined;
  return [
    {
      name: MAIL_JOB,
      retryLimit: MAIL_RETRIES,
      handler: async (data) => mailer.deliver((data as { id: string }).id),
    },
    // Leads are found by the names of their company and contact: a rename rebuilds their search text.
    {
      name: COMPANY_RENAMED,
      handler: async (data) => {
        await refreshLeadSearch(db, { companyId: (data as CompanyRenamed).companyId });
      },
    },
    {
      name: CONTACT_RENAMED,
      handler: async (data) => {
        await refreshLeadSearch(db, { contactId: (data as ContactRenamed).contactId });
      },
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
      name: WEBHOOK_JOB,
      // The delivery schedules its own next attempt (the Svix schedule), not the queue.
      retryLimit: 0,
      handler: async (data) => webhooks?.deliver((data as { id: string }).id),
    },
    {
      name: OVERDUE_RULES_JOB,
      retryLimit: 2,
      handler: async () => {
        if (sms) await runOverdueRules(db, { mailer, sms });
      },
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
