import type { User } from '@leadline/contract';
import { api, ApiError, setCsrfToken } from '../../lib/api';

export const sessionKey = ['me'] as const;

/** The signed-in user, or null when there is no session (401); the CSRF token is kept for changes. */
export async function fetchSession(): Promise<User | null> {
  try {
    const s = await api<{ user: User; csrfToken: string }>('GET', '/me');
    setCsrfToken(s.csrfToken);
    return s.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function signIn(credentials: { email: string; password: string }): Promise<User> {
  const s = await api<{ user: User; csrfToken: string }>('POST', '/auth/login', credentials);
  setCsrfToken(s.csrfToken);
  return s.user;
}

/** Ends the session; a session already gone counts as signed out. */
export async function signOut(): Promise<void> {
  await api('POST', '/auth/logout').catch(() => undefined);
  setCsrfToken('');
}
