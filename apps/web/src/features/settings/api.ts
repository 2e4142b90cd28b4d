import { useQuery } from '@tanstack/react-query';
import type {
  ApiToken as ApiTokenSchema,
  ApiTokenCreated as ApiTokenCreatedSchema,
  Role,
  Settings,
  SettingsPatch,
  User,
} from '@leadline/contract';
import { api, ifMatch, toQuery, type Infer } from '../../lib/api';
import { usersKey, type Page } from '../../lib/queries';

export type ApiToken = Infer<typeof ApiTokenSchema>;
export type ApiTokenCreated = Infer<typeof ApiTokenCreatedSchema>;

export const settingsKeys = {
  settings: ['settings'] as const,
  tokens: ['api-tokens'] as const,
  /** The lists of values are read through `useRefList`, whose keys start with `['ref', path]`. */
  refList: (path: string) => ['ref', path] as const,
  userSearch: (q: string, active: string) => [...usersKey, { q, active }] as const,
};

/**
 * Saves a configuration record: a PATCH guarded by its version when it exists, a POST when it is new.
 * A record without a version (an older list) is patched without the guard.
 */
export function saveRecord<T>(path: string, item: { id: string; version?: unknown } | null, body: object) {
  if (!item) return api<T>('POST', path, body);
  return api<T>(
    'PATCH',
    `${path}/${item.id}`,
    body,
    typeof item.version === 'number' ? ifMatch(item.version) : {},
  );
}

export const deleteRecord = (path: string, id: string) => api<null>('DELETE', `${path}/${id}`);

export const reorderStatuses = (ids: string[]) => api('POST', '/lead-statuses/reorder', { ids });

export function useSettings() {
  return useQuery({ queryKey: settingsKeys.settings, queryFn: () => api<Settings>('GET', '/settings') });
}

export const saveSettings = (patch: SettingsPatch, version: number) =>
  api<Settings>('PATCH', '/settings', patch, ifMatch(version));

export function useApiTokens() {
  return useQuery({
    queryKey: settingsKeys.tokens,
    queryFn: () => api<Page<ApiToken>>('GET', '/api-tokens'),
  });
}

export const createApiToken = (v: { name: string; roles: Role[] }) =>
  api<ApiTokenCreated>('POST', '/api-tokens', v);

/** Users matching a search, for the users screen (pickers use `useUsers`). */
export function useUserSearch(q: string, active: 'true' | 'false' | 'all') {
  return useQuery({
    queryKey: settingsKeys.userSearch(q, active),
    queryFn: () =>
      api<Page<User>>(
        'GET',
        `/users${toQuery({ q, active: active === 'all' ? undefined : active, limit: 500, sort: 'name' })}`,
      ),
  });
}
