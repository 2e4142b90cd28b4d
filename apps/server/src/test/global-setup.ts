import pg from 'pg';
import { ensureSharedExtensions } from '../db/shared-extensions';

/** Extensions are per database, not per schema: make pg_trgm shared before the test files race to create it. */
export default async function setup() {
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
      if (born < cutoff) await client.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}
