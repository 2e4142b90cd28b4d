import { Button, Paper, Stack, Text, ThemeIcon, Timeline, Title, Tooltip } from '@mantine/core';
import { IconArrowRight, IconPencil, IconSparkles } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { OpportunityHistoryItem } from '@leadline/contract';
import { formatDate, formatDateTime, formatMoney, fromNow } from '../../i18n/format';
import { nameOf, useUsers } from '../../lib/queries';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useOpportunityHistory } from './api';

/** The label of each field the history lists (literal keys, so that the catalogue check sees them). */
function fieldLabels(t: TFunction): Record<string, string> {
  return {
    name: t('records:field.name'),
    responsibleId: t('records:field.responsible'),
    city: t('records:field.city'),
    currentSituation: t('records:field.currentSituation'),
    estimatedRevenue: t('records:field.estimatedRevenue'),
    estimatedCloseDate: t('records:field.estimatedCloseDate'),
    sellingDirectionId: t('field.sellingDirection'),
    originatingLeadId: t('records:field.originatingLead'),
    companyId: t('records:field.company'),
    contactId: t('field.contact'),
    description: t('records:field.description'),
    stage: t('records:field.stage'),
    lines: t('records:field.lines'),
  };
}

function stageLabels(t: TFunction): Record<string, string> {
  return { open: t('records:stage.open'), won: t('records:stage.won'), lost: t('records:stage.lost') };
}

/** Everything that happened to the opportunity, newest first: its creation and each changed field. */
export function OpportunityHistory({ opportunityId }: { opportunityId: string }) {
  const { t } = useTranslation('opportunityHistory');
  const history = useOpportunityHistory(opportunityId);
  const users = useUsers();
  const labels = fieldLabels(t);
  const stages = stageLabels(t);

  const shown = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'responsibleId' && typeof v === 'string')
      return nameOf(users.data?.items, v) || t('linked');
    if (field.endsWith('Id')) return t('linked');
    if (field === 'stage' && typeof v === 'string') return stages[v] ?? v;
    if (field === 'estimatedCloseDate' && typeof v === 'string') return formatDate(v);
    if (field === 'estimatedRevenue' && typeof v === 'object')
      return formatMoney(v as { amount: string; currency: string });
    if (field === 'lines' && Array.isArray(v)) return t('lineCount', { count: v.length });
    return typeof v === 'string' ? v : JSON.stringify(v);
  };

  const view = (item: OpportunityHistoryItem) => {
    const actor = item.actorName ?? t('someone');
    if (item.kind === 'created')
      return {
        bullet: <IconSparkles size={12} />,
        color: '#0ca678',
        title: t('created', { actor }),
        body: null,
      };
    const field = item.field ?? '';
    return {
      bullet: field === 'stage' ? <IconArrowRight size={12} /> : <IconPencil size={12} />,
      color: field === 'stage' ? '#7048e8' : '#868e96',
      title: t('changed', { actor, field: labels[field] ?? field }),
      body: (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          <Text span td="line-through" size="xs">
            {shown(field, item.oldValue)}
          </Text>{' '}
          →{' '}
          <Text span size="xs" c="dark">
            {shown(field, item.newValue)}
          </Text>
        </Text>
      ),
    };
  };

  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Title order={4}>{t('title')}</Title>
        {history.isLoading ? (
          <LoadingState />
        ) : history.isError ? (
          <ErrorState error={history.error} onRetry={() => void history.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={t('nothingYet')} />
        ) : (
          <Timeline bulletSize={22} lineWidth={2} aria-label={t('title')}>
            {items.map((item) => {
              const v = view(item);
              return (
                <Timeline.Item
                  key={item.id}
                  bullet={
                    <ThemeIcon size={22} radius="xl" color={v.color}>
                      {v.bullet}
                    </ThemeIcon>
                  }
                  title={
                    <Text size="sm" fw={500}>
                      {v.title}
                    </Text>
                  }
                >
                  {v.body}
                  <Tooltip label={formatDateTime(item.at)}>
                    <Text size="xs" c="dimmed" mt={2} span>
                      {fromNow(item.at)}
                    </Text>
                  </Tooltip>
                </Timeline.Item>
              );
            })}
          </Timeline>
        )}
        {history.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void history.fetchNextPage()}
            loading={history.isFetchingNextPage}
          >
            {t('showOlder')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
