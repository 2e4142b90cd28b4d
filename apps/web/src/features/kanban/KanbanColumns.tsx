import { useMemo } from 'react';
import {
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Rating,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';

import { useDraggable, useDroppable } from '@dnd-kit/core';
import { IconAlertTriangle, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';

import { useNavigate } from 'react-router';
import type { LeadListItem, LeadStatus, LeadSummary, LeadView } from '@leadline/contract';
import { formatMoney, formatNumber } from '../../i18n/format';
import { useUsers } from '../../lib/queries';

import { ErrorState, LoadingState } from '../../components/States';

import { useColumn } from './api';
import { companyOf } from '../leads/columns';

import { useTranslation } from 'react-i18next';
import { textColourOn } from '../../app/theme';
import { NextStep } from '../work/NextStep';

/** The board's columns: an open status's column of draggable cards, a closed status's drop target. */

/** A status's count and sums, as the board's header of the column shows them. */
export type StatusTotals = LeadSummary['groups'][number];

export function Column({
  status,
  view,
  q,
  totals,
  onCollapse,
}: {
  status: LeadStatus;
  view: LeadView;
  q: string;
  /** Undefined while the totals load: the loaded cards stand in for them. */
  totals?: StatusTotals;
  onCollapse?: () => void;
}) {
  const { t } = useTranslation('leads');
  const { setNodeRef, isOver } = useDroppable({ id: status.id });
  const col = useColumn(status, view, q);
  const leads = col.data?.pages.flatMap((p) => p.items) ?? [];
  const total = totals?.count ?? col.data?.pages[0]?.total;
  const loadedSum = leads.reduce((s, l) => s + (l.targetAmount ? Number(l.targetAmount.amount) : 0), 0);
  const currency = leads.find((l) => l.targetAmount)?.targetAmount?.currency ?? 'EUR';
  const partial = !totals && col.hasNextPage;
  const sum = totals
    ? (totals.targetAmountSum ?? { amount: '0', currency })
    : { amount: String(loadedSum), currency };
  const otherSums = totals?.targetAmountSums.slice(1) ?? [];
  return (
    <Paper
      ref={setNodeRef}
      role="listitem"
      aria-label={status.name}
      miw={180}
      mih="calc(100vh - 200px)"
      bg={isOver ? 'indigo.0' : 'gray.0'}
      withBorder
      style={{
        flex: '1 1 0',
        maxWidth: 320,
        display: 'flex',
        flexDirection: 'column',
        borderTop: `3px solid ${status.color}`,
        transition: 'background 120ms',
      }}
    >
      <Box p="xs" pb={6}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" truncate>
              {status.name}
            </Text>
            <Badge
              color="gray"
              variant="light"
              aria-label={t('leadCount', { count: total ?? 0, formatted: formatNumber(total ?? 0) })}
            >
              {total ?? '…'}
            </Badge>
          </Group>
          {onCollapse && (
            <UnstyledButton onClick={onCollapse} aria-label={t('kanban.collapse', { status: status.name })}>
              <IconChevronLeft size={14} />
            </UnstyledButton>
          )}
        </Group>
        <Tooltip
          label={
            partial
              ? t('kanban.totalLoaded')
              : otherSums.length > 0
                ? t('kanban.totalAlso', { others: otherSums.map((m) => formatMoney(m)).join(', ') })
                : t('kanban.total')
          }
        >
          <Text size="xs" c="dimmed" data-testid="kanban-column-total">
            {formatMoney(sum)}
            {partial || otherSums.length > 0 ? '+' : ''}
          </Text>
        </Tooltip>
      </Box>
      <ScrollArea style={{ flex: 1 }} px="xs" type="auto">
        <Stack gap={6} pb="xs">
          {col.isLoading && <LoadingState label="" />}
          {col.isError && <ErrorState error={col.error} onRetry={() => void col.refetch()} />}
          {leads.map((l) => (
            <DraggableCard key={l.id} lead={l} />
          ))}
          {!col.isLoading && leads.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {t('kanban.noLeads')}
            </Text>
          )}
          {col.hasNextPage && (
            <Button
              variant="subtle"
              onClick={() => void col.fetchNextPage()}
              loading={col.isFetchingNextPage}
            >
              {t('kanban.showMore')}
            </Button>
          )}
        </Stack>
      </ScrollArea>
    </Paper>
  );
}

export function ClosedColumn({ status, onExpand }: { status: LeadStatus; onExpand: () => void }) {
  const { t } = useTranslation('leads');
  const { setNodeRef, isOver } = useDroppable({ id: status.id });
  return (
    <Paper
      ref={setNodeRef}
      role="listitem"
      aria-label={status.name}
      w={40}
      miw={40}
      mih="calc(100vh - 200px)"
      withBorder
      bg={isOver ? status.color : 'gray.1'}
      style={{ borderTop: `3px solid ${status.color}`, cursor: 'pointer', transition: 'background 120ms' }}
      onClick={onExpand}
    >
      <UnstyledButton
        onClick={onExpand}
        aria-expanded={false}
        aria-label={t('kanban.expand', { status: status.name })}
        w="100%"
      >
        <Stack align="center" gap="xs" pt="xs">
          <IconChevronRight size={14} />
          <Text
            size="xs"
            fw={600}
            c={isOver ? textColourOn(status.color) : 'dark.4'}
            style={{ writingMode: 'vertical-rl', whiteSpace: 'nowrap' }}
          >
            {status.name}
          </Text>
        </Stack>
      </UnstyledButton>
    </Paper>
  );
}

export function DraggableCard({ lead }: { lead: LeadListItem }) {
  const { t } = useTranslation('leads');
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: lead.id,
    data: { lead },
    attributes: { roleDescription: t('kanban.a11y.card') },
  });
  // The card is one control, named by its whole text: Space picks it up, Enter opens the lead.
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      onKeyDown={(e) => {
        if (e.key === 'Enter') navigate(`/leads/${lead.id}`);
        else listeners?.onKeyDown?.(e);
      }}
      data-kanban-lead={lead.id}
      className="ll-focusable"
      style={{ opacity: isDragging ? 0.35 : 1, borderRadius: 'var(--mantine-radius-md)' }}
    >
      <Card lead={lead} />
    </div>
  );
}

