import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Company, Contact, Opportunity, OpportunityHistoryItem } from '@leadline/contract';
import { api, ifMatch, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';

export type RecordPath = '/companies' | '/contacts' | '/opportunities';

/** Keys start with the record's path, so invalidating `[path]` refreshes its lists and its pages. */
export const recordKeys = {
  all: (path: RecordPath) => [path] as const,
  list: (path: RecordPath, q: string, params: Record<string, string | undefined>) =>
    [path, 'list', q, params] as const,
  one: (path: RecordPath, id: string | null | undefined) => [path, id] as const,
  companyContacts: (companyId: string | null) => ['/contacts', 'of-company', companyId] as const,
};

export function useRecordList<T>(
  path: RecordPath,
  q: string,
  params: Record<string, string | undefined> = {},
) {
  return useInfiniteQuery({
    queryKey: recordKeys.list(path, q, params),
    queryFn: ({ pageParam, signal }) =>
      api<Page<T>>(
        'GET',
        `${path}${toQuery({ ...params, q, limit: 50, cursor: pageParam })}`,
        undefined,
        {},
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (l) => l.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** One record by id; nothing is asked while the id is unknown. */
export function useRecord<T>(path: RecordPath, id: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: recordKeys.one(path, id),
    queryFn: () => api<T>('GET', `${path}/${id}`),
    enabled: !!id && enabled,
  });
}

export const useCompany = (id: string | null | undefined) => useRecord<Company>('/companies', id);
export const useContact = (id: string | null | undefined, enabled = true) =>
  useRecord<Contact>('/contacts', id, enabled);
export const useOpportunity = (id: string | null | undefined) => useRecord<Opportunity>('/opportunities', id);

/** The first hundred contacts of a company, for choosing among them. */
export function useCompanyContacts(companyId: string | null, enabled = true) {
  return useQuery({
    queryKey: recordKeys.companyContacts(companyId),
    queryFn: () => api<Page<Contact>>('GET', `/contacts${toQuery({ companyId, limit: 100 })}`),
    enabled: !!companyId && enabled,
  });
}

export type CompanyBody = Pick<Company, 'name' | 'tin' | 'website' | 'type' | 'keyAccount'>;

export const saveCompany = (company: Company | null, body: CompanyBody) =>
  company
    ? api<Company>('PATCH', `/companies/${company.id}`, body, ifMatch(company.version))
    : api<Company>('POST', '/companies', body);

export const linkContactToCompany = (contact: Contact, companyId: string | null) =>
  api<Contact>('PATCH', `/contacts/${contact.id}`, { companyId }, ifMatch(contact.version));

export const setOpportunityStage = (opportunity: Opportunity, stage: string) =>
  api<Opportunity>('PATCH', `/opportunities/${opportunity.id}`, { stage }, ifMatch(opportunity.version));

/** An opportunity's history, newest first, fifty entries a page. */
export const opportunityHistoryKey = (id: string) => ['/opportunities', id, 'history'] as const;
export function useOpportunityHistory(id: string) {
  return useInfiniteQuery({
    queryKey: opportunityHistoryKey(id),
    queryFn: ({ pageParam }) =>
      api<Page<OpportunityHistoryItem>>(
        'GET',
        `/opportunities/${id}/history${toQuery({ limit: 50, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (l) => l.nextCursor ?? undefined,
  });
}
