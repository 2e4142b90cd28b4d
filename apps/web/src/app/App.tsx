import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import './global.css';
import type { ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, createRoutesFromElements, Navigate, Route, RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './auth';
import { LocaleProvider } from '../i18n/LocaleProvider';
import { Shell } from './Shell';
import { theme } from './theme';
import { createQueryClient } from './queryClient';
import { SignInPage } from '../features/auth/SignInPage';
import { EmptyState } from '../components/States';
import { SettingsLayout } from '../features/settings/SettingsLayout';
import { UsersPage } from '../features/settings/UsersPage';
import { UnitsPage } from '../features/settings/UnitsPage';
import { ApiTokensPage } from '../features/settings/ApiTokensPage';
import { LeadListPage } from '../features/leads/LeadListPage';
import { EditLeadPage, NewLeadPage } from '../features/leads/LeadFormPage';
import { LeadPage } from '../features/leads/LeadPage';
import { KanbanPage } from '../features/kanban/KanbanPage';
import { AgendaPage } from '../features/work/AgendaPage';
import { TemplatesPage } from '../features/work/settings/TemplatesPage';
import { RulesPage } from '../features/work/settings/RulesPage';
import { WebhooksPage } from '../features/work/settings/WebhooksPage';
import {
  CompaniesPage,
  CompanyPage,
  ContactPage,
  ContactsPage,
  OpportunitiesPage,
  OpportunityPage,
} from '../features/records/RecordPages';
import { StatusesPage } from '../features/settings/StatusesPage';
import { ListsPage } from '../features/settings/ListsPage';
import { GeneralSettingsPage } from '../features/settings/GeneralSettingsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { MarketingListsPage, mayUseMarketingLists } from '../features/marketing/MarketingListsPage';
import { ScoringRulesPage } from '../features/identity/ScoringRulesPage';
import { AssignmentRulesPage } from '../features/identity/AssignmentRulesPage';
import { ImportWizard } from '../features/intake/ImportWizard';
import { ImportPage, ImportsPage } from '../features/intake/ImportsPage';
import { WebFormsPage } from '../features/intake/WebFormsPage';
import { WebFormDesigner } from '../features/intake/WebFormDesigner';
import { IntakePage } from '../features/intake/IntakePage';

function MarketingOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!mayUseMarketingLists(user?.roles)) return <Navigate to="/leads" replace />;
  return <>{children}</>;
}

const queryClient = createQueryClient();

function AdminOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!user?.roles.includes('crm_admin')) return <Navigate to="/leads" replace />;
  return <>{children}</>;
}

/** Managers and administrators land on the dashboard; everyone else on their leads. */
function Landing() {
  const { user } = useSession();
  const staff = user?.roles.some((r) => r === 'crm_admin' || r === 'crm_manager');
  return <Navigate to={staff ? '/dashboard' : '/leads'} replace />;
}

/** The figures are the CRM staff's: a partner's employee has no dashboard. */
function CrmOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!user?.roles.some((r) => r.startsWith('crm_'))) return <Navigate to="/leads" replace />;
  return <>{children}</>;
}

function NotFound() {
  const { t } = useTranslation('common');
  return <EmptyState title={t('pageNotFound')} description={t('checkAddress')} />;
}

const router = createBrowserRouter(
  createRoutesFromElements(
    <>
      <Route path="/login" element={<SignInPage />} />
      <Route element={<Shell />}>
        <Route path="/" element={<Landing />} />
        <Route
          path="/dashboard"
          element={
            <CrmOnly>
              <DashboardPage />
            </CrmOnly>
          }
        />
        <Route path="/leads" element={<LeadListPage />} />
        <Route path="/leads/new" element={<NewLeadPage />} />
        <Route path="/leads/:id" element={<LeadPage />} />
        <Route path="/leads/:id/edit" element={<EditLeadPage />} />
        <Route path="/kanban" element={<KanbanPage />} />
        <Route path="/agenda" element={<AgendaPage />} />
        <Route path="/companies" element={<CompaniesPage />} />
        <Route path="/companies/:id" element={<CompanyPage />} />
        <Route path="/contacts" element={<ContactsPage />} />
        <Route path="/contacts/:id" element={<ContactPage />} />
        <Route path="/opportunities" element={<OpportunitiesPage />} />
        <Route path="/opportunities/:id" element={<OpportunityPage />} />
        <Route path="/imports" element={<ImportsPage />} />
        <Route path="/imports/new" element={<ImportWizard />} />
        <Route path="/imports/:id" element={<ImportPage />} />
        <Route
          path="/marketing-lists/:id?"
          element={
            <MarketingOnly>
              <MarketingListsPage />
            </MarketingOnly>
          }
        />
        <Route
          path="/settings"
          element={
            <AdminOnly>
              <SettingsLayout />
            </AdminOnly>
          }
        >
          <Route index element={<Navigate to="statuses" replace />} />
          <Route path="statuses" element={<StatusesPage />} />
          <Route path="lists" element={<ListsPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="api-tokens" element={<ApiTokensPage />} />
          <Route path="general" element={<GeneralSettingsPage />} />
          <Route path="scoring-rules" element={<ScoringRulesPage />} />
          <Route path="assignment-rules" element={<AssignmentRulesPage />} />
          <Route path="templates" element={<TemplatesPage />} />
          <Route path="communication-rules" element={<RulesPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="web-forms" element={<WebFormsPage />} />
          <Route path="web-forms/new" element={<WebFormDesigner />} />
          <Route path="web-forms/:id" element={<WebFormDesigner />} />
          <Route path="intake" element={<IntakePage />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </>,
  ),
);

export function App() {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <Notifications position="bottom-right" limit={4} />
          <SessionProvider>
            <LocaleProvider>
              <RouterProvider router={router} />
            </LocaleProvider>
          </SessionProvider>
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
