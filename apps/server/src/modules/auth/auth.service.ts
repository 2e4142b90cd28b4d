import type { Database } from '../../db/client';
import { AppError } from '../../http/errors';
import { burnPasswordCheck, verifyPassword } from '../../lib/passwords';
import { changingMemo } from '../../lib/memo';
import { randomToken, sha256 } from '../../lib/tokens';
import type { Logger } from '../../lib/logger';
import { createAuthRepository } from './auth.repository';

const SESSION_HOURS = 24 * 14;
const WINDOW_MINUTES = 15;
const MAX_PER_ACCOUNT = 5;
const MAX_PER_ADDRESS = 20;

/** Sign-in with a rate limit per account and per address; failures are logged without the password. */
export function createAuthService({ db, log }: { db: Database; log: Logger }) {
  const repo = createAuthRepository(db);

  async function checkLimit(key: string, max: number) {
    const { n, oldest } = await repo.countRecentFailures(key, WINDOW_MINUTES);
    if (n >= max) {
      const retryAfter = oldest
        ? Math.max(1, Math.ceil((new Date(oldest).getTime() + WINDOW_MINUTES * 60_000 - Date.now()) / 1000))
        : WINDOW_MINUTES * 60;
      throw new AppError(
        'rate_limited',
        429,
        'Too many failed sign-ins. Wait before trying again.',
        undefined,
        {
          'Retry-After': String(retryAfter),
        },
      );
    }
  }

  return {
    repo,
    async login(emailRaw: string, password: string, ip: string, userAgent: string) {
      const email = emailRaw.trim().toLowerCase();
      const accountKey = `account:${email}`;
      const addressKey = `address:${ip}`;
      await checkLimit(addressKey, MAX_PER_ADDRESS);
      await checkLimit(accountKey, MAX_PER_ACCOUNT);
      const user = await repo.userForLogin(email);
      const ok = user
        ? await verifyPassword(user.password_hash, password)
        : (await burnPasswordCheck(password), false);
      if (!user || !ok || !user.active) {
        await repo.recordFailure([accountKey, addressKey]);
        // The e-mail is logged only when it names an account: unknown input may be a mistyped password.
        log.warn(
          {
            email: user ? email : undefined,
            userId: user?.id,
            ip,
            reason: !user ? 'unknown_account' : !ok ? 'wrong_password' : 'inactive',
          },
          'sign-in failed',
        );
        throw new AppError('invalid_credentials', 401, 'The e-mail or password is wrong.');
      }
      await repo.clearFailures(accountKey);
      const token = randomToken();
      const csrfToken = randomToken(24);
      await repo.createSession({
        tokenHash: sha256(token),
        userId: user.id,
        csrfToken,
        ttlHours: SESSION_HOURS,
        ip,
        userAgent,
      });
      log.info({ userId: user.id, ip }, 'signed in');
      return { userId: user.id, token, csrfToken, maxAgeSeconds: SESSION_HOURS * 3600 };
    },
    async logout(sessionHash: string | undefined) {
      // Who a session belongs to is kept between requests: an ended session must stop at once.
      if (sessionHash) await changingMemo(db.memo, () => repo.deleteSession(sessionHash));
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
