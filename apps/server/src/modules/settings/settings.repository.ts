import type { Queryable } from '../../db/client';

/** The settings, one row per key holding a JSON value. */
export function createSettingsRepository(db: Queryable) {
  return {
    async pairs(): Promise<Record<string, unknown>> {
      const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM settings');
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    /** Serialises changes of the settings until the transaction ends. */
    async lock() {
      await db.query('SELECT pg_advisory_xact_lock(4242002)');
    },
    async put(key: string, value: unknown) {
      await db.query(
        `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    },
  };
}
