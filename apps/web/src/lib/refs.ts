import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DisqualificationCode, LeadStatus } from '@leadline/contract';
import { api, toQuery } from './api';
import type { Page } from './queries';

/** A configurable list of values as every reference endpoint answers it. */
export interface RefItem {
  id: string;
  name: string;
  active?: boolean;
  [key: string]: unknown;
}

export const statusesKey = ['lead-statuses'] as const;

export function useStatuses() {
  return useQuery({
    queryKey: statusesKey,
    queryFn: () => api<Page<LeadStatus>>('GET', '/lead-statuses'),
    staleTime: 60_000,
    select: (p) => [...p.items].sort((a, b) => a.position - b.position),
  });
}

export function useDisqualificationCodes() {
  return useQuery({
    queryKey: ['disqualification-codes'],
    queryFn: () => api<Page<DisqualificationCode>>('GET', '/disqualification-codes'),
    staleTime: 60_000,
    select: (p) => p.items,
  });
}

/** Any list of values (`/lead-sources`, `/lead-types`, `/industries`, ...); a failing route shows as an error. */
export function useRefList<T extends RefItem = RefItem>(path: string, params: Record<string, string> = {}) {
  return useQuery({
    queryKey: ['ref', path, params],
    queryFn: () => api<Page<T>>('GET', `${path}${toQuery({ limit: 500, ...params })}`),
    meta: { loud: `The list ${path.slice(1).replace(/-/g, ' ')} could not be loaded` },
    staleTime: 60_000,
    select: (p) => p.items,
  });
}

/** The first records of a long list matching what is typed, for a select that asks as you type. */
export function useRecordSearch<T>(path: string, params: Record<string, string | undefined>, q: string) {
  return useQuery({
    queryKey: ['remote', path, params, q],
    queryFn: ({ signal }) =>
      api<Page<T>>(
        'GET',
        `${path}${toQuery({ ...params, q: q || undefined, limit: 30 })}`,
        undefined,
        {},
        signal,
      ),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** One record of such a list by id, under the same key as its page (`[path, id]`). */
export function useRecordById<T>(path: string, id: string | null, enabled = true) {
  return useQuery({
    queryKey: [path, id],
    queryFn: () => api<T>('GET', `${path}/${id}`),
    enabled: !!id && enabled,
    staleTime: 60_000,
  });
}

export const refOptions = (items: RefItem[] | undefined, keep?: string | null) =>
  (items ?? [])
    .filter((i) => i.active !== false || i.id === keep)
    .map((i) => ({ value: i.id, label: i.name }));

export const phaseLabels: Record<string, string> = {
  new: 'New',
  in_progress: 'In progress',
  won: 'Won',
  lost: 'Lost',
  dropped: 'Dropped',
};
