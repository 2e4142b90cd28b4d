import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { LeadListItem, LeadStatus, LeadSummary, LeadView } from '@leadline/contract';
import { api, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';
import { leadKeys } from '../leads/api';

/** Under the leads' keys, so a change to any lead refreshes the board too. */
export const kanbanKeys = {
  column: (view: LeadView, q: string, statusId: string) =>
    [...leadKeys.all, 'kanban', view, q, statusId] as const,
  totals: (view: LeadView, q: string) => [...leadKeys.all, 'kanban-summary', view, q] as const,
};

/** The server's count and target-amount total per status, whatever number of cards is loaded. */
export function useTotals(view: LeadView, q: string) {
  return useQuery({
    queryKey: kanbanKeys.totals(view, q),
    queryFn: ({ signal }) =>
      api<LeadSummary>(
        'GET',
        `/leads/summary${toQuery({ groupBy: 'statusId', view, q })}`,
        undefined,
        {},
        signal,
      ),
  });
}

export function useColumn(status: LeadStatus, view: LeadView, q: string) {
  return useInfiniteQuery({
    queryKey: kanbanKeys.column(view, q, status.id),
    queryFn: ({ pageParam, signal }) =>
      api<Page<LeadListItem>>(
        'GET',
        `/leads${toQuery({ view, q, statusId: status.id, limit: 25, sort: '-updatedAt', cursor: pageParam, count: pageParam ? false : undefined })}`,
        undefined,
        {},
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (l) => l.nextCursor ?? undefined,
  });
}
