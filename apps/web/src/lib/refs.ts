import { useQuery } from '@tanstack/react-query';
import type { DisqualificationCode, LeadStatus } from '@leadline/contract';
import { api, ApiError, toQuery } from './api';
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

/**
 * Any list of values (`/lead-sources`, `/lead-types`, `/industries`, ...). A list whose endpoint does
 * not exist on this server answers empty, so a screen still works with the parts that are there.
 */
export function useRefList<T extends RefItem = RefItem>(path: string, params: Record<string, string> = {}) {
  return useQuery({
    queryKey: ['ref', path, params],
    queryFn: async () => {
      try {
        return await api<Page<T>>('GET', `${path}${toQuery({ limit: 500, ...params })}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return { items: [], nextCursor: null } as Page<T>;
        throw e;
      }
    },
    staleTime: 60_000,
    select: (p) => p.items,
  });
}

export const refOptions = (items: RefItem[] | undefined, keep?: string | null) =>
  (items ?? [])
    .filter((i) => i.active !== false || i.id === keep)
    .map((i) => ({ value: i.id, label: i.name }));
