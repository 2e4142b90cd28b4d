import type { ReactNode } from 'react';
import { Badge, Group, Rating, Text, Tooltip } from '@mantine/core';
import type { Lead, LeadListItem, LeadStatus, User } from '@leadline/contract';
import type { TFunction } from 'i18next';
import { formatDate, formatMoney, formatNumber, fromNow } from '../../i18n/format';
import { personName } from '../../lib/format';
import type { RefItem } from '../../lib/refs';
import { readableColour } from '../../app/theme';

/** The columns a list shows until the user chooses: kept beside the fields each column asks for. */
export { defaultColumnIds } from './listFields';

export interface ColumnContext {
  statuses: Map<string, LeadStatus>;
  users: Map<string, User>;
  sources: Map<string, RefItem>;
  units: Map<string, RefItem>;
  t: TFunction;
}

export interface LeadColumn {
  id: string;
  /** The header, in the user's language. */
  label: (t: TFunction) => string;
  width: number;
  /** The `sort` key the API accepts for this column, when it can be sorted. */
  sortKey?: string;
  render: (lead: LeadListItem, ctx: ColumnContext) => ReactNode;
}

/** The company a lead is shown with: the linked company, else the new company, else the name as typed. */
export const companyOf = (l: Pick<LeadListItem, 'linkedCompanyName' | 'companyName' | 'leadCompanyName'>) =>
  l.linkedCompanyName ?? l.companyName ?? l.leadCompanyName ?? '';

export function StatusBadge({ status }: { status: LeadStatus | undefined }) {
  if (!status) return null;
  return (
    <Badge
      variant="light"
      color={readableColour(status.color)}
      leftSection={<span style={{ width: 6, height: 6, borderRadius: 3, background: status.color }} />}
      styles={{ root: { maxWidth: '100%' } }}
    >
      {status.name}
    </Badge>
  );
}

const priorityColors: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

function levelLabel(t: TFunction, level: Lead['priority']): string {
  const labels: Record<Lead['priority'], string> = {
    low: t('common:level.low'),
    normal: t('common:level.normal'),
    high: t('common:level.high'),
    urgent: t('common:level.urgent'),
  };
  return labels[level] ?? level;
}

export const allColumns: LeadColumn[] = [
  {
    id: 'number',
    label: (t) => t('leads:page.number'),
    width: 96,
    sortKey: 'number',
    render: (l) => (
      <Text ff="monospace" size="xs">
        {l.number}
      </Text>
    ),
  },
  {
    id: 'name',
    label: (t) => t('leads:field.name'),
    width: 260,
    sortKey: 'name',
    render: (l) => (
      <Text size="sm" fw={500} truncate>
        {l.name}
      </Text>
    ),
  },
  {
    id: 'status',
    label: (t) => t('leads:field.statusId'),
    width: 170,
    render: (l, c) => <StatusBadge status={c.statuses.get(l.statusId)} />,
  },
  {
    id: 'company',
    label: (t) => t('leads:form.company'),
    width: 190,
    render: (l) => (
      <Text size="sm" truncate>
        {companyOf(l)}
      </Text>
    ),
  },
  {
    id: 'contact',
    label: (t) => t('leads:form.contact'),
    width: 170,
    render: (l) => (
      <Text size="sm" truncate>
        {personName(l)}
      </Text>
    ),
  },
  {
    id: 'owner',
    label: (t) => t('leads:field.ownerId'),
    width: 150,
    render: (l, c) => (
      <Text size="sm" truncate c={l.ownerId ? undefined : 'dimmed'}>
        {l.ownerId ? (c.users.get(l.ownerId)?.name ?? '…') : c.t('leads:unassigned')}
      </Text>
    ),
  },
  {
    id: 'unit',
    label: (t) => t('leads:field.unitId'),
    width: 130,
    render: (l, c) => (
      <Text size="sm" truncate>
        {l.unitId ? (c.units.get(l.unitId)?.name ?? '') : ''}
      </Text>
    ),
  },
  {
    id: 'source',
    label: (t) => t('leads:field.sourceId'),
    width: 130,
    render: (l, c) => (
      <Text size="sm" truncate>
        {c.sources.get(l.sourceId)?.name ?? ''}
      </Text>
    ),
  },
  {
    id: 'targetAmount',
    label: (t) => t('leads:field.targetAmount'),
    width: 120,
    sortKey: 'targetAmount',
    render: (l) => (
      <Text size="sm" ta="right">
        {formatMoney(l.targetAmount)}
      </Text>
    ),
  },
  {
    id: 'probability',
    label: (t) => t('leads:column.probability'),
    width: 96,
    sortKey: 'probability',
    render: (l, c) =>
      l.probability === null ? '' : c.t('leads:percent', { value: formatNumber(l.probability) }),
  },
  {
    id: 'score',
    label: (t) => t('leads:field.score'),
    width: 100,
    sortKey: 'score',
    render: (l, c) => (
      <Rating
        size="xs"
        value={l.score ?? 0}
        readOnly
        aria-label={c.t('leads:scoreOf', { score: l.score ?? 0 })}
      />
    ),
  },
  {
    id: 'computedScore',
    label: (t) => t('leads:field.computedScore'),
    width: 120,
    sortKey: 'computedScore',
    render: (l) => l.computedScore,
  },
  {
    id: 'priority',
    label: (t) => t('leads:field.priority'),
    width: 90,
    render: (l, c) => <Badge color={priorityColors[l.priority]}>{levelLabel(c.t, l.priority)}</Badge>,
  },
  {
    id: 'expectedCompletionDate',
    label: (t) => t('leads:field.expectedCompletionDate'),
    width: 150,
    sortKey: 'expectedCompletionDate',
    render: (l, c) => (
      <Group gap={4} wrap="nowrap">
        <Text size="sm">{formatDate(l.expectedCompletionDate)}</Text>
        {l.overdueDays > 0 && (
          <Tooltip label={c.t('leads:daysOverdue', { count: l.overdueDays })}>
            <Badge color="red" variant="filled" size="xs">
              {l.overdueDays}d
            </Badge>
          </Tooltip>
        )}
      </Group>
    ),
  },
  {
    id: 'startDate',
    label: (t) => t('leads:field.startDate'),
    width: 110,
    sortKey: 'startDate',
    render: (l) => formatDate(l.startDate),
  },
  {
    id: 'lastEventAt',
    label: (t) => t('leads:field.lastEventAt'),
    width: 120,
    sortKey: 'lastEventAt',
    render: (l) => fromNow(l.lastEventAt),
  },
  {
    id: 'nextEventAt',
    label: (t) => t('leads:field.nextEventAt'),
    width: 150,
    sortKey: 'nextEventAt',
    render: (l) => formatDate(l.nextEventAt),
  },
  {
    id: 'tags',
    label: (t) => t('leads:field.tags'),
    width: 160,
    render: (l) => (
      <Group gap={3} wrap="nowrap" style={{ overflow: 'hidden' }}>
        {l.tags.map((t) => (
          <Badge key={t} color="gray" size="xs">
            {t}
          </Badge>
        ))}
      </Group>
    ),
  },
  {
    id: 'createdAt',
    label: (t) => t('leads:column.created'),
    width: 110,
    sortKey: 'createdAt',
    render: (l) => formatDate(l.createdAt),
  },
  {
    id: 'updatedAt',
    label: (t) => t('leads:column.updated'),
    width: 110,
    sortKey: 'updatedAt',
    render: (l) => fromNow(l.updatedAt),
  },
];

export const columnById = new Map(allColumns.map((c) => [c.id, c]));
