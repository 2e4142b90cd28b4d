import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LeadListItem } from '@leadline/contract';
import { LeadCard } from '../../components/LeadCard';
import { formatDate } from '../../i18n/format';
import { columnById, type ColumnContext } from './columns';

/** The grid columns whose fields a card shows (the list asks the server for these fields only). */
export const cardColumns = [
  'number',
  'name',
  'company',
  'contact',
  'status',
  'owner',
  'expectedCompletionDate',
];

/**
 * The lead list on a phone: one card per lead with its key fields (name, number, company, contact,
 * status, owner, expected completion), each shown as the grid's column shows it.
 */
export function LeadCards({
  leads,
  ctx,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  leads: LeadListItem[];
  ctx: ColumnContext;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation('leads');
  const cell = (id: string, lead: LeadListItem) => columnById.get(id)?.render(lead, ctx) ?? null;
  return (
    <Stack gap="xs">
      <Stack gap="xs" role="list" aria-label={t('title')}>
        {leads.map((lead) => (
          <LeadCard key={lead.id} lead={lead}>
            <Group gap={6} wrap="nowrap" mt={2} style={{ minWidth: 0 }}>
              <div style={{ minWidth: 0, flex: 1 }}>{cell('company', lead)}</div>
              <div style={{ minWidth: 0, flex: 1 }}>{cell('contact', lead)}</div>
            </Group>
            <Group justify="space-between" gap={6} mt={6} wrap="nowrap">
              <div style={{ minWidth: 0 }}>{cell('status', lead)}</div>
              <div style={{ minWidth: 0, maxWidth: '50%' }}>{cell('owner', lead)}</div>
            </Group>
            {lead.expectedCompletionDate && (
              <Text size="xs" c={lead.overdueDays > 0 ? 'red.8' : 'dimmed'} mt={4}>
                {t('list.dueOn', { date: formatDate(lead.expectedCompletionDate) })}
                {lead.overdueDays > 0 && ` · ${t('daysOverdue', { count: lead.overdueDays })}`}
              </Text>
            )}
          </LeadCard>
        ))}
      </Stack>
      {hasMore && (
        <Button variant="default" onClick={onLoadMore} loading={loadingMore} style={{ alignSelf: 'center' }}>
          {t('common:loadMore')}
        </Button>
      )}
    </Stack>
  );
}
