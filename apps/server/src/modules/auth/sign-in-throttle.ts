import type { Database, Queryable } from '../../db/client';
import { AppError } from '../../http/errors';
import { createAuthRepository } from './auth.repository';

/** At most `max` password checks counted on `key` within `windowMinutes`. */
export interface ThrottleRule {
  key: string;
  max: number;
  windowMinutes: number;
}

/** A password check that was allowed to happen; settle it with its outcome. */
export interface Reservation {
  /** The password was right: its attempts are given back and the failures on `clearKey` forgotten. */
  succeeded(clearKey: string): Promise<void>;
}

export type OnLimit = (tx: Queryable, rule: ThrottleRule) => Promise<void>;

const sign = { pairMax: 5, addressMax: 20, windowMinutes: 15, accountMax: 100, accountWindowMinutes: 60 };

/**
 * The counted keys of one sign-in: the account from that address (the limit an attacker guessing one
 * password meets), the address (one address trying many accounts), and the account from everywhere,
 * high enough that nobody locks another person out by trying their e-mail from a few addresses.
 */
export function signInRules(email: string, address: string) {
  return {
    pair: { key: `pair:${email}|${address}`, max: sign.pairMax, windowMinutes: sign.windowMinutes },
    address: { key: `address:${address}`, max: sign.addressMax, windowMinutes: sign.windowMinutes },
    account: {
      key: `account:${email}`,
      max: sign.accountMax,
      windowMinutes: sign.accountWindowMinutes,
    },
  } satisfies Record<string, ThrottleRule>;
}

/** A signed-in user proving their password again (to change it) is held to the sign-in pace. */
export const passwordCheckRule = (userId: string): ThrottleRule => ({
  key: `password:${userId}`,
  max: sign.pairMax,
  windowMinutes: sign.windowMinutes,
});

const tooMany = (retryAfterSeconds: number) =>
  new AppError('rate_limited', 429, 'Too many failed sign-ins. Wait before trying again.', undefined, {
    'Retry-After': String(Math.max(1, retryAfterSeconds)),
  });

/**
 * Counts an attempt before its password is checked, so that parallel attempts cannot all pass a
 * count taken before any of them failed: the keys are locked in one order, counted, and the attempt
 * recorded in one transaction; a refused attempt checks no password.
 */
export function createSignInThrottle(db: Database) {
  return {
    async reserve(rules: ThrottleRule[], onLimit?: OnLimit): Promise<Reservation> {
      const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const outcome = await db.transaction(async (tx) => {
        const repo = createAuthRepository(tx);
        for (const rule of sorted) await repo.lockThrottleKey(rule.key);
        const counts = await repo.recentAttempts(
          sorted.map((r) => r.key),
          sorted.map((r) => r.windowMinutes),
        );
        const byKey = new Map(counts.map((c) => [c.key, c]));
        const refused = sorted.filter((r) => (byKey.get(r.key)?.n ?? 0) >= r.max);
        if (refused.length > 0) {
          for (const rule of refused) await onLimit?.(tx, rule);
          return {
            refused: true as const,
            retryAfter: Math.max(
              ...refused.map((r) => byKey.get(r.key)?.retry_after ?? r.windowMinutes * 60),
            ),
          };
        }
        return { refused: false as const, ids: await repo.recordAttempts(sorted.map((r) => r.key)) };
      });
      if (outcome.refused) throw tooMany(outcome.retryAfter);
      return {
        succeeded: (clearKey) => createAuthRepository(db).forgetAttempts(outcome.ids, clearKey),
      };
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
