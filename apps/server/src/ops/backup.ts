import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import tar from 'tar-stream';
import pg from 'pg';
import { openPglite, type Database } from '../db/client';
import { ensureSharedExtensions } from '../db/shared-extensions';
import {
  contentKey,
  createDiskFileStore,
  type FileStore,
  type StoredFile,
} from '../modules/attachments/file-store';
import { bossSchemaOf, dumpLogical, readCatalog, restoreLogical } from './logical-dump';
import { underMigrationLock } from '../db/migrate';

/**
 * A backup is one tar file: `manifest.json`, the database (`database/pgdata.tar.gz`, PGlite's data
 * directory as `dumpDataDir` writes it; `database/leadline.dump`, pg_dump's custom format; or, where
 * pg_dump is not installed, a logical dump through the driver under `database/logical/`), and the
 * attachments under `files/<aa>/<sha256>`, read from the attachment store (the data directory or the
 * S3 bucket of `S3_URL`) and written back into the store of the configuration restoring it.
 */
export interface BackupManifest {
  format: 'leadline-backup';
  version: 1;
  createdAt: string;
  database: 'pglite' | 'pg_dump' | 'logical';
  /** The migrations applied when the backup was taken. */
  migrations: string[];
  /** Counted just before the dump; a write landing in between is in the dump and not in these. */
  counts: { leads: number; leadEvents: number; files: number };
}

const PGDATA = 'database/pgdata.tar.gz';
const PGDUMP = 'database/leadline.dump';

export const hasPgTools = () =>
  spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** Adds a stream of `size` bytes to the archive. */
function addStream(pack: tar.Pack, name: string, size: number, input: Readable, mtime?: Date) {
  return new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name, size, mtime }, (err) => (err ? reject(err) : resolve()));
    input.on('error', reject).pipe(entry);
  });
}

/** Adds a file to the archive as a stream (its size read first, as a tar header needs it). */
async function addFile(pack: tar.Pack, name: string, file: string) {
  const { size, mtime } = await stat(file);
  await addStream(pack, name, size, createReadStream(file), mtime);
}

async function addStored(pack: tar.Pack, store: FileStore, f: StoredFile) {
  const input = await store.open(f.sha256);
  if (!input)
    throw new Error(`The attachment content ${f.sha256} vanished from the store during the backup.`);
  await addStream(pack, `files/${contentKey(f.sha256)}`, f.size, input);
}

const addBuffer = (pack: tar.Pack, name: string, data: Buffer) =>
  new Promise<void>((resolve, reject) =>
    pack.entry({ name, size: data.length }, data, (err) => (err ? reject(err) : resolve())),
  );

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

/**
 * A Leadline kept in a schema of its own (search_path) is that schema and its job queue's; in `public`
 * it is the whole database.
 */
async function ownSchemas(db: Database): Promise<string[]> {
  const [{ schema }] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  if (schema === 'public') return [];
  const boss = await db.query<{ n: string }>('SELECT nspname AS n FROM pg_namespace WHERE nspname = $1', [
    `${schema}_boss`,
  ]);
  return [schema, ...boss.map((b) => b.n)];
}

/**
 * Writes a consistent backup of a running Leadline to `out`. On PGlite the data directory is dumped
 * inside the process that holds it (PGlite runs one statement at a time, so the dump is one moment);
 * on PostgreSQL pg_dump takes one snapshot, or without pg_dump (or with `method: 'logical'`) the
 * driver reads every table in one snapshot. `schemas` narrows pg_dump to those schemas (by default
 * the Leadline's own, see ownSchemas).
 */
