import { Tabs } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';

/** Administration sections; more appear as their parts of the API land. */
export const settingsSections = [
  { path: 'statuses', label: 'Statuses' },
  { path: 'lists', label: 'Lists of values' },
  { path: 'users', label: 'Users' },
  { path: 'units', label: 'Units' },
  { path: 'api-tokens', label: 'API tokens' },
  { path: 'general', label: 'General' },
];

export function SettingsLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname.split('/')[2] ?? 'statuses';
  return (
    <>
      <PageHeader title="Settings" subtitle="Shape Leadline for your organisation." />
      <Tabs value={current} onChange={(v) => v && navigate(`/settings/${v}`)} mb="md" keepMounted={false}>
        <Tabs.List>
          {settingsSections.map((s) => (
            <Tabs.Tab key={s.path} value={s.path}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
