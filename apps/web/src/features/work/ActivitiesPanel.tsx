import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconCalendarEvent,
  IconCheck,
  IconMail,
  IconPhone,
  IconPlus,
  IconSquareCheck,
  IconTrash,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Activity, Lead, PlannedActivityType } from '@leadline/contract';
import { formatDateTime } from '../../i18n/format';
import { useUsers } from '../../lib/queries';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError } from '../../components/notify';
import { deleteActivity, useLeadActivities, useWorkChanged } from './api';
import { useActivityTypeLabels } from './activityLabels';
import { DoneDialog } from './DoneDialog';
import { PlanActivityDialog } from './PlanActivityDialog';

export const activityIcons: Record<PlannedActivityType, typeof IconPhone> = {
  call: IconPhone,
  meeting: IconUsersGroup,
  task: IconSquareCheck,
  email: IconMail,
  event: IconCalendarEvent,
};

const whenOf = (a: Activity) => a.dueAt ?? a.startAt;
export const isOverdue = (a: Activity, now = Date.now()) =>
  !a.done && whenOf(a) !== null && Date.parse(whenOf(a)!) < now;

/** The lead's planned and done activities, with "Plan" and "Done". */
export function ActivitiesPanel({ lead }: { lead: Lead }) {
  const { t } = useTranslation('work');
  const list = useLeadActivities(lead.id);
  const users = useUsers();
  const typeLabels = useActivityTypeLabels();
  const changed = useWorkChanged();
  const [planning, setPlanning] = useState(false);
  const [finishing, setFinishing] = useState<Activity | null>(null);
  const remove = useMutation({
    mutationFn: deleteActivity,
    onSuccess: changed,
    onError: (e) => notifyError(e),
  });
  const items = list.data?.items ?? [];
  const open = items.filter((a) => !a.done);
  const done = items.filter((a) => a.done).reverse();
  const nameOf = (id: string | null) => users.data?.items.find((u) => u.id === id)?.name ?? '';

  const row = (a: Activity) => {
    const Icon = activityIcons[a.type];
    const overdue = isOverdue(a);
    return (
      <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="activity-row">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Tooltip label={typeLabels[a.type]}>
            <Icon size={16} aria-label={typeLabels[a.type]} color={a.done ? 'gray' : undefined} />
          </Tooltip>
          <div style={{ minWidth: 0 }}>
            <Text
              size="sm"
              fw={500}
              td={a.done ? 'line-through' : undefined}
              style={{ wordBreak: 'break-word' }}
            >
              {a.subject}
            </Text>
            <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
              {[whenOf(a) ? formatDateTime(whenOf(a)) : t('activity.noDate'), nameOf(a.assigneeId)]
                .filter(Boolean)
                .join(' · ')}
              {overdue ? ` · ${t('activity.overdue')}` : ''}
            </Text>
            {a.done && a.outcome && (
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {t('activity.outcomeIs', { outcome: a.outcome })}
              </Text>
            )}
          </div>
        </Group>
        {lead.active && (
          <Group gap={4} wrap="nowrap">
            {!a.done && (
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconCheck size={12} />}
                onClick={() => setFinishing(a)}
              >
                {t('activity.done')}
              </Button>
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('activity.deleteNamed', { subject: a.subject })}
              onClick={() => remove.mutate(a.id)}
            >
              <IconTrash size={14} />
            </ActionIcon>
          </Group>
        )}
      </Group>
    );
  };

  return (
    <Paper component="section" withBorder p="sm" aria-labelledby="activities-title">
      <Group justify="space-between" mb="xs">
        <Title order={4} id="activities-title">
          {t('activity.title')}
        </Title>
        {lead.active && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setPlanning(true)}>
            {t('activity.planButton')}
          </Button>
        )}
      </Group>
      {list.isLoading ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('activity.none')}
        </Text>
      ) : (
        <Stack gap="xs">
          {open.map(row)}
          {done.length > 0 && (
            <Badge variant="light" color="gray" mt={4}>
              {t('activity.doneCount', { count: done.length })}
            </Badge>
          )}
          {done.slice(0, 10).map(row)}
        </Stack>
      )}
      <PlanActivityDialog lead={lead} opened={planning} onClose={() => setPlanning(false)} />
      <DoneDialog activity={finishing} onClose={() => setFinishing(null)} />
    </Paper>
  );
}
