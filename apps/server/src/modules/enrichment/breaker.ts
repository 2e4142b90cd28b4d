/**
 * A circuit breaker: after `failures` failures in a row it opens and calls are refused at once; after
 * `coolDownMs` it lets one trial call through (half-open): a success closes it, a failure opens it again.
 */
export function createBreaker(opts: { failures: number; coolDownMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  let failed = 0;
  let openedAt: number | null = null;
  let trial = false;
  return {
    /** Whether a call may go out now (in half-open, only the one trial). */
    allow() {
      if (openedAt === null) return true;
      if (trial || now() - openedAt < opts.coolDownMs) return false;
      trial = true;
      return true;
    },
    succeeded() {
      failed = 0;
      openedAt = null;
      trial = false;
    },
    failed() {
      failed++;
      trial = false;
      if (openedAt !== null || failed >= opts.failures) openedAt = now();
    },
    get state(): 'closed' | 'open' | 'half-open' {
      if (openedAt === null) return 'closed';
      return now() - openedAt < opts.coolDownMs ? 'open' : 'half-open';
    },
  };
}
export type Breaker = ReturnType<typeof createBreaker>;
