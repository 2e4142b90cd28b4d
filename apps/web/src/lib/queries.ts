import { useQuery } from '@tanstack/react-query';
import { mayOwnLeads, type Unit, type User } from '@leadline/contract';
import { api, toQuery } from './api';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const usersKey = ['users'] as const;
export const unitsKey = ['units'] as const;

/** Every user, for pickers and names; a CRM has hundreds, not millions, of users. */
export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => api<Page<User>>('GET', `/users${toQuery({ limit: 500, sort: 'name' })}`),
    staleTime: 60_000,
  });
}

export function useUnits() {
  return useQuery({
    queryKey: unitsKey,
    queryFn: () => api<Page<Unit>>('GET', '/units'),
    staleTime: 60_000,
  });
}

/** `{ value, label }` options for Mantine selects. */
export const toOptions = <T extends { id: string; name: string }>(
  items: T[] | undefined,
  onlyActive = false,
) =>
  (items ?? [])
    .filter((i) => !onlyActive || !('active' in i) || (i as { active?: boolean }).active !== false)
    .map((i) => ({ value: i.id, label: i.name }));

export function nameOf<T extends { id: string; name: string }>(items: T[] | undefined, id: string | null) {
  if (!id) return '';
  return items?.find((i) => i.id === id)?.name ?? '';
}

/**
 * Options of an owner picker: the users who may own a lead (active, with a CRM role), plus `keep`, the
 * current owner, so that a form still names them.
 */
export const ownerOptions = (users: User[] | undefined, keep?: string | null) =>
  toOptions((users ?? []).filter((u) => mayOwnLeads(u) || u.id === keep));
