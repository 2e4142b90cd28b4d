import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { AppError } from './errors';

const WINDOW_MS = 60_000;

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed one-window counters in this process. The plugin's own store hands every request the same
 * counter object and reads it after a pause, so that in a burst every request sees the final count and
 * all of them are refused; this one answers each request with its own count.
 */
class WindowStore {
  private readonly windows = new Map<string, Window>();

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= 50_000) this.prune(now);
      w = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, w);
    }
    w.count++;
    callback(null, { current: w.count, ttl: w.resetAt - now });
  }

  child() {
    return this;
  }

  private prune(now: number) {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * The same windows in PostgreSQL (an unlogged table: counters need no crash safety), for several web
 * processes behind one proxy. One upsert per request; a window that has ended starts again at 1.
 */
function databaseWindowStore(db: Database) {
  let calls = 0;
  return class DatabaseWindowStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
      db.query<{ current: number; ttl: number }>(
        `INSERT INTO request_windows AS w (key, count, resets_at)
         VALUES ($1, 1, now() + make_interval(secs => $2))
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN w.resets_at <= now() THEN 1 ELSE w.count + 1 END,
           resets_at = CASE WHEN w.resets_at <= now() THEN EXCLUDED.resets_at ELSE w.resets_at END
         RETURNING count AS current, greatest(0, extract(epoch FROM w.resets_at - now()) * 1000)::int AS ttl`,
        [key, WINDOW_MS / 1000],
      ).then(
        ([r]) => {
          callback(null, r);
          // Now and then, the windows long ended leave.
          if (++calls % 10_000 === 0)
            void db
              .query(`DELETE FROM request_windows WHERE resets_at < now() - interval '1 hour'`)
              .catch(() => {});
        },
        (err: Error) => callback(err),
      );
    }

    child() {
      return this;
    }
  };
}

/** One budget per API token, per signed-in user (all their sessions), and per address for the rest. */
function budgetKey(request: FastifyRequest): string {
  const p = request.principal;
  if (!p) return `address:${request.ip}`;
  return p.via === 'token' && p.tokenId ? `token:${p.tokenId}` : `user:${p.userId}`;
}

/**
 * Requests per minute, counted in this process (or in the database, LEADLINE_RATE_LIMIT_STORE). The caller is identified first (http/auth.ts runs as
 * an application hook, before this route hook), so a user keeps one budget whatever their address.
 */
export async function registerRequestRateLimit(
  app: FastifyInstance,
  limits: Config['rateLimit'],
  db: Database,
) {
  await app.register(rateLimit, {
    global: true,
    store: limits.store === 'database' && db.kind === 'postgres' ? databaseWindowStore(db) : WindowStore,
    timeWindow: WINDOW_MS,
    max: (request: FastifyRequest) => (request.principal ? limits.perPrincipal : limits.perAnonymousAddress),
    keyGenerator: budgetKey,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 429, `Too many requests. Try again in ${context.after}.`, undefined, {
        'Retry-After': String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  });
}
