import { useInfiniteQuery, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Lead,
  LeadAction,
  LeadActionResult,
  LeadBulkResult,
  LeadListItem,
  LeadView,
  SavedView,
  SavedViewDefinition,
  TimelineItem,
} from '@leadline/contract';
import { api, errorMessage, ifMatch, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';

/** Filters the list understands, as they travel in the address bar and to the API. */
export const filterKeys = [
  'statusId',
  'phase',
  'ownerId',
  'unitId',
  'sourceId',
  'salesDirectionId',
  'marketingCampaignId',
  'hasNextEvent',
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
  /** `fields=`: only these fields of each lead (listFields of the visible columns); whole leads without. */
  fields?: string;
}

/** Every query about leads sits under `leadKeys.all`, so one invalidation refreshes lists, pages and boards. */
export const leadKeys = {
  all: ['leads'] as const,
  list: (p: ListParams) => [...leadKeys.all, 'list', p] as const,
  count: (view: LeadView, q: string, filters: Filters) =>
    [...leadKeys.all, 'count', view, q, filters] as const,
  one: (id: string) => [...leadKeys.all, 'one', id] as const,
  timeline: (id: string) => [...leadKeys.all, 'timeline', id] as const,
  savedViews: ['saved-views'] as const,
};

const PAGE = 100;

/**
 * The pages of a list. Its total comes from the view counts (useViewCounts), asked for beside it, so that
 * the first rows show without waiting for a count over a large view.
 */
export function useLeadList(p: ListParams) {
  return useInfiniteQuery({
    queryKey: leadKeys.list(p),
    queryFn: ({ pageParam, signal }) =>
      api<Page<LeadListItem>>(
        'GET',
        `/leads${toQuery({ view: p.view, q: p.q, sort: p.sort, ...p.filters, limit: PAGE, cursor: pageParam, count: false, fields: p.fields })}`,
        undefined,
        {},
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

/** The number of leads in each of `views`, for the view tabs. */
export function useViewCounts(views: readonly LeadView[], q: string, filters: Filters) {
  return useQueries({
    queries: views.map((view) => ({
      queryKey: leadKeys.count(view, q, filters),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Page<Lead>>('GET', `/leads${toQuery({ view, q, ...filters, limit: 1 })}`, undefined, {}, signal),
      staleTime: 30_000,
      select: (page: Page<Lead>) => page.total,
    })),
  });
}

export function useLead(id: string | undefined) {
  return useQuery({
    queryKey: leadKeys.one(id ?? ''),
    queryFn: () => api<Lead>('GET', `/leads/${id}`),
    enabled: !!id,
  });
}

export const createLead = (payload: object) => api<Lead>('POST', '/leads', payload);

export const updateLead = (lead: Pick<Lead, 'id' | 'version'>, patch: object) =>
  api<Lead>('PATCH', `/leads/${lead.id}`, patch, ifMatch(lead.version));

/** After a lead changed: its page shows the new record at once, lists and its timeline refresh. */
export function useLeadChanged() {
  const qc = useQueryClient();
  return (lead: Lead) => {
    qc.setQueryData(leadKeys.one(lead.id), lead);
    void qc.invalidateQueries({ queryKey: leadKeys.all });
  };
}

export function runAction(id: string, action: LeadAction, body: object = {}) {
  return api<LeadActionResult>('POST', `/leads/${id}/actions/${action}`, body);
}

export interface BulkOutcome {
  done: number;
  /** Each lead not changed, with the server's problem code and its words. */
  failed: { id: string; code?: string; message: string }[];
}

const summarise = (r: LeadBulkResult): BulkOutcome => ({
  done: r.results.filter((x) => x.status < 300).length,
  failed: r.results
    .filter((x) => x.status >= 300)
    .map((x) => ({ id: x.id, code: x.error?.code, message: x.error?.message ?? `answered ${x.status}` })),
});

/** One action on many leads in one request; a lead the server refuses does not stop the others. */
export async function runBulk(ids: string[], action: LeadAction, params: object = {}): Promise<BulkOutcome> {
  return summarise(await api<LeadBulkResult>('POST', '/leads/bulk', { ids, action, params }));
}

/** Adds a tag to each lead (a change of the lead, not an action). */
export async function addTag(leads: Lead[], tag: string): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: 0, failed: [] };
  for (const l of leads) {
    if (l.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) {
      out.done += 1;
      continue;
    }
    try {
      await updateLead(l, { tags: [...l.tags, tag] });
      out.done += 1;
    } catch (err) {
      out.failed.push({ id: l.id, message: errorMessage(err) });
    }
  }
  return out;
}

/** Deletes leads one by one (crm_admin); a lead that cannot go (an opportunity refers to it) stays. */
export async function deleteLeads(ids: string[]): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: 0, failed: [] };
  for (const id of ids) {
    try {
      await api('DELETE', `/leads/${id}`);
      out.done += 1;
    } catch (err) {
      out.failed.push({ id, message: errorMessage(err) });
    }
  }
  return out;
}

export function useTimeline(leadId: string) {
  return useInfiniteQuery({
    queryKey: leadKeys.timeline(leadId),
    queryFn: ({ pageParam }) =>
      api<{ items: TimelineItem[]; nextCursor: string | null }>(
        'GET',
        `/leads/${leadId}/timeline${toQuery({ limit: 50, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (l) => l.nextCursor ?? undefined,
  });
}

export const addComment = (leadId: string, comment: { body: string; icon: string; color: string }) =>
  api<TimelineItem>('POST', `/leads/${leadId}/comments`, comment);

export function useSavedViews() {
  return useQuery({
    queryKey: leadKeys.savedViews,
    queryFn: ({ signal }) =>
      api<Page<SavedView>>('GET', '/saved-views?limit=200&count=false', undefined, {}, signal),
  });
}

export const createSavedView = (view: { name: string; shared: boolean; definition: SavedViewDefinition }) =>
  api<SavedView>('POST', '/saved-views', view);

export const deleteSavedView = (id: string) => api<null>('DELETE', `/saved-views/${id}`);
