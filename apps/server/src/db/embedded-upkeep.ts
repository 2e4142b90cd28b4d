import type { Logger } from '../lib/logger';
import type { Database } from './client';

/**
 * PGlite runs no autovacuum. Without it the tables' statistics go stale and the pages written since the
 * last VACUUM are never marked all-visible, so index-only scans (the Kanban totals, the counts of the
 * lists) read the table again: at 100,000 leads the Kanban went from 26 ms to 121 ms after a few
 * thousand writes. This does autovacuum's work for the tables that changed enough, with its thresholds
 * (a tenth of the table for statistics, a fifth for visibility). Each VACUUM holds the embedded
 * database for its duration (about 3 s for 100,000 leads), so it runs rarely.
 */
export async function vacuumChangedTables(db: Database, log?: Logger): Promise<string[]> {
  // Statistics reach pg_stat_user_tables when the backend flushes them; make that happen now.
  await db.query('SELECT pg_stat_force_next_flush()');
  await db.query('SELECT 1');
  const rows = await db.query<{ name: string }>(
    `SELECT format('%I.%I', s.schemaname, s.relname) AS name
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.n_mod_since_analyze + s.n_dead_tup > 500 + 0.1 * greatest(c.reltuples, s.n_live_tup, 0)
         OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, s.n_live_tup, 0)
      ORDER BY s.n_mod_since_analyze + s.n_dead_tup DESC`,
  );
  for (const { name } of rows) {
    const started = performance.now();
    await db.exec(`VACUUM (ANALYZE) ${name}`);
    log?.info({ table: name, ms: Math.round(performance.now() - started) }, 'vacuumed');
  }
  return rows.map((r) => r.name);
}

/** Runs `vacuumChangedTables` every `everyMs` on PGlite; returns the function that stops it. */
export function startEmbeddedUpkeep(db: Database, log: Logger, everyMs = 10 * 60_000): () => void {
  if (db.kind !== 'pglite') return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    vacuumChangedTables(db, log)
      .catch((err: unknown) => log.warn({ err }, 'vacuum of the embedded database failed'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
