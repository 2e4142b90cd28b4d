import { useCallback, useEffect, useMemo, useState } from 'react';
import { Badge, Box, Button, Group, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { LeadView } from '@leadline/contract';
import { useUnits, useUsers } from '../../lib/queries';
import { useRefList, useStatuses } from '../../lib/refs';
import { ErrorState, LoadingState } from '../../components/States';
import { ListEmptyState } from './ListEmptyState';
import { PageHeader } from '../../components/PageHeader';
import { BulkBar } from './BulkBar';
import { ColumnsMenu } from './ColumnsMenu';
import { columnById, type ColumnContext } from './columns';
import { LeadFilters } from './LeadFilters';
import { cardColumns, LeadCards } from './LeadCards';
import { LeadGrid } from './LeadGrid';
import { SavedViewsMenu } from './SavedViewsMenu';
import { ExportMenu } from '../intake/ExportMenu';
import { useLayout, useViews, viewValues } from './useLeadList';
import { formatNumber } from '../../i18n/format';
import { filterKeys, useLeadList, useViewCounts, type Filters } from './api';
import { listFields } from './listFields';
import { useTranslation } from 'react-i18next';

const viewSet = new Set<string>(viewValues);

/** What the view tabs control: the list below them. */
const resultsId = 'lead-list-results';

export function LeadListPage() {
  const { t } = useTranslation('leads');
  const views = useViews();
  const [params, setParams] = useSearchParams();
  const view = (viewSet.has(params.get('view') ?? '') ? params.get('view') : 'my') as LeadView;
  const q = params.get('q') ?? '';
  const filters = useMemo(() => {
    const f: Filters = {};
    for (const k of filterKeys) {
      const all = params.getAll(k);
      if (all.length) f[k] = k === 'phase' ? all : all[0];
    }
    return f;
  }, [params]);
  const [layout, setLayout] = useLayout();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const listQ = q.trim();

  const update = useCallback(
    (change: { view?: string; q?: string; filters?: Filters }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (change.view !== undefined) next.set('view', change.view);
          if (change.q !== undefined) {
            if (change.q) next.set('q', change.q);
            else next.delete('q');
          }
          if (change.filters) {
            for (const k of filterKeys) next.delete(k);
            for (const [k, v] of Object.entries(change.filters)) {
              if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
              else if (v) next.set(k, v);
            }
          }
          return next;
        },
        { replace: true },
      );
      setSelected(new Set());
    },
    [setParams],
  );

  // The address bar holds the search term, which the lists follow. The box keeps what is typed in its own
  // state and writes it to the address once typing pauses, so no keystroke is lost to a navigation; the
  // box follows the address (a header search, "clear") only while nothing typed is waiting to be written.
  const [term, setTerm] = useState(q);
  const [typing, setTyping] = useState(false);
  const [typed] = useDebouncedValue(term, 300);
  useEffect(() => {
    if (!typing || typed !== term) return;
    setTyping(false);
    if (typed !== q) update({ q: typed });
  }, [typing, typed, term, q, update]);
  useEffect(() => {
    if (!typing) setTerm(q);
  }, [q, typing]);

  // Below Mantine's `sm` breakpoint (a phone) the list is cards rather than a wide grid.
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const list = useLeadList({
    view,
    q: listQ,
    sort: layout.sort,
    filters,
    fields: listFields(phone ? cardColumns : layout.columns),
  });
  const counts = useViewCounts(viewValues, listQ, filters);
  const leads = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = counts[views.findIndex((v) => v.value === view)]?.data;
  const loadedOf = { loaded: formatNumber(leads.length), total: formatNumber(total ?? leads.length) };

  const statuses = useStatuses();
  const users = useUsers();
  const units = useUnits();
  const sources = useRefList('/lead-sources');
  const ctx: ColumnContext = useMemo(
    () => ({
      statuses: new Map((statuses.data ?? []).map((s) => [s.id, s])),
      users: new Map((users.data?.items ?? []).map((u) => [u.id, u])),
      units: new Map((units.data?.items ?? []).map((u) => [u.id, { ...u }])),
      sources: new Map((sources.data ?? []).map((s) => [s.id, s])),
      t,
    }),
    [statuses.data, users.data, units.data, sources.data, t],
  );
  const columns = layout.columns.map((id) => columnById.get(id)!).filter(Boolean);
  const selectedLeads = leads.filter((l) => selected.has(l.id));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <Stack gap="xs">
      <PageHeader
        title={t('title')}
        subtitle={
          total !== undefined ? t('leadCount', { count: total, formatted: formatNumber(total) }) : ' '
        }
        actions={
          <Button component={Link} to="/leads/new" leftSection={<IconPlus size={14} />}>
            {t('newLead')}
          </Button>
        }
      />
      <Tabs value={view} onChange={(v) => v && update({ view: v })}>
        <Tabs.List style={phone ? { flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' } : undefined}>
          {views.map((v, i) => (
            <Tabs.Tab
              key={v.value}
              value={v.value}
              // On a phone the tabs scroll sideways; shrunk, their counts would be clipped to an empty badge.
              style={phone ? { flexShrink: 0 } : undefined}
              // Every tab shows the one list below.
              aria-controls={resultsId}
              rightSection={
                counts[i].data !== undefined ? (
                  <Badge size="xs" color={v.value === view ? 'indigo' : 'gray'} variant="light" aria-hidden>
                    {formatNumber(counts[i].data!)}
                  </Badge>
                ) : undefined
              }
            >
              {v.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {/* The bulk bar lies over the toolbar while leads are selected, so selecting never moves the rows. */}
      <Box pos="relative">
        <Group
          gap="xs"
          justify="space-between"
          style={{ visibility: selected.size > 0 ? 'hidden' : undefined }}
        >
          <Group gap="xs">
            <TextInput
              data-page-search
              aria-label={t('list.search')}
              placeholder={t('list.searchNameCompanyContactE')}
              leftSection={<IconSearch size={14} />}
              w={340}
              value={term}
              onChange={(e) => {
                setTerm(e.currentTarget.value);
                setTyping(true);
              }}
              onKeyDown={(e) => {
                if (e.key !== 'Escape') return;
                setTyping(false);
                setTerm('');
                update({ q: '' });
              }}
            />
            <LeadFilters value={filters} onChange={(f) => update({ filters: f })} />
            {view === 'overdue' && (
              <TextInput
                type="date"
                aria-label={t('list.overdueBefore')}
                leftSection={<Text size="xs">{t('list.before')}</Text>}
                leftSectionWidth={52}
                value={typeof filters.overdueBefore === 'string' ? filters.overdueBefore : ''}
                onChange={(e) => {
                  const next = { ...filters };
                  if (e.currentTarget.value) next.overdueBefore = e.currentTarget.value;
                  else delete next.overdueBefore;
                  update({ filters: next });
                }}
              />
            )}
          </Group>
          <Group gap="xs">
            <SavedViewsMenu
              current={{ view, filters, sort: layout.sort, columns: layout.columns }}
              onApply={(d) => {
                const next: Filters = {};
                for (const k of filterKeys) {
                  const v = d.filters?.[k];
                  if (typeof v === 'string' || Array.isArray(v)) next[k] = v;
                  else if (typeof v === 'number') next[k] = String(v);
                }
                update({ view: d.view && viewSet.has(d.view) ? d.view : view, filters: next });
                const known = d.columns?.filter((c) => columnById.has(c)) ?? [];
                setLayout((l) => ({ sort: d.sort ?? l.sort, columns: known.length > 0 ? known : l.columns }));
              }}
            />
            <ColumnsMenu value={layout.columns} onChange={(c) => setLayout((l) => ({ ...l, columns: c }))} />
            <ExportMenu scope={{ view, q, sort: layout.sort, filters, columns: layout.columns }} />
          </Group>
        </Group>
        {selected.size > 0 && (
          <Box pos="absolute" top={0} left={0} right={0} style={{ zIndex: 5 }}>
            <BulkBar selected={selectedLeads} onClear={() => setSelected(new Set())}>
              <ExportMenu
                compact
                scope={{ view, q, sort: layout.sort, filters, columns: layout.columns, ids: [...selected] }}
              />
            </BulkBar>
          </Box>
        )}
      </Box>
      <Stack gap="xs" id={resultsId}>
        {list.isLoading ? (
          <LoadingState label={t('list.loadingLeads')} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : leads.length === 0 ? (
          <ListEmptyState
            view={view}
            filtered={!!listQ || Object.keys(filters).length > 0}
            onClear={() => update({ q: '', filters: {} })}
            onView={(v) => update({ view: v })}
          />
        ) : (
          <>
            {phone ? (
              <LeadCards
                leads={leads}
                ctx={ctx}
                hasMore={!!hasNextPage}
                loadingMore={isFetchingNextPage}
                onLoadMore={loadMore}
              />
            ) : (
              <LeadGrid
                leads={leads}
                columns={columns}
                ctx={ctx}
                sort={layout.sort}
                onSort={(sort) => setLayout((l) => ({ ...l, sort }))}
                selected={selected}
                onSelect={setSelected}
                hasMore={!!hasNextPage}
                loadingMore={isFetchingNextPage}
                onLoadMore={loadMore}
                height="calc(100vh - 240px)"
              />
            )}
            <Text size="xs" c="dimmed">
              {/* A phone has no Ctrl/Shift-click nor double-click: it is told only the count. */}
              {phone ? t('list.loadedCount', loadedOf) : t('list.loadedHint', loadedOf)}
            </Text>
          </>
        )}
      </Stack>
    </Stack>
  );
}