export async function writeBackup(opts: {
  db: Database;
  databaseUrl?: string;
  /** The attachment store whose contents the backup carries. */
  store: FileStore;
  out: Writable;
  schemas?: string[];
  method?: 'pg_dump' | 'logical';
}): Promise<BackupManifest> {
  const { db } = opts;
  const method = db.kind === 'pglite' ? 'pglite' : (opts.method ?? (hasPgTools() ? 'pg_dump' : 'logical'));
  const files: StoredFile[] = [];
  for await (const f of opts.store.list()) files.push(f);
  const [counts] = await db.query<{ leads: number; events: number }>(
    'SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM lead_events)::int AS events',
  );
  const migrations = (
    await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
  ).map((r) => r.name);
  const manifest: BackupManifest = {
    format: 'leadline-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    database: method,
    migrations,
    counts: { leads: counts.leads, leadEvents: counts.events, files: files.length },
  };

  const pack = tar.pack();
  const done = pipeline(pack, opts.out);
  const work = await mkdtemp(path.join(tmpdir(), 'leadline-backup-'));
  try {
    await addBuffer(pack, 'manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    if ('pglite' in db) {
      const dump = (await (
        db as Database & { pglite: import('@electric-sql/pglite').PGlite }
      ).pglite.dumpDataDir('gzip')) as Blob;
      await addBuffer(pack, PGDATA, Buffer.from(await dump.arrayBuffer()));
    } else if (method === 'logical') {
      const [{ schema }] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
      await dumpLogical({
        databaseUrl: opts.databaseUrl!,
        schema,
        work,
        add: (name, file) => addFile(pack, name, file),
        addBuffer: (name, data) => addBuffer(pack, name, data),
      });
    } else {
      const file = path.join(work, 'leadline.dump');
      const schemaArgs = (opts.schemas ?? (await ownSchemas(db))).map((s) => `--schema=${s}`);
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        ...schemaArgs,
        `--file=${file}`,
        '--dbname',
        opts.databaseUrl!,
      ]);
      await addFile(pack, PGDUMP, file);
    }
    for (const f of files) await addStored(pack, opts.store, f);
    pack.finalize();
    await done;
  } catch (err) {
    pack.destroy(err as Error);
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return manifest;
}

/** Unpacks a backup into a new temporary folder; the caller removes it. */
async function unpack(input: Readable): Promise<{ dir: string; manifest: BackupManifest }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'leadline-restore-'));
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const target = path.resolve(dir, header.name);
    // An entry naming a place outside the folder is not ours to write.
    if (!target.startsWith(dir + path.sep) || header.type !== 'file') {
      stream.resume();
      stream.on('end', next);
      return;
    }
    void mkdir(path.dirname(target), { recursive: true }).then(() =>
      pipeline(stream, createWriteStream(target)).then(() => next(), next),
    );
  });
  await pipeline(input, extract);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error('This is not a Leadline backup (no manifest.json).');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.format !== 'leadline-backup') throw new Error('This is not a Leadline backup.');
  return { dir, manifest };
}

export class NotEmptyError extends Error {}

/** Whether the database already holds Leadline data (any user or lead). */
async function holdsData(query: (sql: string) => Promise<{ n: number }[]>) {
  const [tables] = await query(`SELECT (to_regclass('users') IS NOT NULL)::int AS n`);
  if (tables.n === 0) return false;
  const [r] = await query('SELECT ((SELECT count(*) FROM users) + (SELECT count(*) FROM leads))::int AS n');
  return r.n > 0;
}

/** The schemas a pg_dump file holds. */
function schemasOfDump(dump: string) {
  const list = spawnSync('pg_restore', ['--list', dump], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`pg_restore --list failed: ${list.stderr}`);
  const schemas = new Set<string>();
  for (const line of list.stdout.split('\n')) {
    const named = / SCHEMA - (\S+) /.exec(line);
    if (named) schemas.add(named[1]);
    const table = / TABLE (?!DATA )(\S+) /.exec(line);
    if (table) schemas.add(table[1]);
  }
  return schemas;
}

/**
 * Empties the schemas a backup holds, so that a forced restore starts from nothing (pg_restore --clean
 * cannot drop the job queue's partitioned tables). `public` is created again with the shared extensions.
 */
