import { SIGNED_IN_HINT_COOKIE, type Locale, type Session } from '@leadline/contract';
import { api, ApiError, setCsrfToken } from '../../lib/api';

export const sessionKey = ['me'] as const;

/**
 * The signed-in user and the organisation's formats, or null when there is no session (401); the CSRF
 * token is kept for changes.
 */
export async function fetchSession(): Promise<Session | null> {
  // Without the sign-in hint there is no session to ask for (and no 401 in the console).
  if (!document.cookie.split('; ').some((c) => c.startsWith(`${SIGNED_IN_HINT_COOKIE}=`))) return null;
  try {
    const s = await api<Session>('GET', '/me');
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      // The session ended on the server (expired, revoked): forget the hint too.
      document.cookie = `${SIGNED_IN_HINT_COOKIE}=; Max-Age=0; path=/`;
      return null;
    }
    throw e;
  }
}

export async function signIn(credentials: { email: string; password: string }): Promise<Session> {
  const s = await api<Session>('POST', '/auth/login', credentials);
  setCsrfToken(s.csrfToken);
  return s;
}

/** The user's own language, kept on the user (null: the browser's). */
export async function changeLocale(locale: Locale | null): Promise<Session> {
  return api<Session>('PATCH', '/me', { locale });
}

/** Ends the session; a session already gone counts as signed out. */
export async function signOut(): Promise<void> {
  await api('POST', '/auth/logout').catch(() => undefined);
  setCsrfToken('');
}
