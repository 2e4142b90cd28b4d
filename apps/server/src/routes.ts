import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { companiesRoutes } from './modules/companies/companies.routes';
import { contactsRoutes } from './modules/contacts/contacts.routes';
import { listsRoutes } from './modules/lists/lists.routes';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { apiTokensRoutes } from './modules/api-tokens/api-tokens.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { leadActionsRoutes } from './modules/lead-actions/lead-actions.routes';
import { leadsRoutes } from './modules/leads/leads.routes';
import { mailRoutes } from './modules/mail/mail.routes';
import { marketingListsRoutes } from './modules/marketing-lists/marketing-lists.routes';
import { opportunitiesRoutes } from './modules/opportunities/opportunities.routes';
import { statusesRoutes } from './modules/pipeline/statuses.routes';
import { savedViewsRoutes } from './modules/saved-views/saved-views.routes';
import { settingsRoutes } from './modules/settings/settings.routes';
import { usersRoutes } from './modules/users/users.routes';
import { reportsRoutes } from './modules/reports/reports.routes';
import type { Services } from './services';

/** The list of every module's routes; a new module adds one line here. */
export function registerRoutes(app: FastifyInstance, s: Services, config: Config) {
  authRoutes(app, s.auth, s.users, config);
  usersRoutes(app, s.users);
  mailRoutes(app, s.outbox);
  apiTokensRoutes(app, s.apiTokens);
  settingsRoutes(app, s.settings);
  companiesRoutes(app, s.companies);
  contactsRoutes(app, s.contacts);
  listsRoutes(app, s.lists);
  catalogRoutes(app, s.catalog);
  statusesRoutes(app, s.statuses);
  opportunitiesRoutes(app, s.opportunities);
  leadsRoutes(app, s.leads);
  leadActionsRoutes(app, s.leadActions);
  marketingListsRoutes(app, s.marketingLists);
  savedViewsRoutes(app, s.savedViews);
  reportsRoutes(app, s.reports);
}
