import { Suspense } from 'react';
import { Tabs } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { LoadingState } from '../../components/States';
import { useTranslation } from 'react-i18next';

/** Administration sections; more appear as their parts of the API land. */
export function useSettingsSections() {
  const { t } = useTranslation('settings');
  return [
    { path: 'statuses', label: t('section.statuses') },
    { path: 'lists', label: t('section.lists') },
    { path: 'users', label: t('section.users') },
    { path: 'units', label: t('section.units') },
    { path: 'api-tokens', label: t('section.apiTokens') },
    { path: 'general', label: t('section.general') },
    { path: 'scoring-rules', label: t('identity:section.scoring') },
    { path: 'assignment-rules', label: t('identity:section.assignment') },
    { path: 'templates', label: t('work:templates.section') },
    { path: 'communication-rules', label: t('work:rules.section') },
    { path: 'webhooks', label: t('work:webhooks.section') },
    { path: 'web-forms', label: t('intake:section.webForms') },
    { path: 'intake', label: t('intake:section.intake') },
  ];
}

export function SettingsLayout() {
  const { t } = useTranslation('settings');
  const settingsSections = useSettingsSections();
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname.split('/')[2] ?? 'statuses';
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Tabs
        id="settings"
        value={current}
        onChange={(v) => v && navigate(`/settings/${v}`)}
        mb="md"
        keepMounted={false}
      >
        {/* On a phone the tabs scroll sideways inside their row rather than widening the page. */}
        <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          {settingsSections.map((s) => (
            <Tabs.Tab key={s.path} value={s.path} aria-controls="settings-section">
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <div id="settings-section" role="tabpanel" aria-labelledby={`settings-tab-${current}`}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </div>
    </>
  );
}
