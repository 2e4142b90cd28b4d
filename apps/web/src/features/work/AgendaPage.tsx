import { Anchor, Badge, Checkbox, Group, Paper, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@leadline/contract';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { openStaleDialog } from '../../components/StaleDialog';
import { formatDateTime } from '../../i18n/format';
import { isStale } from '../../lib/api';
import { changeActivity, useAgenda, useWorkChanged, type AgendaWindow } from './api';
import { activityIcons, isOverdue } from './ActivitiesPanel';
import { useActivityTypeLabels } from './activityLabels';
import { CalendarFeedButton } from './CalendarFeedButton';

const windows: AgendaWindow[] = ['today', 'overdue', 'week'];

function AgendaList({ due }: { due: AgendaWindow }) {
  const { t } = useTranslation('work');
  const list = useAgenda(due);
  const typeLabels = useActivityTypeLabels();
  const changed = useWorkChanged();
  const done = useMutation({
    mutationFn: (a: Activity) => changeActivity(a, { done: true }),
    onSuccess: (a) => {
      notifySuccess(t('agenda.doneNamed', { subject: a.subject }));
      changed();
    },
    onError: (e) => (isStale(e) ? openStaleDialog(changed) : notifyError(e)),
  });
  if (list.isLoading) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  if (items.length === 0)
    return (
      <EmptyState
        title={
          {
            today: t('agenda.empty.today'),
            overdue: t('agenda.empty.overdue'),
            week: t('agenda.empty.week'),
          }[due]
        }
        description={t('agenda.emptyHint')}
      />
    );
  return (
    <Stack gap="xs">
      {items.map((a) => {
        const Icon = activityIcons[a.type];
        const overdue = isOverdue(a);
        return (
          <Paper key={a.id} withBorder p="sm" data-testid="agenda-item">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                <Checkbox
                  mt={2}
                  aria-label={t('agenda.markDoneNamed', { subject: a.subject })}
                  checked={false}
                  disabled={done.isPending && done.variables?.id === a.id}
                  onChange={() => done.mutate(a)}
                />
                <div style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Tooltip label={typeLabels[a.type]}>
                      <Icon size={16} aria-label={typeLabels[a.type]} style={{ flex: 'none' }} />
                    </Tooltip>
                    <Text fw={500} size="sm" style={{ wordBreak: 'break-word' }}>
                      {a.subject}
                    </Text>
                  </Group>
                  <Anchor component={Link} to={`/leads/${a.leadId}`} size="sm">
                    {a.leadNumber} · {a.leadName}
                  </Anchor>
                </div>
              </Group>
              <Stack gap={2} align="flex-end" style={{ flex: 'none' }}>
                <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
                  {formatDateTime(a.dueAt ?? a.startAt)}
                </Text>
                {overdue && (
                  <Badge size="xs" color="red" variant="light">
                    {t('activity.overdue')}
                  </Badge>
                )}
              </Stack>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** My activities: today, overdue, this week; done with one click. */
export function AgendaPage() {
  const { t } = useTranslation('work');
  const [params, setParams] = useSearchParams();
  const tab = (windows as string[]).includes(params.get('due') ?? '')
    ? (params.get('due') as AgendaWindow)
    : 'today';
  const overdue = useAgenda('overdue');
  const tabLabels: Record<AgendaWindow, string> = {
    today: t('agenda.tab.today'),
    overdue: t('agenda.tab.overdue'),
    week: t('agenda.tab.week'),
  };
  return (
    <Stack gap="sm">
      <PageHeader title={t('agenda.title')} actions={<CalendarFeedButton />} />
      <Tabs value={tab} onChange={(v) => v && setParams({ due: v }, { replace: true })}>
        <Tabs.List>
          {windows.map((w) => (
            <Tabs.Tab
              key={w}
              value={w}
              // Every tab shows the one list below.
              aria-controls="agenda-list"
              rightSection={
                w === 'overdue' && (overdue.data?.total ?? 0) > 0 ? (
                  <Badge size="xs" color="red" circle>
                    {overdue.data?.total}
                  </Badge>
                ) : null
              }
            >
              {tabLabels[w]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <div id="agenda-list">
        <AgendaList due={tab} />
      </div>
    </Stack>
  );
}
