import type { ReactNode } from 'react';
import { Badge, Group, Rating, Text, Tooltip } from '@mantine/core';
import type { Lead, LeadStatus, User } from '@leadline/contract';
import { formatDate, formatMoney, fromNow, personName } from '../../lib/format';
import type { RefItem } from '../../lib/refs';

export interface ColumnContext {
  statuses: Map<string, LeadStatus>;
  users: Map<string, User>;
  sources: Map<string, RefItem>;
  units: Map<string, RefItem>;
}

export interface LeadColumn {
  id: string;
  label: string;
  width: number;
  /** The `sort` key the API accepts for this column, when it can be sorted. */
  sortKey?: string;
  render: (lead: Lead, ctx: ColumnContext) => ReactNode;
}

export const companyOf = (l: Pick<Lead, 'companyName' | 'leadCompanyName'>) =>
  l.companyName ?? l.leadCompanyName ?? '';

export function StatusBadge({ status }: { status: LeadStatus | undefined }) {
  if (!status) return null;
  return (
    <Badge
      variant="light"
      color={status.color}
      leftSection={<span style={{ width: 6, height: 6, borderRadius: 3, background: status.color }} />}
      styles={{ root: { maxWidth: '100%' } }}
    >
      {status.name}
    </Badge>
  );
}

const priorityColors: Record<string, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export const allColumns: LeadColumn[] = [
  {
    id: 'number',
    label: 'Number',
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
    label: 'Name',
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
    label: 'Status',
    width: 170,
    render: (l, c) => <StatusBadge status={c.statuses.get(l.statusId)} />,
  },
  {
    id: 'company',
    label: 'Company',
    width: 190,
    render: (l) => (
      <Text size="sm" truncate>
        {companyOf(l)}
      </Text>
    ),
  },
  {
    id: 'contact',
    label: 'Contact',
    width: 170,
    render: (l) => (
      <Text size="sm" truncate>
        {personName(l)}
      </Text>
    ),
  },
  {
    id: 'owner',
    label: 'Owner',
    width: 150,
    render: (l, c) => (
      <Text size="sm" truncate c={l.ownerId ? undefined : 'dimmed'}>
        {l.ownerId ? (c.users.get(l.ownerId)?.name ?? '…') : 'Unassigned'}
      </Text>
    ),
  },
  {
    id: 'unit',
    label: 'Unit',
    width: 130,
    render: (l, c) => (
      <Text size="sm" truncate>
        {l.unitId ? (c.units.get(l.unitId)?.name ?? '') : ''}
      </Text>
    ),
  },
  {
    id: 'source',
    label: 'Lead source',
    width: 130,
    render: (l, c) => (
      <Text size="sm" truncate>
        {c.sources.get(l.sourceId)?.name ?? ''}
      </Text>
    ),
  },
  {
    id: 'targetAmount',
    label: 'Target amount',
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
    label: 'Probability',
    width: 96,
    sortKey: 'probability',
    render: (l) => (l.probability === null ? '' : `${l.probability} %`),
  },
  {
    id: 'score',
    label: 'Score',
    width: 100,
    sortKey: 'score',
    render: (l) => (
      <Rating size="xs" value={l.score ?? 0} readOnly aria-label={`Score ${l.score ?? 0} of 5`} />
    ),
  },
  {
    id: 'computedScore',
    label: 'Computed score',
    width: 120,
    sortKey: 'computedScore',
    render: (l) => l.computedScore,
  },
  {
    id: 'priority',
    label: 'Priority',
    width: 90,
    render: (l) => <Badge color={priorityColors[l.priority]}>{l.priority}</Badge>,
  },
  {
    id: 'expectedCompletionDate',
    label: 'Expected completion date',
    width: 150,
    sortKey: 'expectedCompletionDate',
    render: (l) => (
      <Group gap={4} wrap="nowrap">
        <Text size="sm">{formatDate(l.expectedCompletionDate)}</Text>
        {l.overdueDays > 0 && (
          <Tooltip label={`${l.overdueDays} days overdue`}>
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
    label: 'Start date',
    width: 110,
    sortKey: 'startDate',
    render: (l) => formatDate(l.startDate),
  },
  {
    id: 'lastEventAt',
    label: 'Last event date',
    width: 120,
    sortKey: 'lastEventAt',
    render: (l) => fromNow(l.lastEventAt),
  },
  {
    id: 'nextEventAt',
    label: 'Next scheduled event date',
    width: 150,
    sortKey: 'nextEventAt',
    render: (l) => formatDate(l.nextEventAt),
  },
  {
    id: 'tags',
    label: 'Tags',
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
    label: 'Created',
    width: 110,
    sortKey: 'createdAt',
    render: (l) => formatDate(l.createdAt),
  },
  {
    id: 'updatedAt',
    label: 'Updated',
    width: 110,
    sortKey: 'updatedAt',
    render: (l) => fromNow(l.updatedAt),
  },
];

export const defaultColumnIds = [
  'number',
  'name',
  'status',
  'company',
  'contact',
  'owner',
  'targetAmount',
  'score',
  'expectedCompletionDate',
  'updatedAt',
];
export const columnById = new Map(allColumns.map((c) => [c.id, c]));
