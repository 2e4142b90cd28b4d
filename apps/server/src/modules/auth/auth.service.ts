import type { Database } from '../../db/client';
import { AppError } from '../../http/errors';
import { burnPasswordCheck, verifyPassword } from '../../lib/passwords';
import { changingMemo } from '../../lib/memo';
import { randomToken, sha256 } from '../../lib/tokens';
import type { Logger } from '../../lib/logger';
import type { Mailer } from '../mail/mailer';
import { createAuthRepository } from './auth.repository';
import { createSignInThrottle, signInRules, type OnLimit } from './sign-in-throttle';

const SESSION_HOURS = 24 * 14;

/** Sign-in throttled per account and address before any password is checked; failures are logged without the password. */
export function createAuthService({ db, log, mailer }: { db: Database; log: Logger; mailer?: Mailer }) {
  const repo = createAuthRepository(db);
  const throttle = createSignInThrottle(db);

  /** The owner of an account whose sign-ins are refused everywhere hears of it, once an hour at most. */
  const warnOwner =
    (email: string, accountKey: string): OnLimit =>
    async (tx, rule) => {
      if (rule.key !== accountKey || !mailer) return;
      const user = await createAuthRepository(tx).userForLogin(email);
      if (!user?.active || !(await createAuthRepository(tx).claimNotice(rule.key, rule.windowMinutes)))
        return;
      await mailer.enqueue(tx, {
        to: email,
        subject: 'Sign-ins to your Leadline account are paused',
        text:
          `There have been ${rule.max} or more failed sign-ins to your Leadline account (${email}) within ` +
          `${rule.windowMinutes} minutes, so sign-ins to it are refused for a while, from every address.\n\n` +
          'If this was not you, someone may be guessing your password: tell your administrator. ' +
          'Sign-ins work again once the failed ones are older than an hour.',
      });
      log.warn({ userId: user.id }, 'sign-ins to an account paused after many failures');
    };

  return {
    repo,
    async login(emailRaw: string, password: string, ip: string, userAgent: string) {
      const email = emailRaw.trim().toLowerCase();
      const rules = signInRules(email, ip);
      const attempt = await throttle.reserve(
        [rules.pair, rules.address, rules.account],
        warnOwner(email, rules.account.key),
      );
      const user = await repo.userForLogin(email);
      const ok = user
        ? await verifyPassword(user.password_hash, password)
        : (await burnPasswordCheck(password), false);
      if (!user || !ok || !user.active) {
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
      await attempt.succeeded(rules.pair.key);
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
