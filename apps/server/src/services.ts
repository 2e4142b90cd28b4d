import type { AppDeps } from './app';
import { createCompaniesService } from './modules/companies/companies.service';
import { createContactsService } from './modules/contacts/contacts.service';
import { createListsService } from './modules/lists/lists.service';
import { createCatalogService } from './modules/catalog/catalog.service';
import { createApiTokensService } from './modules/api-tokens/api-tokens.service';
import { createAuthService } from './modules/auth/auth.service';
import { createAuthRepository } from './modules/auth';
import { createLeadActionsService } from './modules/lead-actions/lead-actions.service';
import { createLeadsService } from './modules/leads/leads.service';
import { createOutboxService } from './modules/mail/mail.service';
import { createMailer } from './modules/mail/mailer';
import { createMarketingListsService } from './modules/marketing-lists/marketing-lists.service';
import { createOpportunitiesService } from './modules/opportunities/opportunities.service';
import { createStatusesService } from './modules/pipeline/statuses.service';
import { createStatusesRepository } from './modules/pipeline';
import { createSavedViewsService } from './modules/saved-views/saved-views.service';
import { createSettingsService } from './modules/settings/settings.service';
import { createUsersService } from './modules/users/users.service';
import { createReportsService } from './modules/reports/reports.service';

/** Every service of the application, built once from explicit dependencies. */
export function createServices(deps: AppDeps) {
  const { db, log } = deps;
  const mailer = deps.mailer ?? createMailer(deps.config, db, deps.jobs);
  return {
    auth: createAuthService({ db, log, mailer }),
    users: createUsersService({
      db,
      endSessions: (q, userId) => createAuthRepository(q).deleteSessionsOfUser(userId),
    }),
    mailer,
    outbox: createOutboxService({ db }),
    apiTokens: createApiTokensService({ db }),
    settings: createSettingsService({
      db,
      statusOf: (q, id) => createStatusesRepository(q).statusById(id),
    }),
    companies: createCompaniesService({ db, jobs: deps.jobs }),
    contacts: createContactsService({ db, jobs: deps.jobs }),
    lists: createListsService({ db }),
    catalog: createCatalogService({ db }),
    statuses: createStatusesService({ db }),
    opportunities: createOpportunitiesService({ db }),
    leads: createLeadsService({ db }),
    leadActions: createLeadActionsService({ db }),
    marketingLists: createMarketingListsService({ db }),
    savedViews: createSavedViewsService({ db }),
    reports: createReportsService({ db }),
  };
}
export type Services = ReturnType<typeof createServices>;
