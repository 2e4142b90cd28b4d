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
import { createDuplicatesService } from './modules/duplicates/duplicates.service';
import { createMergesService } from './modules/merges/merges.service';
import { createEnrichmentService } from './modules/enrichment/enrichment.service';
import { createAssignmentService } from './modules/assignment/assignment.service';
import { createScoringService } from './modules/scoring/scoring.service';
import { createUsersService } from './modules/users/users.service';
import { createIntakeServices } from './modules/intake/intake.services';
import { createActivitiesService } from './modules/activities/activities.service';
import { createCommunicationsService } from './modules/communications/communications.service';
import { createTemplatesService } from './modules/communications/templates.service';
import { createSmsSender } from './modules/communications/sms';
import { communicationRuleHooks } from './modules/communications/communication-rule-hooks';
import { createCommunicationRulesService } from './modules/communications/communication-rules.service';
import { webhookLeadHooks } from './modules/webhooks/webhook-outbox';
import { createWebhooksService } from './modules/webhooks/webhooks.service';
import { combineLeadHooks } from './modules/leads/lead-hooks';
import { leadNotificationHooks } from './modules/notifications/lead-notifications';
import { createNotificationsService } from './modules/notifications/notifications.service';
import { createPartnerPortalService } from './modules/partner-portal';
import { createReportsService } from './modules/reports/reports.service';
import { createAttachmentsService, createDiskFileStore } from './modules/attachments';
import { createLeadReportService } from './modules/lead-report/lead-report.service';
import { createCalendarFeedService } from './modules/calendar-feed/calendar-feed.service';

/** Every service of the application, built once from explicit dependencies. */
export function createServices(deps: AppDeps) {
  const { db, log } = deps;
  const mailer = deps.mailer ?? createMailer(deps.config, db, deps.jobs);
  // What other modules do when a lead changes, in the transaction of the change.
  const sms = createSmsSender(deps.config, db, deps.jobs);
  const hooks = combineLeadHooks(
    leadNotificationHooks,
    communicationRuleHooks({ mailer, sms }),
    webhookLeadHooks(deps.jobs),
  );
  const leads = createLeadsService({ db, hooks });
  const services = {
    auth: createAuthService({ db, log, mailer }),
    users: createUsersService({
      db,
      endSessions: (q, userId) => createAuthRepository(q).deleteSessionsOfUser(userId),
      mailer,
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
    partnerPortal: createPartnerPortalService({ db }),
    opportunities: createOpportunitiesService({ db }),
    leads,
    leadActions: createLeadActionsService({ db, hooks }),
    marketingLists: createMarketingListsService({ db }),
    savedViews: createSavedViewsService({ db }),
    intake: createIntakeServices({ ...deps, leads, hooks }),
    activities: createActivitiesService({ db, jobs: deps.jobs }),
    notifications: createNotificationsService({ db }),
    templates: createTemplatesService({ db }),
    communications: createCommunicationsService({ db, mailer, sms }),
    communicationRules: createCommunicationRulesService({ db }),
    webhooks: createWebhooksService({ db, jobs: deps.jobs }),
    duplicates: createDuplicatesService({ db, jobs: deps.jobs }),
    merges: createMergesService({ db, jobs: deps.jobs }),
    enrichment: createEnrichmentService({ db, options: deps.config.enrichment }),
    assignmentRules: createAssignmentService({ db }),
    scoring: createScoringService({ db, jobs: deps.jobs, visibleLead: (p, id) => leads.get(p, id) }),
    reports: createReportsService({ db }),
    attachments: createAttachmentsService({ db, store: createDiskFileStore(deps.config.dataDir) }),
  };
  return {
    ...services,
    leadReport: createLeadReportService({
      db,
      leads,
      activities: services.activities,
      opportunities: services.opportunities,
    }),
    calendarFeed: createCalendarFeedService({ db, activities: services.activities }),
  };
}
export type Services = ReturnType<typeof createServices>;
