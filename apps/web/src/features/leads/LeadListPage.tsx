import { useCallback, useMemo, useState } from 'react';
import { Badge, Button, Group, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import type { LeadView } from '@leadline/contract';
import { useUnits, useUsers } from '../../lib/queries';
import { useRefList, useStatuses } from '../../lib/refs';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { PageHeader } from '../../components/PageHeader';
import { BulkBar } from './BulkBar';
import { ColumnsMenu } from './ColumnsMenu';
import { columnById, type ColumnContext } from './columns';
import { LeadFilters } from './LeadFilters';
import { LeadGrid } from './LeadGrid';
import { SavedViewsMenu } from './SavedViewsMenu';
import { useLayout, views } from './useLeadList';
import { filterKeys, useLeadList, useViewCounts, type Filters } from './api';

const viewNames = views.map((v) => v.value);
const viewValues = new Set<string>(viewNames);

export function LeadListPage() {
  const [params, setParams] = useSearchParams();
  const view = (viewValues.has(params.get('view') ?? '') ? params.get('view') : 'my') as LeadView;
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
  const [search, setSearch] = useState(q);

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
  const debouncedSearch = useDebouncedCallback((v: string) => update({ q: v.trim() }), 300);

  const list = useLeadList({ view, q, sort: layout.sort, filters });
  const counts = useViewCounts(viewNames, q, filters);
  const leads = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = counts[views.findIndex((v) => v.value === view)]?.data;

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
    }),
    [statuses.data, users.data, units.data, sources.data],
  );
  const columns = layout.columns.map((id) => columnById.get(id)!).filter(Boolean);
  const selectedLeads = leads.filter((l) => selected.has(l.id));
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  return (
    <Stack gap="xs">
      <PageHeader
        title="Leads"
        subtitle={total !== undefined ? `${total.toLocaleString()} ${total === 1 ? 'lead' : 'leads'}` : ' '}
        actions={
          <Button component={Link} to="/leads/new" leftSection={<IconPlus size={14} />}>
            New lead
          </Button>
        }
      />
      <Tabs value={view} onChange={(v) => v && update({ view: v })}>
        <Tabs.List>
          {views.map((v, i) => (
            <Tabs.Tab
              key={v.value}
              value={v.value}
              rightSection={
                counts[i].data !== undefined ? (
                  <Badge size="xs" color={v.value === view ? 'indigo' : 'gray'} variant="light" aria-hidden>
                    {counts[i].data!.toLocaleString()}
                  </Badge>
                ) : undefined
              }
            >
              {v.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <TextInput
            data-page-search
            aria-label="Search"
            placeholder="Search name, company, contact, e-mail, phone…"
            leftSection={<IconSearch size={14} />}
            w={340}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              debouncedSearch(e.currentTarget.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setSearch('');
                update({ q: '' });
              }
            }}
          />
          <LeadFilters value={filters} onChange={(f) => update({ filters: f })} />
          {view === 'overdue' && (
            <TextInput
              type="date"
              aria-label="Overdue before"
              leftSection={<Text size="xs">Before</Text>}
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
              update({ view: d.view && viewValues.has(d.view) ? d.view : view, filters: next });
              const known = d.columns?.filter((c) => columnById.has(c)) ?? [];
              setLayout((l) => ({ sort: d.sort ?? l.sort, columns: known.length > 0 ? known : l.columns }));
            }}
          />
          <ColumnsMenu value={layout.columns} onChange={(c) => setLayout((l) => ({ ...l, columns: c }))} />
        </Group>
      </Group>
      {selected.size > 0 && <BulkBar selected={selectedLeads} onClear={() => setSelected(new Set())} />}
      {list.isLoading ? (
        <LoadingState label="Loading leads…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : leads.length === 0 ? (
        <EmptyState
          title="No leads here"
          description={
            q || Object.keys(filters).length
              ? 'Nothing matches the search and filters. Clear them to see more.'
              : 'Leads you own, or that come in, will appear here.'
          }
          action={
            <Button component={Link} to="/leads/new" variant="light">
              Create a lead
            </Button>
          }
        />
      ) : (
        <>
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
            height={selected.size > 0 ? 'calc(100vh - 290px)' : 'calc(100vh - 240px)'}
          />
          <Text size="xs" c="dimmed">
            {leads.length.toLocaleString()} of {(total ?? leads.length).toLocaleString()} loaded · Click to
            select, Ctrl/Shift-click for more, Enter or double-click to open
          </Text>
        </>
      )}
    </Stack>
  );
}
