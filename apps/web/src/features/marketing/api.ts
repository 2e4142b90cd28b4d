import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { LeadListItem, MarketingList } from '@leadline/contract';
import { api, ifMatch, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';

/** Marketing lists sit under the `ref` keys the pickers read, so a change refreshes the bulk bar's list too. */
export const marketingKeys = {
  all: ['ref', '/marketing-lists'] as const,
  lists: (active: boolean) => [...marketingKeys.all, 'page', active] as const,
  one: (id: string) => [...marketingKeys.all, 'one', id] as const,
  members: (id: string) => ['leads', 'marketing-members', id] as const,
};

export function useMarketingLists(active: boolean) {
  return useQuery({
    queryKey: marketingKeys.lists(active),
    queryFn: ({ signal }) =>
      api<Page<MarketingList>>(
        'GET',
        `/marketing-lists${toQuery({ active: String(active), limit: 200, sort: 'name' })}`,
        undefined,
        {},
        signal,
      ),
  });
}

export function useMarketingList(id: string | undefined) {
  return useQuery({
    queryKey: marketingKeys.one(id ?? ''),
    queryFn: () => api<MarketingList>('GET', `/marketing-lists/${id}`),
    enabled: !!id,
  });
}

export function useMembers(id: string | undefined) {
  return useInfiniteQuery({
    queryKey: marketingKeys.members(id ?? ''),
    queryFn: ({ pageParam, signal }) =>
      api<Page<LeadListItem>>(
        'GET',
        `/marketing-lists/${id}/members${toQuery({ limit: 100, cursor: pageParam, sort: 'name' })}`,
        undefined,
        {},
        signal,
      ),
    enabled: !!id,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (l) => l.nextCursor ?? undefined,
  });
}

export const createMarketingList = (v: { name: string; description: string | null }) =>
  api<MarketingList>('POST', '/marketing-lists', v);

export const patchMarketingList = (
  list: Pick<MarketingList, 'id' | 'version'>,
  patch: { name?: string; description?: string | null; active?: boolean },
) => api<MarketingList>('PATCH', `/marketing-lists/${list.id}`, patch, ifMatch(list.version));

export const removeMember = (listId: string, leadId: string) =>
  api<null>('DELETE', `/marketing-lists/${listId}/members/${leadId}`);
