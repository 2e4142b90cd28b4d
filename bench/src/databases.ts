import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../../apps/server/src/db/client';
import { migrate } from '../../apps/server/src/db/migrate';
import { ensureSharedExtensions } from '../../apps/server/src/db/shared-extensions';
import { generate, generatedSize, type GenerateResult } from './generate';
import { generateHistory } from './history';

export type DbKind = 'postgres' | 'pglite';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const benchDir = new URL('..', import.meta.url).pathname;

export interface BenchDatabase {
  kind: DbKind;
  db: Database;
  /** PostgreSQL: the URL and schemas the runtime must use; PGlite: the data directory. */
  url?: string;
  schema?: string;
  bossSchema?: string;
  dataDir?: string;
  generated: GenerateResult | null;
  sizeOnDisk(): Promise<{ bytes: number; how: string }>;
  close(): Promise<void>;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await dirBytes(p);
    else if (entry.isFile()) total += (await stat(p)).size;
  }
  return total;
}

/**
 * Opens the database for one size, migrated, and generates the data unless a previous run already did
 * at this size (a dedicated schema `bench_<size>` on PostgreSQL, a data directory on PGlite).
 */
export async function openBenchDatabase(
  kind: DbKind,
  size: number,
  opts: { regenerate?: boolean; log?: (line: string) => void } = {},
): Promise<BenchDatabase> {
  const log = opts.log ?? ((line: string) => console.log(line));
  if (kind === 'postgres') {
    const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
    const schema = `bench_${size}`;
    const bossSchema = `${schema}_boss`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    if (opts.regenerate) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await ensureSharedExtensions(admin);
    await admin.end();
    const db = openPostgres(url, { searchPath: `${schema},public`, max: 12 });
    const generated = await prepare(db, size, log);
    return {
      kind,
      db,
      url,
      schema,
      bossSchema,
      generated,
      async sizeOnDisk() {
        const [r] = await db.query<{ bytes: string }>(
          `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
          [schema],
        );
        return { bytes: Number(r.bytes), how: `pg_total_relation_size of every table in schema ${schema}` };
      },
      close: () => db.close(),
    };
  }
  const dataDir = path.join(benchDir, '.data', `pglite-${size}`);
  if (opts.regenerate) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const db = await openPglite(dataDir);
  let generated: GenerateResult | null;
  try {
    generated = await prepare(db, size, log);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    kind,
    db,
    dataDir,
    generated,
    async sizeOnDisk() {
      await db.exec('CHECKPOINT');
      return { bytes: await dirBytes(dataDir), how: `size of the data directory ${dataDir}` };
    },
    close: () => db.close(),
  };
}

async function prepare(db: Database, size: number, log: (line: string) => void) {
  await migrate(db);
  const have = await generatedSize(db);
  if (have === size) {
    log(`  ${db.kind}: reusing the data generated at ${size.toLocaleString('en')} leads`);
    await generateHistory(db, log);
    return null;
  }
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
  if (n > 0)
    throw new Error(`${db.describe} holds leads but no complete benchmark data; run with --regenerate`);
  log(`  ${db.kind}: generating ${size.toLocaleString('en')} leads`);
  const generated = await generate(db, { size, log });
  await generateHistory(db, log);
  return generated;
}
