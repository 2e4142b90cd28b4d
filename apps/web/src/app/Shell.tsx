import { AppShell, Group, NavLink, Text, Button, Title } from '@mantine/core';
import { NavLink as RouterLink, Outlet, Navigate, useLocation } from 'react-router';
import { useSession } from './auth';

const nav = [
  { to: '/leads', label: 'Leads' },
  { to: '/kanban', label: 'Kanban' },
  { to: '/companies', label: 'Companies' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/opportunities', label: 'Opportunities' },
];

export function Shell() {
  const { user, loading, signOut } = useSession();
  const location = useLocation();
  if (loading) return null;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const isAdmin = user.roles.includes('crm_admin');
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={4}>Leadline</Title>
          <Group gap="sm">
            <Text size="sm" aria-label="Signed-in user">
              {user.name}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {nav.map((n) => (
          <NavLink key={n.to} component={RouterLink} to={n.to} label={n.label} />
        ))}
        {isAdmin && <NavLink component={RouterLink} to="/settings" label="Settings" />}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
