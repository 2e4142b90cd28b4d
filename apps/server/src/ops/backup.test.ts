import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Database } from '../db/client';
import { createTestApp, signInAdmin, testDbKind, userWith, type Client, type TestApp } from '../test/harness';
import { hasPgTools, NotEmptyError, restoreBackup, writeBackup, type BackupManifest } from './backup';

let t: TestApp;
let admin: Client;
const dataDir = mkdtempSync(path.join(tmpdir(), 'leadline-backup-test-'));
const attachment = Buffer.from('%PDF-1.4 offer for the lead\n');
let leadIds: string[];
let eventIds: string[];

const ids = async (db: Database, table: string) =>
  (await db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);

beforeAll(async () => {
  t = await createTestApp({ env: { LEADLINE_DATA_DIR: dataDir } });
  admin = await signInAdmin(t.app);
  const [{ id: sourceId }] = await t.db.query<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
  const [{ id: salesDirectionId }] = await t.db.query<{ id: string }>(
    `INSERT INTO sales_directions (name) VALUES ('Backups') RETURNING id`,
  );
  for (const name of ['Backup one', 'Backup two', 'Backup three']) {
    const res = await admin.post('/api/v1/leads', {
      name,
      sourceId,
      salesDirectionId,
      prospectType: 'person',
      newContact: true,
      firstName: 'Bea',
      lastName: name,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = await admin.post(`/api/v1/leads/${res.json<{ id: string }>().id}/comments`, { body: 'Called' });
    expect(c.statusCode, c.body).toBeLessThan(300);
  }
  // An attachment uploaded as a user does, kept by the server under LEADLINE_DATA_DIR/files.
  const [first] = await ids(t.db, 'leads');
  const boundary = 'xxBACKUPxx';
  const up = await admin.inject({
    method: 'POST',
    url: `/api/v1/leads/${first}/attachments`,
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="offer.pdf"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      ),
      attachment,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(up.statusCode, up.body).toBe(201);
  leadIds = await ids(t.db, 'leads');
  eventIds = await ids(t.db, 'lead_events');
}, 120_000);
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function takeBackup(by: Client) {
  const res = await by.inject({ method: 'GET', url: '/api/v1/admin/backup' });
  return res;
}

describe('backup and restore', { timeout: 120_000 }, () => {
  it('only an administrator takes a backup', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await takeBackup(sales)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/backup' })).statusCode).toBe(401);
  });

  it('restores a backup taken while the server runs into a fresh database: every lead, event and file', async () => {
    const res = await takeBackup(admin);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const archive = res.rawPayload;
    const target = mkdtempSync(path.join(tmpdir(), 'leadline-restored-'));
    let fresh: { url: string; drop: () => Promise<void> } | undefined;
    try {
      let restored: Database;
      if (testDbKind() === 'pglite') {
        const { manifest } = await restoreBackup({ input: Readable.from(archive), dataDir: target });
        expect(manifest.database).toBe('pglite');
        expectCounts(manifest);
        restored = await openPglite(target);
      } else {
        fresh = await freshDatabase(t.db);
        const { manifest } = await restoreBackup({
          input: Readable.from(archive),
          dataDir: target,
          databaseUrl: fresh.url,
        });
        expect(manifest.database).toBe('pg_dump');
        expectCounts(manifest);
        restored = openPostgres(fresh.url, { max: 1 });
      }
      try {
        expect(await ids(restored, 'leads')).toEqual(leadIds);
        expect(await ids(restored, 'lead_events')).toEqual(eventIds);
      } finally {
        await restored.close();
      }
      const sha = createHash('sha256').update(attachment).digest('hex');
      expect(readFileSync(path.join(target, 'files', sha.slice(0, 2), sha))).toEqual(attachment);

      // A database that holds data is replaced only when told.
      const again = restoreBackup({
        input: Readable.from(archive),
        dataDir: target,
        databaseUrl: fresh?.url,
      });
      await expect(again).rejects.toBeInstanceOf(NotEmptyError);
      const forced = await restoreBackup({
        input: Readable.from(archive),
        dataDir: target,
        databaseUrl: fresh?.url,
        force: true,
      });
      if (testDbKind() === 'pglite') expect(existsSync(forced.movedAside!)).toBe(true);
      const check = fresh ? openPostgres(fresh.url, { max: 1 }) : await openPglite(target);
      try {
        expect(await ids(check, 'leads')).toEqual(leadIds);
      } finally {
        await check.close();
      }
      if (forced.movedAside) await rm(forced.movedAside, { recursive: true, force: true });
    } finally {
      await fresh?.drop();
      await rm(target, { recursive: true, force: true });
    }
  });

  it.runIf(testDbKind() === 'postgres')(
    'without pg_dump, a logical dump through the driver restores into a fresh database: every lead, event and file',
    async () => {
      // The PostgreSQL client tools are out of reach, as on a machine without them.
      const withTools = process.env.PATH;
      const withoutTools = async <T>(fn: () => Promise<T>) => {
        process.env.PATH = '/nonexistent';
        try {
          return await fn();
        } finally {
          process.env.PATH = withTools;
        }
      };
      const chunks: Buffer[] = [];
      const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
      const manifest = await withoutTools(async () => {
        expect(hasPgTools()).toBe(false);
        return writeBackup({ db: t.db, databaseUrl: t.config.databaseUrl, dataDir, out });
      });
      expect(manifest.database).toBe('logical');
      expectCounts(manifest);
      const archive = Buffer.concat(chunks);
      const target = mkdtempSync(path.join(tmpdir(), 'leadline-restored-'));
      const fresh = await freshDatabase(t.db, 'logical');
      const restoreInto = (force = false) =>
        withoutTools(() =>
          restoreBackup({ input: Readable.from(archive), dataDir: target, databaseUrl: fresh.url, force }),
        );
      try {
        expect((await restoreInto()).manifest.database).toBe('logical');
        const restored = openPostgres(fresh.url, { max: 1 });
        try {
          expect(await ids(restored, 'leads')).toEqual(leadIds);
          expect(await ids(restored, 'lead_events')).toEqual(eventIds);
          // Every column of every lead as it was, and the next lead number goes on from the last one.
          const rows = (db: Database) => db.query('SELECT * FROM leads ORDER BY id');
          expect(await rows(restored)).toEqual(await rows(t.db));
          const seq = (db: Database) => db.query('SELECT last_value, is_called FROM lead_number_seq');
          expect(await seq(restored)).toEqual(await seq(t.db));
          expect(await ids(restored, 'users')).toEqual(await ids(t.db, 'users'));
        } finally {
          await restored.close();
        }
        const sha = createHash('sha256').update(attachment).digest('hex');
        expect(readFileSync(path.join(target, 'files', sha.slice(0, 2), sha))).toEqual(attachment);

        await expect(restoreInto()).rejects.toBeInstanceOf(NotEmptyError);
        await restoreInto(true);
        const check = openPostgres(fresh.url, { max: 1 });
        try {
          expect(await ids(check, 'leads')).toEqual(leadIds);
          expect(await ids(check, 'lead_attachments')).toEqual(await ids(t.db, 'lead_attachments'));
        } finally {
          await check.close();
        }
      } finally {
        await fresh.drop();
        await rm(target, { recursive: true, force: true });
      }
    },
  );

  it('refuses a file that is not a backup', async () => {
    const target = mkdtempSync(path.join(tmpdir(), 'leadline-restored-'));
    try {
      await expect(
        restoreBackup({ input: Readable.from(Buffer.alloc(1024)), dataDir: target }),
      ).rejects.toThrow(/not a Leadline backup/);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  });
});

function expectCounts(m: BackupManifest) {
  expect(m.counts).toEqual({ leads: leadIds.length, leadEvents: eventIds.length, files: 1 });
}

/**
 * A new, empty database on the test server, reached with the search_path of the test's schema (the
 * restore creates that schema).
 */
async function freshDatabase(db: Database, suffix = 'restore') {
  const [{ schema }] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
  const base = process.env.TEST_DATABASE_URL!;
  const name = `${schema}_${suffix}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  // libpq reads %20 as a space, not +.
  u.search = `?options=${encodeURIComponent(`-c search_path=${schema},public`)}`;
  return {
    url: u.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await d.end();
    },
  };
}
