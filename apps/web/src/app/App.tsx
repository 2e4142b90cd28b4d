import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import './global.css';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, createRoutesFromElements, Navigate, Route, RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './auth';
import { LocaleProvider } from '../i18n/LocaleProvider';
import { Shell } from './Shell';
import { cssVariablesResolver, theme } from './theme';
import { createQueryClient } from './queryClient';
import { mayUseMarketingLists } from '../features/marketing/MarketingListsPage';
import { EmptyState, LoadingState } from '../components/States';
import { isPartnerUser } from './roles';

/*
 * Each page is its own chunk: signing in and the lead list load without the settings, Kanban or
 * record pages, and a partner loads only the portal.
 */
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const SignInPage = named(() => import('../features/auth/SignInPage'), 'SignInPage');
const LeadListPage = named(() => import('../features/leads/LeadListPage'), 'LeadListPage');
const LeadPage = named(() => import('../features/leads/LeadPage'), 'LeadPage');
const NewLeadPage = named(() => import('../features/leads/LeadFormPage'), 'NewLeadPage');
const EditLeadPage = named(() => import('../features/leads/LeadFormPage'), 'EditLeadPage');
const KanbanPage = named(() => import('../features/kanban/KanbanPage'), 'KanbanPage');
const records = () => import('../features/records/RecordPages');
const CompaniesPage = named(records, 'CompaniesPage');
const CompanyPage = named(records, 'CompanyPage');
const ContactsPage = named(records, 'ContactsPage');
const ContactPage = named(records, 'ContactPage');
const OpportunitiesPage = named(records, 'OpportunitiesPage');
const OpportunityPage = named(records, 'OpportunityPage');
const SettingsLayout = named(() => import('../features/settings/SettingsLayout'), 'SettingsLayout');
const StatusesPage = named(() => import('../features/settings/StatusesPage'), 'StatusesPage');
const ListsPage = named(() => import('../features/settings/ListsPage'), 'ListsPage');
const UsersPage = named(() => import('../features/settings/UsersPage'), 'UsersPage');
const UnitsPage = named(() => import('../features/settings/UnitsPage'), 'UnitsPage');
const ApiTokensPage = named(() => import('../features/settings/ApiTokensPage'), 'ApiTokensPage');
const GeneralSettingsPage = named(
  () => import('../features/settings/GeneralSettingsPage'),
  'GeneralSettingsPage',
);
const AgendaPage = named(() => import('../features/work/AgendaPage'), 'AgendaPage');
const TemplatesPage = named(() => import('../features/work/settings/TemplatesPage'), 'TemplatesPage');
const RulesPage = named(() => import('../features/work/settings/RulesPage'), 'RulesPage');
const WebhooksPage = named(() => import('../features/work/settings/WebhooksPage'), 'WebhooksPage');
const MarketingListsPage = named(
  () => import('../features/marketing/MarketingListsPage'),
  'MarketingListsPage',
);
const ScoringRulesPage = named(() => import('../features/identity/ScoringRulesPage'), 'ScoringRulesPage');
const AssignmentRulesPage = named(
  () => import('../features/identity/AssignmentRulesPage'),
  'AssignmentRulesPage',
);
const ImportWizard = named(() => import('../features/intake/ImportWizard'), 'ImportWizard');
const imports = () => import('../features/intake/ImportsPage');
const ImportPage = named(imports, 'ImportPage');
const ImportsPage = named(imports, 'ImportsPage');
const WebFormsPage = named(() => import('../features/intake/WebFormsPage'), 'WebFormsPage');
const WebFormDesigner = named(() => import('../features/intake/WebFormDesigner'), 'WebFormDesigner');
const IntakePage = named(() => import('../features/intake/IntakePage'), 'IntakePage');
const DashboardPage = named(() => import('../features/dashboard/DashboardPage'), 'DashboardPage');
const MergePage = named(() => import('../features/identity/MergePage'), 'MergePage');
const ContactMergePage = named(() => import('../features/identity/RecordMergePage'), 'ContactMergePage');
const CompanyMergePage = named(() => import('../features/identity/RecordMergePage'), 'CompanyMergePage');
const portal = () => import('../features/portal/PortalPages');
const PortalLeadsPage = named(portal, 'PortalLeadsPage');
const PortalLeadPage = named(portal, 'PortalLeadPage');
const PortalRegisterPage = named(portal, 'PortalRegisterPage');
const PortalEditPage = named(portal, 'PortalEditPage');

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

/** The CRM staff's page, or the partner portal's page for the same address. */
function ByRole({ crm, partner }: { crm: ReactNode; partner?: ReactNode }) {
  const { user } = useSession();
  if (isPartnerUser(user)) return <>{partner ?? <Navigate to="/leads" replace />}</>;
  return <>{crm}</>;
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
      <Route
        path="/login"
        element={
          <Suspense fallback={<LoadingState />}>
            <SignInPage />
          </Suspense>
        }
      />
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
        <Route path="/leads" element={<ByRole crm={<LeadListPage />} partner={<PortalLeadsPage />} />} />
        <Route
          path="/leads/new"
          element={<ByRole crm={<NewLeadPage />} partner={<PortalRegisterPage />} />}
        />
        <Route path="/leads/merge" element={<ByRole crm={<MergePage />} />} />
        <Route path="/leads/:id" element={<ByRole crm={<LeadPage />} partner={<PortalLeadPage />} />} />
        <Route
          path="/leads/:id/edit"
          element={<ByRole crm={<EditLeadPage />} partner={<PortalEditPage />} />}
        />
        <Route path="/kanban" element={<ByRole crm={<KanbanPage />} />} />
        <Route path="/companies" element={<ByRole crm={<CompaniesPage />} />} />
        <Route path="/companies/merge" element={<ByRole crm={<CompanyMergePage />} />} />
        <Route path="/companies/:id" element={<ByRole crm={<CompanyPage />} />} />
        <Route path="/contacts" element={<ByRole crm={<ContactsPage />} />} />
        <Route path="/contacts/merge" element={<ByRole crm={<ContactMergePage />} />} />
        <Route path="/contacts/:id" element={<ByRole crm={<ContactPage />} />} />
        <Route path="/opportunities" element={<ByRole crm={<OpportunitiesPage />} />} />
        <Route path="/opportunities/:id" element={<ByRole crm={<OpportunityPage />} />} />
        <Route path="/agenda" element={<ByRole crm={<AgendaPage />} />} />
        <Route path="/imports" element={<ByRole crm={<ImportsPage />} />} />
        <Route path="/imports/new" element={<ByRole crm={<ImportWizard />} />} />
        <Route path="/imports/:id" element={<ByRole crm={<ImportPage />} />} />
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
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
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
