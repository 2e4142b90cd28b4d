import { useEffect, useState } from 'react';
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import type { Lead, LeadView } from '@leadline/contract';
import { api, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';
import { defaultColumnIds, columnById } from './columns';

export const leadsKey = ['leads'] as const;

export const views: { value: LeadView; label: string }[] = [
  { value: 'my', label: 'My leads' },
  { value: 'open', label: 'Opened leads' },
  { value: 'closed', label: 'Closed leads' },
  { value: 'all', label: 'All leads' },
  { value: 'overdue', label: 'Overdue leads' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'inactive', label: 'Inactive' },
];

/** Filters the list understands, as they travel in the address bar and to the API. */
export const filterKeys = [
  'statusId',
  'phase',
  'ownerId',
  'unitId',
  'sourceId',
  'tag',
  'expectedCompletionBefore',
  'createdFrom',
  'createdTo',
  'scoreMin',
  'overdueBefore',
] as const;
export type FilterKey = (typeof filterKeys)[number];
export type Filters = Partial<Record<FilterKey, string | string[]>>;

export interface ListParams {
  view: LeadView;
  q: string;
  sort: string;
  filters: Filters;
}

const PAGE = 100;

/**
 * The pages of a list. Its total comes from the view counts (useViewCounts), asked for beside it, so that
 * the first rows show without waiting for a count over a large view.
 */
export function useLeadList(p: ListParams) {
  return useInfiniteQuery({
    queryKey: [...leadsKey, 'list', p],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Lead>>(
        'GET',
        `/leads${toQuery({ view: p.view, q: p.q, sort: p.sort, ...p.filters, limit: PAGE, cursor: pageParam, count: false })}`,
        undefined,
        {},
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

/** The number of leads in every view, for the view tabs. */
export function useViewCounts(q: string, filters: Filters) {
  return useQueries({
    queries: views.map((v) => ({
      queryKey: [...leadsKey, 'count', v.value, q, filters],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Page<Lead>>(
          'GET',
          `/leads${toQuery({ view: v.value, q, ...filters, limit: 1 })}`,
          undefined,
          {},
          signal,
        ),
      staleTime: 30_000,
      select: (page: Page<Lead>) => page.total,
    })),
  });
}

interface Layout {
  columns: string[];
  sort: string;
}
const STORAGE = 'leadline.leadList.layout.v1';

function readLayout(): Layout {
  try {
    const raw = localStorage.getItem(STORAGE);
    if (raw) {
      const l = JSON.parse(raw) as Partial<Layout>;
      const columns = (l.columns ?? []).filter((c) => columnById.has(c));
      if (columns.length > 0) return { columns, sort: typeof l.sort === 'string' ? l.sort : '-updatedAt' };
    }
  } catch {
    // A damaged entry falls back to the default layout.
  }
  return { columns: defaultColumnIds, sort: '-updatedAt' };
}

/** The user's columns (chosen and ordered) and sort, kept in this browser. */
export function useLayout() {
  const [layout, setLayout] = useState<Layout>(readLayout);
  useEffect(() => {
    localStorage.setItem(STORAGE, JSON.stringify(layout));
  }, [layout]);
  return [layout, setLayout] as const;
}
