import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from './client';

const migrationsDir = new URL('./migrations/', import.meta.url).pathname;

/**
 * The lock each migration holds. Dropping a schema or an index elsewhere in the database takes it too
 * (`underMigrationLock`): a migration that reads the catalog (0420 reads index definitions through
 * `pg_indexes`) would otherwise fail with "could not open relation" on an object dropped under it.
 */
export const MIGRATION_LOCK = 4242001;

/** The statements in one transaction that waits for any migration running on this database. */
export const underMigrationLock = (sql: string) =>
  `BEGIN; SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}); ${sql}; COMMIT`;

export async function listMigrations(): Promise<string[]> {
  return (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
}

/**
 * Applies the SQL files of ./migrations in name order, each in its own transaction, once.
 * An advisory lock keeps two servers starting together on one PostgreSQL from racing. `only` limits
 * them to those names (a restore builds the schema its backup was taken with).
 */
export async function migrate(db: Queryable, opts: { only?: string[] } = {}): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const file of await listMigrations()) {
    if (opts.only && !opts.only.includes(file)) continue;
    const sql = await readFile(path.join(migrationsDir, file), 'utf8');
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file]);
      if (rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}

export async function pendingMigrations(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((r) => r.name));
  return (await listMigrations()).filter((f) => !done.has(f));
}
