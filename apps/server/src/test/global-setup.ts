import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../db/client';
import { migrate, underMigrationLock } from '../db/migrate';
import { ensureSharedExtensions } from '../db/shared-extensions';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory (as PGlite's dumpDataDir writes it) of an empty, fully migrated database. */
    pgliteSnapshot: string;
  }
}

export default async function setup(project: TestProject) {
  if (project.config.env?.LEADLINE_TEST_DB === 'postgres') return preparePostgres();
  return preparePglite(project);
}

/**
 * A new PGlite spends most of its start in initdb and the migrations. They run once here; every test app
 * starts from a copy of the result. Starting from nothing stays tested where the server itself starts
 * (main.test.ts, processes.test.ts, backup.test.ts).
 */
async function preparePglite(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-test-'));
  const file = path.join(dir, 'migrated.tar');
  const db = await openPglite(undefined);
  try {
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('none');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('pgliteSnapshot', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

/** Extensions are per database, not per schema: make pg_trgm shared before the test files race to create it. */
async function preparePostgres() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await ensureSharedExtensions(client);
    // Schemas left by an interrupted earlier run: those more than two hours old. Younger ones may
    // belong to another run going on at the same time.
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'lltest\\_%'`,
    );
    const cutoff = Date.now() - 2 * 3600_000;
    for (const r of rows) {
      const born = parseInt(/^lltest_([0-9a-z]+)_/.exec(r.nspname)?.[1] ?? '0', 36);
      if (born < cutoff)
        await client.query(underMigrationLock(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`));
    }
  } finally {
    await client.end();
  }
}
