import type { Database } from '../db/client';
import { purgeIdempotencyKeys } from '../http/idempotency';
import { createAuthRepository } from '../modules/auth/auth.repository';
import { COMPANY_RENAMED, type CompanyRenamed } from '../modules/companies';
import { CONTACT_RENAMED, type ContactRenamed } from '../modules/contacts';
import { createLeadsRepository, refreshLeadSearch } from '../modules/leads';
import {
  SCORING_DECAY_JOB,
  SCORING_RECOMPUTE_JOB,
  queueRecompute,
  recomputeScores,
  secondsUntilNightly,
  type LoadLead,
} from '../modules/scoring';
import { MAIL_JOB, MAIL_RETRIES, type Mailer } from '../modules/mail/mailer';
import { REMINDER_JOB, sendReminder, type ReminderJob } from '../modules/activities/activity-reminder';
import { SMS_JOB, SMS_RETRIES, type SmsSender } from '../modules/communications/sms';
import { OVERDUE_RULES_JOB, runOverdueRules } from '../modules/communications/communication-rule-hooks';
import { createWebhookDelivery } from '../modules/webhooks/webhook-delivery';
import { WEBHOOK_JOB } from '../modules/webhooks/webhook-outbox';
import { DUPLICATE_SCAN_JOB, runScan } from '../modules/duplicates/scan-duplicates';
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
  const loadLead: LoadLead = (q, id) => createLeadsRepository(q).get(id);
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
    // A duplicate scan over every visible lead, batch by batch with progress.
    {
      name: DUPLICATE_SCAN_JOB,
      handler: async (data) => runScan(db, (data as { id: string }).id),
    },
    // Scoring rules changed (or a recomputation was asked): every open lead is re-scored, with progress.
    {
      name: SCORING_RECOMPUTE_JOB,
      retryLimit: 2,
      handler: async (data) => recomputeScores(db, (data as { id: string }).id, loadLead),
    },
    // Nightly: scores lose the points of rules whose leads saw no activity for their decay days; then
    // the next night's run is queued (one per night, whatever the number of processes).
    {
      name: SCORING_DECAY_JOB,
      retryLimit: 2,
      handler: async () => {
        const run = await db.transaction((tx) => queueRecompute(tx, undefined, 'decay'));
        await recomputeScores(db, run.id, loadLead);
        await jobs?.send(
          SCORING_DECAY_JOB,
          {},
          { startAfterSeconds: secondsUntilNightly(), singletonKey: `decay-${nextNight()}` },
        );
      },
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

/** The date (UTC) of the next nightly run: the key that keeps it single. */
export const nextNight = () => new Date(Date.now() + secondsUntilNightly() * 1000).toISOString().slice(0, 10);
