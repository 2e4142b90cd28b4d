import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Counts requests per key in fixed windows. In memory: one process answers the public forms, and a
 * restart that forgets the counts only lets a few more through.
 */
export function createRateLimiter(opts: { limit: number; windowSeconds: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  const windowMs = opts.windowSeconds * 1000;
  return {
    /** Counts one request; answers the seconds to wait when the key is over its limit. */
    hit(key: string): { ok: true } | { ok: false; retryAfter: number } {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        // Forget finished windows once in a while so that many addresses cannot grow the map forever.
        if (windows.size > 50_000)
          for (const [k, v] of windows) if (t - v.start >= windowMs) windows.delete(k);
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      if (w.count <= opts.limit) return { ok: true };
      return { ok: false, retryAfter: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/**
 * The time trap: the form page carries the time it was served, signed, and a browser post made sooner
 * than a person could fill the form in is refused. The signature keeps a bot from choosing the time.
 */
export function createTimeTrap(
  secret: () => Promise<string>,
  minSeconds: number,
  now: () => number = Date.now,
) {
  const sign = (key: string, slug: string, at: number) =>
    createHmac('sha256', key).update(`${slug}.${at}`).digest('base64url');
  return {
    async token(slug: string) {
      const at = now();
      return `${at}.${sign(await secret(), slug, at)}`;
    },
    /** `ok`, or why the post is refused: no token, a forged one, or one younger than the minimum. */
    async check(slug: string, token: string | undefined): Promise<'ok' | 'missing' | 'invalid' | 'too_fast'> {
      if (!token) return 'missing';
      const m = /^(\d{10,16})\.([\w-]{43})$/.exec(token);
      if (!m) return 'invalid';
      const at = Number(m[1]);
      const expected = Buffer.from(sign(await secret(), slug, at));
      const given = Buffer.from(m[2]);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      // A page older than a day is stale; one from the future is forged.
      const age = now() - at;
      if (age < 0 || age > 86_400_000) return 'invalid';
      return age < minSeconds * 1000 ? 'too_fast' : 'ok';
    },
  };
}
export type TimeTrap = ReturnType<typeof createTimeTrap>;
