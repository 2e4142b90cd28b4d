import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Box, Checkbox, Group, Loader, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link, useNavigate } from 'react-router';
import type { LeadListItem } from '@leadline/contract';
import type { ColumnContext, LeadColumn } from './columns';
import { useTranslation } from 'react-i18next';

const ROW = 36;
const CHECK = 36;

interface Props {
  leads: LeadListItem[];
  columns: LeadColumn[];
  ctx: ColumnContext;
  sort: string;
  onSort: (sort: string) => void;
  selected: Set<string>;
  onSelect: (ids: Set<string>) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  height: string;
}

/**
 * The lead grid: only the visible rows are in the page, so a list of a million leads scrolls as fast as
 * one of fifty; the next page is fetched as the end comes into view. Click selects, Ctrl/Cmd-click adds
 * or removes, Shift-click selects a range; arrows move, Space selects, Enter opens; the name is a link
 * that opens the lead with one click.
 */
export function LeadGrid(p: Props) {
  const { t } = useTranslation('leads');
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const width = CHECK + p.columns.reduce((s, c) => s + c.width, 0);
  const template = `${CHECK}px ${p.columns.map((c) => `${c.width}px`).join(' ')}`;

  const virtualizer = useVirtualizer({
    count: p.leads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  const { hasMore, loadingMore, onLoadMore } = p;
  useEffect(() => {
    if (hasMore && !loadingMore && last >= p.leads.length - 20) onLoadMore();
  }, [last, hasMore, loadingMore, onLoadMore, p.leads.length]);

  const index = useMemo(() => new Map(p.leads.map((l, i) => [l.id, i])), [p.leads]);
  const allSelected = p.leads.length > 0 && p.leads.every((l) => p.selected.has(l.id));

  function clickRow(e: MouseEvent, i: number) {
    const id = p.leads[i].id;
    setActive(i);
    if (e.shiftKey && anchor !== null) {
      const [a, b] = anchor < i ? [anchor, i] : [i, anchor];
      const next = new Set(e.ctrlKey || e.metaKey ? p.selected : []);
      for (let k = a; k <= b; k++) next.add(p.leads[k].id);
      p.onSelect(next);
      return;
    }
    if (e.ctrlKey || e.metaKey) {
      const next = new Set(p.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      p.onSelect(next);
    } else {
      p.onSelect(new Set([id]));
    }
    setAnchor(i);
  }

  function toggle(i: number) {
    const id = p.leads[i].id;
    const next = new Set(p.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    p.onSelect(next);
    setAnchor(i);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (p.leads.length === 0) return;
    const move = (to: number) => {
      const i = Math.max(0, Math.min(p.leads.length - 1, to));
      setActive(i);
      virtualizer.scrollToIndex(i);
      if (e.shiftKey) {
        const next = new Set(p.selected);
        next.add(p.leads[i].id);
        p.onSelect(next);
      }
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + 15);
    else if (e.key === 'PageUp') move(active - 15);
    else if (e.key === ' ') toggle(active);
    else if (e.key === 'Enter') navigate(`/leads/${p.leads[active].id}`);
    else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) p.onSelect(new Set(p.leads.map((l) => l.id)));
    else if (e.key === 'Escape') p.onSelect(new Set());
    else return;
    e.preventDefault();
  }

  const sortField = p.sort.replace(/^-/, '').split(',')[0];
  const desc = p.sort.startsWith('-');

  return (
    <Box
      ref={scrollRef}
      role="grid"
      aria-label={t('title')}
      aria-rowcount={p.leads.length + 1}
      aria-multiselectable
      tabIndex={0}
      className="ll-grid"
      onKeyDown={onKeyDown}
      style={{
        height: p.height,
        overflow: 'auto',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 8,
        background: 'white',
      }}
    >
      <div style={{ width, minWidth: '100%' }}>
        <div
          role="row"
          style={{
            display: 'grid',
            gridTemplateColumns: template,
            position: 'sticky',
            top: 0,
            zIndex: 2,
            background: 'var(--mantine-color-gray-0)',
            borderBottom: '1px solid var(--mantine-color-gray-3)',
            height: ROW,
            alignItems: 'center',
          }}
        >
          <div role="columnheader" style={{ paddingLeft: 10 }}>
            <Checkbox
              aria-label={t('list.selectAllLoadedLeads')}
              checked={allSelected}
              indeterminate={!allSelected && p.selected.size > 0}
              onChange={() => p.onSelect(allSelected ? new Set() : new Set(p.leads.map((l) => l.id)))}
            />
          </div>
          {p.columns.map((c) => {
            const sorted = c.sortKey === sortField;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={sorted ? (desc ? 'descending' : 'ascending') : undefined}
                style={{ padding: '0 8px', overflow: 'hidden' }}
              >
                {c.sortKey ? (
                  <UnstyledButton
                    onClick={() => p.onSort(sorted && !desc ? `-${c.sortKey}` : (c.sortKey ?? ''))}
                    aria-label={t('list.sortBy', { column: c.label(t) })}
                  >
                    <Group gap={2} wrap="nowrap">
                      <Text size="xs" fw={600} c="dark.4" truncate>
                        {c.label(t)}
                      </Text>
                      {sorted && (desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
                    </Group>
                  </UnstyledButton>
                ) : (
                  <Text size="xs" fw={600} c="dark.4" truncate>
                    {c.label(t)}
                  </Text>
                )}
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const lead = p.leads[v.index];
            const isSelected = p.selected.has(lead.id);
            return (
              <div
                key={lead.id}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                data-selected={isSelected}
                data-active={v.index === active}
                className="ll-row"
                onClick={(e) => clickRow(e, v.index)}
                onDoubleClick={() => navigate(`/leads/${lead.id}`)}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW,
                  transform: `translateY(${v.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: template,
                  alignItems: 'center',
                  borderBottom: '1px solid var(--mantine-color-gray-2)',
                  opacity: lead.active ? 1 : 0.6,
                }}
              >
                <div role="gridcell" style={{ paddingLeft: 10 }} onClick={(e) => e.stopPropagation()}>
                  <Checkbox
                    aria-label={t('list.select', { number: lead.number })}
                    checked={isSelected}
                    onChange={() => toggle(index.get(lead.id) ?? v.index)}
                  />
                </div>
                {p.columns.map((c) => (
                  <div
                    key={c.id}
                    role="gridcell"
                    style={{ padding: '0 8px', overflow: 'hidden', whiteSpace: 'nowrap' }}
                  >
                    {c.id === 'name' ? (
                      <Link
                        to={`/leads/${lead.id}`}
                        onClick={(e) => e.stopPropagation()}
                        style={{
                          color: 'var(--mantine-color-anchor)',
                          fontWeight: 500,
                          textDecoration: 'none',
                        }}
                        className="ll-link"
                      >
                        {c.render(lead, p.ctx)}
                      </Link>
                    ) : (
                      c.render(lead, p.ctx)
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {loadingMore && (
          <Group justify="center" p="xs">
            <Loader size="xs" />
            <Text size="xs" c="dimmed">
              {t('list.loadingMore')}
            </Text>
          </Group>
        )}
      </div>
    </Box>
  );
}
