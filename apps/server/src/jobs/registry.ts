import type { Database } from '../db/client';
import { purgeIdempotencyKeys } from '../http/idempotency';
import { createAuthRepository } from '../modules/auth/auth.repository';
import { COMPANY_RENAMED, type CompanyRenamed } from '../modules/companies';
import { CONTACT_RENAMED, type ContactRenamed } from '../modules/contacts';
import { refreshLeadSearch } from '../modules/leads';
import { MAIL_JOB, MAIL_RETRIES, type Mailer } from '../modules/mail/mailer';
import type { JobDefinition } from './queue';

/** Every job the workers run; a module adds its definitions here. */
export function jobDefinitions({ db, mailer }: { db: Database; mailer: Mailer }): JobDefinition[] {
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
      name: 'housekeeping',
      handler: async () => {
        await purgeIdempotencyKeys(db);
        await createAuthRepository(db).purgeOldFailures();
      },
    },
  ];
}
