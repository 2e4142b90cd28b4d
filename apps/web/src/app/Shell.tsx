import { Suspense, useRef } from 'react';
import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Group,
  Kbd,
  Menu,
  NavLink,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconBriefcase,
  IconChartBar,
  IconBuilding,
  IconCalendarCheck,
  IconChevronDown,
  IconFileImport,
  IconLayoutKanban,
  IconListDetails,
  IconPlus,
  IconLanguage,
  IconLogout,
  IconSearch,
  IconSettings,
  IconSpeakerphone,
  IconUsers,
} from '@tabler/icons-react';
import { NavLink as RouterLink, Outlet, Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { locales } from '@leadline/contract';
import { useSession } from './auth';
import { isPartnerUser } from './roles';
import { LoadingState } from '../components/States';
import { notifyError } from '../components/notify';
import { useRoleLabels } from '../i18n/labels';
import { useChangeLocale } from '../i18n/LocaleProvider';
import { currentLocale } from '../i18n/i18n';
import { mayUseMarketingLists } from '../features/marketing/MarketingListsPage';
import { NotificationBell } from '../features/work/NotificationBell';

/** Each language is offered in its own words. */
const languageNames: Record<(typeof locales)[number], string> = { en: 'English', ru: 'Русский' };

/** `/` focuses the search of the page when it has one, otherwise the global lead search. */
function focusSearch() {
  const el =
    document.querySelector<HTMLInputElement>('[data-page-search]') ??
    document.querySelector<HTMLInputElement>('[data-global-search]');
  el?.focus();
  el?.select();
}

export function Shell() {
  const { t } = useTranslation('shell');
  const roleLabels = useRoleLabels();
  const changeLocale = useChangeLocale();
  const { user, loading, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const searchRef = useRef<HTMLInputElement>(null);
  // On a phone the navigation is a menu opened by the burger, closed again once a page is chosen.
  const [navOpened, navMenu] = useDisclosure(false);
  useHotkeys([['/', focusSearch]]);
  if (loading) return <LoadingState />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const isAdmin = user.roles.includes('crm_admin');
  const crmUser = user.roles.some((r) => r.startsWith('crm_'));
  // A partner's employee works only her company's leads: the portal's two pages are all she is offered.
  const links = isPartnerUser(user)
    ? [
        { to: '/leads', label: t('nav.ourLeads'), icon: IconListDetails, exact: true },
        { to: '/leads/new', label: t('nav.registerLead'), icon: IconPlus, exact: true },
      ]
    : [
        ...(crmUser
          ? [{ to: '/dashboard', label: t('nav.dashboard'), icon: IconChartBar, exact: false }]
          : []),
        { to: '/leads', label: t('nav.leads'), icon: IconListDetails, exact: false },
        { to: '/kanban', label: t('nav.kanban'), icon: IconLayoutKanban, exact: false },
        { to: '/agenda', label: t('work:agenda.nav'), icon: IconCalendarCheck, exact: false },
        { to: '/companies', label: t('nav.companies'), icon: IconBuilding, exact: false },
        { to: '/contacts', label: t('nav.contacts'), icon: IconUsers, exact: false },
        { to: '/opportunities', label: t('nav.opportunities'), icon: IconBriefcase, exact: false },
        ...(mayUseMarketingLists(user.roles)
          ? [{ to: '/marketing-lists', label: t('nav.marketingLists'), icon: IconSpeakerphone, exact: false }]
          : []),
        { to: '/imports', label: t('intake:nav.imports'), icon: IconFileImport, exact: false },
      ];
  const isActive = (to: string, exact: boolean) =>
    exact ? location.pathname === to : location.pathname.startsWith(to);
  const initials = user.name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 190, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'xs', sm: 'md' }}
    >
      <AppShell.Header bg="dark.8" c="white" style={{ borderBottom: 'none' }}>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} gap="xs" justify="space-between" wrap="nowrap">
          <Group gap={8} wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={navMenu.toggle}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={navOpened ? t('closeNavigation') : t('openNavigation')}
              aria-expanded={navOpened}
            />
            <Box
              w={24}
              h={24}
              bg="indigo.5"
              style={{ borderRadius: 6, display: 'grid', placeItems: 'center', fontWeight: 700 }}
            >
              L
            </Box>
            <Text fw={700} size="md" visibleFrom="sm">
              Leadline
            </Text>
          </Group>
          <form
            role="search"
            style={{ flex: '0 1 420px', minWidth: 0 }}
            onSubmit={(e) => {
              e.preventDefault();
              const q = searchRef.current?.value.trim() ?? '';
              navigate(`/leads?view=all${q ? `&q=${encodeURIComponent(q)}` : ''}`);
              searchRef.current?.blur();
            }}
          >
            <TextInput
              ref={searchRef}
              data-global-search
              aria-label={t('search')}
              placeholder={t('search')}
              leftSection={<IconSearch size={14} />}
              rightSection={<Kbd size="xs">/</Kbd>}
              styles={{
                input: {
                  background: 'var(--mantine-color-dark-6)',
                  border: 'none',
                  color: 'white',
                  // gray 5 on dark 6: 6.5:1 (see theme.ts)
                  ['--input-placeholder-color' as string]: 'var(--mantine-color-gray-5)',
                },
              }}
            />
          </form>
          <Group gap={6} wrap="nowrap">
            <NotificationBell />
            <Menu position="bottom-end" width={220} shadow="md">
              <Menu.Target>
                <UnstyledButton c="white">
                  {/* The name read out contains the name shown (WCAG 2.5.3), at every width. */}
                  <VisuallyHidden>{t('userMenu', { name: user.name })}</VisuallyHidden>
                  <Group gap={8} wrap="nowrap" aria-hidden>
                    <Avatar size={26} radius="xl" color="indigo" variant="filled">
                      {initials}
                    </Avatar>
                    <Box visibleFrom="sm">
                      <Text size="sm" fw={500} lh={1.1} data-testid="signed-in-user">
                        {user.name}
                      </Text>
                    </Box>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {user.email}
                  <br />
                  {user.roles.map((r) => roleLabels[r] ?? r).join(', ')}
                </Menu.Label>
                <Menu.Label>{t('language')}</Menu.Label>
                {locales.map((l) => (
                  <Menu.Item
                    key={l}
                    lang={l}
                    leftSection={<IconLanguage size={14} />}
                    aria-current={currentLocale() === l ? 'true' : undefined}
                    fw={currentLocale() === l ? 600 : undefined}
                    onClick={() => changeLocale.mutate(l, { onError: (e) => notifyError(e) })}
                  >
                    {languageNames[l]}
                  </Menu.Item>
                ))}
                <Menu.Divider />
                {isAdmin && (
                  <Menu.Item leftSection={<IconSettings size={14} />} onClick={() => navigate('/settings')}>
                    {t('nav.settings')}
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item
                  color="red"
                  leftSection={<IconLogout size={14} />}
                  onClick={() => {
                    void signOut().then(() => navigate('/login'));
                  }}
                >
                  {t('signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p={6} aria-label={t('mainNavigation')} bg="gray.0">
        {links.map((n) => (
          <NavLink
            key={n.to}
            component={RouterLink}
            to={n.to}
            end={n.exact}
            label={n.label}
            active={isActive(n.to, n.exact)}
            leftSection={<n.icon size={16} stroke={1.7} />}
            style={{ borderRadius: 6 }}
            onClick={navMenu.close}
          />
        ))}
        {isAdmin && (
          <NavLink
            component={RouterLink}
            to="/settings"
            onClick={navMenu.close}
            label={t('nav.settings')}
            active={location.pathname.startsWith('/settings')}
            leftSection={<IconSettings size={16} stroke={1.7} />}
            style={{ borderRadius: 6, marginTop: 'auto' }}
          />
        )}
      </AppShell.Navbar>
      <AppShell.Main bg="white">
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
