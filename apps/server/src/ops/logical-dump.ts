import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { queryableOf } from '../db/client';
import { listMigrations, migrate } from '../db/migrate';

/**
 * A logical dump of PostgreSQL taken through the driver, for machines without pg_dump: the schema is
 * named by the migrations it was built with (the manifest lists them) and each table's rows are in
 * COPY's text format, gzipped, one file per table under `database/logical/`, with `catalog.json`
 * naming the schema, the tables with their columns and the sequences' values. Every table is read in
 * one snapshot. A restore builds the schema by those migrations and loads the rows in one transaction.
 * The job queue's schema is not in it: the server creates it empty on start.
 */
export const LOGICAL_DIR = 'database/logical';
const CATALOG = `${LOGICAL_DIR}/catalog.json`;

export interface LogicalCatalog {
  schema: string;
  tables: { name: string; columns: string[]; file: string }[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The job queue's schema beside a Leadline schema (see the job queue and the test harness). */
export const bossSchemaOf = (schema: string) => (schema === 'public' ? 'pgboss' : `${schema}_boss`);

async function connect(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/**
 * Dumps the tables of `schema` in one snapshot: each table is copied to a gzipped file in `work` and
 * handed to `add` (which streams it into the archive) before the next one is read.
 */
export async function dumpLogical(opts: {
  databaseUrl: string;
  schema: string;
  work: string;
  add: (name: string, file: string) => Promise<void>;
  addBuffer: (name: string, data: Buffer) => Promise<void>;
}): Promise<void> {
  const client = await connect(opts.databaseUrl);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
      `SELECT c.relname AS name,
              array_agg(a.attname::text ORDER BY a.attnum) AS columns
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        GROUP BY c.relname ORDER BY c.relname`,
      [ident(opts.schema)],
    );
    const catalog: LogicalCatalog = { schema: opts.schema, tables: [], sequences: [] };
    for (const t of tables) {
      const file = `${LOGICAL_DIR}/${t.name}.copy.gz`;
      const local = path.join(opts.work, `${t.name}.copy.gz`);
      const cols = t.columns.map(ident).join(', ');
      await pipeline(
        client.query(copyTo(`COPY ${ident(opts.schema)}.${ident(t.name)} (${cols}) TO STDOUT`)),
        createGzip(),
        createWriteStream(local),
      );
      await opts.add(file, local);
      await rm(local, { force: true });
      catalog.tables.push({ name: t.name, columns: t.columns, file });
    }
    const { rows: sequences } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'S'
        ORDER BY relname`,
      [ident(opts.schema)],
    );
    for (const s of sequences) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${ident(opts.schema)}.${ident(s.name)}`,
      );
      catalog.sequences.push({ name: s.name, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
    }
    await client.query('COMMIT');
    await opts.addBuffer(CATALOG, Buffer.from(JSON.stringify(catalog, null, 2)));
  } finally {
    await client.end();
  }
}

export async function readCatalog(dir: string): Promise<LogicalCatalog> {
  return JSON.parse(await readFile(path.join(dir, CATALOG), 'utf8')) as LogicalCatalog;
}

/**
 * Restores a logical dump unpacked in `dir` into an empty database (or one whose schemas were dropped):
 * the schema by the backup's migrations, then every table's rows with the foreign keys set aside and
 * the triggers off (the rows are as they were, derived tables included), then the sequences; all in
 * one transaction, so a failure leaves nothing behind.
 */
export async function restoreLogical(opts: { dir: string; databaseUrl: string; migrations: string[] }) {
  const catalog = await readCatalog(opts.dir);
  const known = new Set(await listMigrations());
  const unknown = opts.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new Error(
      `This backup was taken by a newer Leadline (migrations ${unknown.join(', ')}): restore it with that version.`,
    );
  const schema = ident(catalog.schema);
  const client = await connect(opts.databaseUrl);
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}, public`);
    await migrate(queryableOf(client), { only: opts.migrations });
    const { rows: present } = await client.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r'`,
      [schema],
    );
    const names = new Set(present.map((r) => r.name));
    const missing = catalog.tables.filter((t) => !names.has(t.name)).map((t) => t.name);
    if (missing.length > 0)
      throw new Error(`The backup's tables ${missing.join(', ')} are not in its schema.`);
    const table = (name: string) => `${schema}.${ident(name)}`;
    // What the migrations seeded gives way to the backup's rows.
    await client.query(`TRUNCATE ${present.map((r) => table(r.name)).join(', ')}`);
    const { rows: keys } = await client.query<{ tbl: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' AND connamespace = $1::regnamespace`,
      [schema],
    );
    for (const k of keys) await client.query(`ALTER TABLE ${k.tbl} DROP CONSTRAINT ${ident(k.name)}`);
    for (const t of catalog.tables) {
      await client.query(`ALTER TABLE ${table(t.name)} DISABLE TRIGGER USER`);
      const cols = t.columns.map(ident).join(', ');
      await pipeline(
        createReadStream(path.join(opts.dir, t.file)),
        createGunzip(),
        client.query(copyFrom(`COPY ${table(t.name)} (${cols}) FROM STDIN`)),
      );
      await client.query(`ALTER TABLE ${table(t.name)} ENABLE TRIGGER USER`);
    }
    // Adding the keys again checks every row against them.
    for (const k of keys) await client.query(`ALTER TABLE ${k.tbl} ADD CONSTRAINT ${ident(k.name)} ${k.def}`);
    for (const s of catalog.sequences)
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
        `${schema}.${ident(s.name)}`,
        s.lastValue,
        s.isCalled,
      ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