async function dropSchemas(schemas: Iterable<string>, databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) {
      await client.query(underMigrationLock(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`));
      if (schema === 'public') await client.query('CREATE SCHEMA public');
    }
    await ensureSharedExtensions(client);
  } finally {
    await client.end();
  }
}

/** Puts the unpacked `files/<aa>/<sha256>` into the store (each through its temporary directory). */
async function restoreFiles(from: string, store: FileStore) {
  await mkdir(store.tempDir, { recursive: true });
  for (const f of await listFiles(from)) {
    const sha256 = path.basename(f);
    if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
    const temp = path.join(store.tempDir, `restore-${sha256}`);
    await pipeline(createReadStream(path.join(from, f)), createWriteStream(temp));
    await store.put(temp, sha256);
  }
}

/**
 * Restores a backup into the database of the configuration: the PGlite data directory `dataDir` (the
 * server must be stopped), or the PostgreSQL database `databaseUrl`. A database that holds data is
 * refused unless `force`; with `force` a PGlite directory is moved aside (kept, its name returned), and
 * PostgreSQL objects of the backup are dropped and created again.
 */
export async function restoreBackup(opts: {
  input: Readable;
  dataDir: string;
  /** Where the attachments of the backup go (by default `dataDir/files`). */
  store?: FileStore;
  databaseUrl?: string;
  force?: boolean;
}): Promise<{ manifest: BackupManifest; movedAside?: string }> {
  const { dir, manifest } = await unpack(opts.input);
  try {
    let movedAside: string | undefined;
    if (manifest.database === 'pglite') {
      if (opts.databaseUrl)
        throw new Error('This backup is of an embedded database: restore it without DATABASE_URL.');
      if (existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
        const current = await openPglite(opts.dataDir);
        const full = await holdsData((sql) => current.query(sql)).finally(() => current.close());
        if (full && !opts.force)
          throw new NotEmptyError(`${opts.dataDir} holds data; restore with --force to replace it.`);
        movedAside = `${opts.dataDir.replace(/\/+$/, '')}.before-restore-${Date.now()}`;
        await rename(opts.dataDir, movedAside);
      }
      await mkdir(opts.dataDir, { recursive: true });
      const data = await readFile(path.join(dir, PGDATA));
      const db = await openPglite(opts.dataDir, new Blob([data]));
      await db.close();
    } else {
      if (!opts.databaseUrl) throw new Error('This backup is of PostgreSQL: set DATABASE_URL to restore it.');
      if (manifest.database === 'pg_dump' && !hasPgTools())
        throw new Error('pg_restore is needed to restore this backup: install the PostgreSQL client.');
      const client = new pg.Client({ connectionString: opts.databaseUrl });
      await client.connect();
      const full = await holdsData(async (sql) => (await client.query<{ n: number }>(sql)).rows)
        .then(async (f) => {
          // A backup of one schema does not carry the extensions, which belong to the database.
          await ensureSharedExtensions(client);
          return f;
        })
        .finally(() => client.end());
      if (full && !opts.force)
        throw new NotEmptyError('The database holds data; restore with --force to replace it.');
      if (manifest.database === 'logical') {
        const { schema } = await readCatalog(dir);
        if (full) await dropSchemas([schema, bossSchemaOf(schema)], opts.databaseUrl);
        await restoreLogical({ dir, databaseUrl: opts.databaseUrl, migrations: manifest.migrations });
      } else {
        const dump = path.join(dir, PGDUMP);
        if (full) await dropSchemas(schemasOfDump(dump), opts.databaseUrl);
        await run('pg_restore', [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--single-transaction',
          '--dbname',
          opts.databaseUrl,
          dump,
        ]);
      }
    }
    await restoreFiles(path.join(dir, 'files'), opts.store ?? createDiskFileStore(opts.dataDir));
    return { manifest, movedAside };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