export function Card({ lead, overlay }: { lead: LeadListItem; overlay?: boolean }) {
  const { t } = useTranslation('leads');
  const navigate = useNavigate();
  const users = useUsers();
  const owner = useMemo(
    () => users.data?.items.find((u) => u.id === lead.ownerId),
    [users.data, lead.ownerId],
  );
  return (
    <Paper
      withBorder
      p={8}
      shadow={overlay ? 'lg' : 'xs'}
      style={{ cursor: overlay ? 'grabbing' : 'grab', transform: overlay ? 'rotate(2deg)' : undefined }}
      onDoubleClick={() => navigate(`/leads/${lead.id}`)}
      data-testid="kanban-card"
    >
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" c="dimmed" ff="monospace">
          {lead.number}
        </Text>
        {lead.overdueDays > 0 && (
          <Tooltip label={t('daysOverdue', { count: lead.overdueDays })}>
            <Badge
              color="red"
              size="xs"
              leftSection={<IconAlertTriangle size={10} />}
              aria-label={t('kanban.overdue')}
            >
              {lead.overdueDays}d
            </Badge>
          </Tooltip>
        )}
      </Group>
      {/* A click on the name opens the lead; from the keyboard, Enter on the card does. */}
      <Text
        size="sm"
        fw={600}
        lineClamp={2}
        mt={2}
        className="ll-link"
        style={{ cursor: 'pointer' }}
        onPointerDown={(e) => e.stopPropagation()}
        onClick={() => navigate(`/leads/${lead.id}`)}
      >
        {lead.name}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {companyOf(lead) || '—'}
      </Text>
      <NextStep lead={lead} />
      <Group justify="space-between" mt={6} wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <Rating
            size="xs"
            value={lead.score ?? 0}
            readOnly
            aria-label={t('scoreOf', { score: lead.score ?? 0 })}
          />
          {lead.computedScore > 0 && (
            <Badge
              size="xs"
              variant="light"
              color="grape"
              title={t('computedScoreOf', { score: lead.computedScore })}
            >
              {lead.computedScore}
            </Badge>
          )}
        </Group>
        <Text size="xs" fw={600}>
          {formatMoney(lead.targetAmount)}
        </Text>
      </Group>
      <Text size="xs" c={owner ? 'dark.3' : 'dimmed'} mt={2} truncate>
        {owner?.name ?? t('unassigned')}
      </Text>
    </Paper>
  );
}
