import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Lead, LeadListItem, PartnerPortal } from '@leadline/contract';
import { api, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';
import { leadKeys } from '../leads/api';

export const portalKey = ['partner-portal'] as const;

/** The partner's company, agreements, status names and the names of the people working her leads. */
export function usePortal() {
  return useQuery({
    queryKey: portalKey,
    queryFn: () => api<PartnerPortal>('GET', '/partner-portal'),
    staleTime: 60_000,
  });
}

/** The fields "Our leads" shows of each lead. */
const listed =
  'number,name,companyId,companyName,leadCompanyName,linkedCompanyName,statusId,ownerId,startDate';

/** The leads of the partner company's agreements, newest first; the server keeps to what she may see. */
export function usePortalLeads(q: string) {
  return useInfiniteQuery({
    queryKey: [...leadKeys.all, 'portal', q],
    queryFn: ({ pageParam, signal }) =>
      api<Page<LeadListItem>>(
        'GET',
        `/leads${toQuery({ view: 'all', q, sort: '-createdAt', limit: 50, cursor: pageParam, fields: listed })}`,
        undefined,
        {},
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

/** Names by id for what a partner's page shows: statuses, people, companies, agreements. */
export function portalNames(portal: PartnerPortal | undefined) {
  const by = <T extends { id: string }>(items: T[] | undefined) =>
    new Map((items ?? []).map((i) => [i.id, i]));
  const statuses = by(portal?.statuses);
  const people = by(portal?.people);
  const companies = by(portal?.companies);
  const agreements = by(portal?.agreements);
  const directions = new Map(portal?.agreements.flatMap((a) => a.salesDirections.map((d) => [d.id, d.name])));
  const products = new Map(portal?.agreements.flatMap((a) => a.products.map((p) => [p.id, p.name])));
  return {
    status: (id: string | null) => (id ? statuses.get(id) : undefined),
    person: (id: string | null) => (id ? people.get(id)?.name : undefined),
    agreement: (id: string | null) => (id ? agreements.get(id) : undefined),
    direction: (id: string | null) => (id ? directions.get(id) : undefined),
    product: (id: string | null) => (id ? products.get(id) : undefined),
    company: (
      lead: Pick<Lead, 'companyId' | 'companyName' | 'leadCompanyName'> & {
        linkedCompanyName?: string | null;
      },
    ) =>
      lead.linkedCompanyName ??
      lead.companyName ??
      (lead.companyId ? companies.get(lead.companyId)?.name : undefined) ??
      lead.leadCompanyName ??
      undefined,
  };
}
export type PortalNames = ReturnType<typeof portalNames>;
