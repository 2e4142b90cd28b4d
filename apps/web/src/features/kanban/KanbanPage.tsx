import { useState } from 'react';
import { Group, ScrollArea, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardCode,
  pointerWithin,
  rectIntersection,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { IconSearch } from '@tabler/icons-react';
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';

import type { LeadListItem, LeadAction, LeadStatus, LeadView } from '@leadline/contract';

import { type Page } from '../../lib/queries';
import { useStatuses } from '../../lib/refs';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { ActionDialog } from '../leads/ActionDialog';
import { leadKeys, runAction } from '../leads/api';
import { kanbanKeys, useTotals } from './api';

import { offeredActions, useActionLabels } from '../leads/offeredActions';
import { useSession } from '../../app/auth';
import { useTranslation } from 'react-i18next';

import { Card, ClosedColumn, Column, type StatusTotals } from './KanbanColumns';

/**
 * The column under the pointer wins; thin collapsed columns would lose a contest of overlapping areas. Moved
 * by keyboard there is no pointer: the column whose centre is nearest the card's wins.
 */
const pointerFirst: CollisionDetection = (args) => {
  if (!args.pointerCoordinates) return closestCenter(args);
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

/**
 * Keyboard moves go column by column: Right and Left put the card over the centre of the next or the previous
 * status (collapsed closed ones included), whatever their widths.
 */
const columnByColumn: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const step = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  const card = context.collisionRect;
  if (!step || !card) return undefined;
  event.preventDefault();
  const columns = context.droppableContainers
    .getEnabled()
    .map((c) => ({ id: c.id, rect: context.droppableRects.get(c.id) }))
    .filter((c): c is { id: string; rect: NonNullable<typeof c.rect> } => !!c.rect)
    .sort((a, b) => a.rect.left - b.rect.left);
  const centre = card.left + card.width / 2;
  const here =
    columns.findIndex((c) => c.id === context.over?.id) >= 0
      ? columns.findIndex((c) => c.id === context.over?.id)
      : columns.findIndex((c) => c.rect.left <= centre && centre <= c.rect.left + c.rect.width);
  const next = columns[Math.min(columns.length - 1, Math.max(0, here + step))];
  if (!next) return undefined;
  return { x: next.rect.left + next.rect.width / 2 - card.width / 2, y: currentCoordinates.y };
};

const isOpen = (s: LeadStatus) => s.phase === 'new' || s.phase === 'in_progress';
const actionFor: Partial<Record<LeadStatus['phase'], LeadAction>> = {
  won: 'qualify',
  lost: 'disqualify',
  dropped: 'drop',
};

/**
 * The pipeline board: a column per open status in order, the closed ones collapsed at the end. A card
 * dragged to another open status moves there at once (and back if the server refuses); dropped on a
 * closed status it opens that status's action.
 */
export function KanbanPage() {
  const { t } = useTranslation('leads');
  const actionLabels = useActionLabels();
  const qc = useQueryClient();
  const { user } = useSession();
  const statuses = useStatuses();
  const [view, setView] = useState<LeadView>('my');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [dragging, setDragging] = useState<LeadListItem | null>(null);
  const [pending, setPending] = useState<{ lead: LeadListItem; action: LeadAction } | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnByColumn,
      // Enter is kept for opening the lead.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const statusName = (id: unknown) => active.find((s) => s.id === id)?.name ?? '';
  const leadOf = (a: { data: { current?: unknown } }) =>
    (a.data.current as { lead?: LeadListItem } | undefined)?.lead;
  /** What a screen reader says while a card moves, in the user's language. */
  const announcements: Announcements = {
    onDragStart: ({ active: a }) => {
      const lead = leadOf(a);
      return lead && t('kanban.a11y.pickedUp', { number: lead.number, status: statusName(lead.statusId) });
    },
    onDragOver: ({ active: a, over }) => {
      const lead = leadOf(a);
      if (!lead) return undefined;
      return over
        ? t('kanban.a11y.over', { number: lead.number, status: statusName(over.id) })
        : t('kanban.a11y.notOver', { number: lead.number });
    },
    onDragEnd: ({ active: a, over }) => {
      const lead = leadOf(a);
      if (!lead) return undefined;
      return over && over.id !== lead.statusId
        ? t('kanban.a11y.dropped', { number: lead.number, status: statusName(over.id) })
        : t('kanban.a11y.stays', { number: lead.number, status: statusName(lead.statusId) });
    },
    onDragCancel: ({ active: a }) => {
      const lead = leadOf(a);
      return lead && t('kanban.a11y.cancelled', { number: lead.number, status: statusName(lead.statusId) });
    },
  };
  const active = (statuses.data ?? []).filter((s) => s.active);
  const openCols = active.filter(isOpen);
  const closedCols = active.filter((s) => !isOpen(s));
  const closedView: LeadView = view === 'my' ? 'my' : 'closed';
  const openTotals = useTotals(view, q);
  const closedTotals = useTotals(closedView, q);
  const totalsOf = (t: typeof openTotals, statusId: string) =>
    t.data ? (t.data.groups.find((g) => g.statusId === statusId) ?? emptyTotals(statusId)) : undefined;

  function onDragStart(e: DragStartEvent) {
    setDragging((e.active.data.current as { lead: LeadListItem } | undefined)?.lead ?? null);
  }

  async function onDragEnd(e: DragEndEvent) {
    setDragging(null);
    const lead = (e.active.data.current as { lead: LeadListItem } | undefined)?.lead;
    const target = active.find((s) => s.id === e.over?.id);
    if (!lead || !target || target.id === lead.statusId) return;
    if (!isOpen(target)) {
      const action = actionFor[target.phase];
      if (!action) return;
      if (offeredActions(lead, user).has(action)) setPending({ lead, action });
      else
        notifyError(
          new Error(t('kanban.mayNot', { action: actionLabels[action], number: lead.number })),
          t('kanban.notAllowed'),
        );
      return;
    }
    // Optimistic: the card moves now; a refusal puts it back and says why.
    const from = kanbanKeys.column(view, q, lead.statusId);
    const to = kanbanKeys.column(view, q, target.id);
    await Promise.all([qc.cancelQueries({ queryKey: from }), qc.cancelQueries({ queryKey: to })]);
    const before = { from: qc.getQueryData(from), to: qc.getQueryData(to) };
    const moved = { ...lead, statusId: target.id, phase: target.phase };
    qc.setQueryData<InfiniteData<Page<LeadListItem>>>(
      from,
      (d) => d && mapPages(d, (items) => items.filter((x) => x.id !== lead.id), -1),
    );
    qc.setQueryData<InfiniteData<Page<LeadListItem>>>(
      to,
      (d) => d && mapPages(d, (items, i) => (i === 0 ? [moved, ...items] : items), 1),
    );
    // Moved by keyboard, the card keeps the focus in its new column (once it is drawn there).
    if (e.activatorEvent instanceof KeyboardEvent)
      setTimeout(() => document.querySelector<HTMLElement>(`[data-kanban-lead="${lead.id}"]`)?.focus(), 60);
    try {
      await runAction(lead.id, 'move', { statusId: target.id });
      notifySuccess(t('kanban.moved', { number: lead.number, status: target.name }));
    } catch (err) {
      qc.setQueryData(from, before.from);
      qc.setQueryData(to, before.to);
      notifyError(err, t('kanban.notMoved', { number: lead.number }));
    } finally {
      void qc.invalidateQueries({ queryKey: leadKeys.all });
    }
  }

  return (
    <Stack gap="xs" h="calc(100vh - 80px)">
      <PageHeader
        title={t('kanban.kanban')}
        subtitle={t('kanban.subtitle')}
        actions={
          <>
            <TextInput
              data-page-search
              aria-label={t('list.search')}
              placeholder={t('kanban.searchLeads')}
              leftSection={<IconSearch size={14} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={240}
            />
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => setView(v as LeadView)}
              data={[
                { value: 'my', label: t('view.my') },
                { value: 'open', label: t('kanban.allOpen') },
              ]}
            />
          </>
        }
      />
      {statuses.isLoading ? (
        <LoadingState />
      ) : statuses.isError ? (
        <ErrorState error={statuses.error} onRetry={() => void statuses.refetch()} />
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={pointerFirst}
          onDragStart={onDragStart}
          onDragEnd={(e) => void onDragEnd(e)}
          onDragCancel={() => setDragging(null)}
          accessibility={{
            announcements,
            screenReaderInstructions: { draggable: t('kanban.a11y.instructions') },
          }}
        >
          <ScrollArea type="auto" style={{ flex: 1 }} offsetScrollbars>
            <Group
              gap={6}
              align="stretch"
              wrap="nowrap"
              h="100%"
              pb="xs"
              role="list"
              aria-label={t('kanban.pipeline')}
            >
              {openCols.map((s) => (
                <Column key={s.id} status={s} view={view} q={q} totals={totalsOf(openTotals, s.id)} />
              ))}
              {closedCols.map((s) =>
                expanded.has(s.id) ? (
                  <Column
                    key={s.id}
                    status={s}
                    view={closedView}
                    q={q}
                    totals={totalsOf(closedTotals, s.id)}
                    onCollapse={() => setExpanded((x) => new Set([...x].filter((i) => i !== s.id)))}
                  />
                ) : (
                  <ClosedColumn
                    key={s.id}
                    status={s}
                    onExpand={() => setExpanded((x) => new Set(x).add(s.id))}
                  />
                ),
              )}
            </Group>
          </ScrollArea>
          <DragOverlay>{dragging && <Card lead={dragging} overlay />}</DragOverlay>
        </DndContext>
      )}
      {pending && (
        <ActionDialog lead={pending.lead} action={pending.action} onClose={() => setPending(null)} />
      )}
    </Stack>
  );
}

const emptyTotals = (statusId: string): StatusTotals => ({
  statusId,
  count: 0,
  targetAmountSum: null,
  targetAmountSums: [],
});

function mapPages(
  d: InfiniteData<Page<LeadListItem>>,
  f: (items: LeadListItem[], i: number) => LeadListItem[],
  delta: number,
): InfiniteData<Page<LeadListItem>> {
  return {
    ...d,
    pages: d.pages.map((p, i) => ({
      ...p,
      items: f(p.items, i),
      total: i === 0 && p.total !== undefined ? p.total + delta : p.total,
    })),
  };
}
