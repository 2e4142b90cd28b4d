import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, Lead } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { restoreBackup } from '../../ops/backup';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';
import { createS3FileStore } from './s3-file-store';
import { parseS3Url } from './s3-location';

/*
 * Attachments kept in an S3-compatible bucket (`S3_URL`): a real S3 server (s3rver) listens on a local
 * port and the server talks to it through the AWS SDK, as it would to MinIO or Amazon S3.
 */
let t: TestApp;
let admin: Client;
let c: Catalog;
let dataDir: string;
let s3Dir: string;
let s3: S3rver;
let s3Url: string;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// s3rver checks signatures against its one built-in key pair.
const KEY = 'S3RVER';
const SECRET = 'S3RVER';

function multipart(name: string, bytes: Buffer) {
  const boundary = 'xxS3xx';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (as: Client, leadId: string, name: string, bytes: Buffer) =>
  as.inject({ method: 'POST', url: `/api/v1/leads/${leadId}/attachments`, ...multipart(name, bytes) });

const newLead = async (extra: Record<string, unknown> = {}) => {
  const res = await admin.post('/api/v1/leads', validLead(c, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};

/** The keys in a bucket, as the S3 server lists them. */
async function keys(bucket: string) {
  const store = createS3FileStore(parseS3Url(s3Url.replace('/leadline/files', `/${bucket}`)), dataDir);
  const res = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (res.Contents ?? []).map((o) => o.Key).sort();
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-s3-data-'));
  s3Dir = await mkdtemp(path.join(tmpdir(), 'leadline-s3-server-'));
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [
      { name: 'leadline', configs: [] },
      { name: 'restored', configs: [] },
    ],
  });
  const { port } = await s3.run();
  s3Url = `http://${KEY}:${SECRET}@127.0.0.1:${port}/leadline/files`;
  t = await createTestApp({ env: { LEADLINE_DATA_DIR: dataDir, S3_URL: s3Url } });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await s3?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(s3Dir, { recursive: true, force: true });
});

describe('attachments in an S3-compatible bucket', { timeout: 60_000 }, () => {
  it('uploads to the bucket, downloads from it, keeps one object per content and deletes the last copy', async () => {
    const bytes = Buffer.from(`Offer ${Date.now()} – предложение`);
    const key = `files/${sha(bytes).slice(0, 2)}/${sha(bytes)}`;
    const [l1, l2] = [await newLead(), await newLead()];
    const first = await upload(admin, l1.id, 'offer.txt', bytes);
    expect(first.statusCode, first.body).toBe(201);
    const a1 = first.json<Attachment>();
    expect(a1).toMatchObject({ leadId: l1.id, size: bytes.length, contentType: 'text/plain' });
    expect(await keys('leadline')).toContain(key);
    // Nothing is kept on local disk but the (emptied) upload directory.
    expect(existsSync(path.join(dataDir, 'files', key.slice(6, 8)))).toBe(false);
    expect(await readdir(path.join(dataDir, 'files', 'tmp'))).toEqual([]);

    const down = await admin.get(`/api/v1/attachments/${a1.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(bytes)).toBe(true);
    expect(String(down.headers['content-disposition'])).toMatch(/^attachment; /);

    // The same bytes on another lead: a second attachment, the same single object.
    const second = await upload(admin, l2.id, 'copy.txt', bytes);
    expect(second.statusCode, second.body).toBe(201);
    const a2 = second.json<Attachment>();
    expect((await keys('leadline')).filter((k) => k === key)).toHaveLength(1);

    expect((await admin.del(`/api/v1/attachments/${a1.id}`)).statusCode).toBe(204);
    expect(await keys('leadline')).toContain(key);
    expect((await admin.get(`/api/v1/attachments/${a2.id}`)).rawPayload.equals(bytes)).toBe(true);
    expect((await admin.del(`/api/v1/attachments/${a2.id}`)).statusCode).toBe(204);
    expect(await keys('leadline')).not.toContain(key);
    expect((await admin.get(`/api/v1/attachments/${a2.id}`)).statusCode).toBe(404);
  });

  it('answers 404 to a user of another team, and the bucket keeps the file', async () => {
    const unitA = (await admin.post('/api/v1/units', { name: 'S3 A' })).json<{ id: string }>().id;
    const unitB = (await admin.post('/api/v1/units', { name: 'S3 B' })).json<{ id: string }>().id;
    const a = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
    const b = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitB] });
    const l = await newLead({ ownerId: a.userId, unitId: unitA });
    const settings = (await admin.get('/api/v1/settings')).json<{ visibility: string }>();
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const bytes = Buffer.from(`team notes ${Date.now()}`);
      const res = await upload(a, l.id, 'notes.txt', bytes);
      expect(res.statusCode, res.body).toBe(201);
      const file = res.json<Attachment>();
      expect((await b.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
      expect((await b.del(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
      expect(await keys('leadline')).toContain(`files/${sha(bytes).slice(0, 2)}/${sha(bytes)}`);
      expect((await a.get(`/api/v1/attachments/${file.id}`)).rawPayload.equals(bytes)).toBe(true);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
  });

  it('a backup carries the files of the bucket, and a restore puts them into the store configured', async () => {
    const bytes = Buffer.from(`kept in the backup ${Date.now()}`);
    const l = await newLead();
    expect((await upload(admin, l.id, 'kept.txt', bytes)).statusCode).toBe(201);
    const res = await admin.inject({ method: 'GET', url: '/api/v1/admin/backup' });
    expect(res.statusCode, res.body).toBe(200);
    const entries = new Map<string, Buffer>();
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (d: unknown) => void chunks.push(d as Buffer));
      stream.on('end', () => {
        entries.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    await new Promise<void>((resolve, reject) => {
      extract.on('finish', resolve).on('error', reject);
      Readable.from(res.rawPayload).pipe(extract);
    });
    const name = `files/${sha(bytes).slice(0, 2)}/${sha(bytes)}`;
    expect(entries.get(name)?.equals(bytes)).toBe(true);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as { counts: { files: number } };
    expect(manifest.counts.files).toBe([...entries.keys()].filter((k) => k.startsWith('files/')).length);

    if (t.db.kind !== 'pglite') return; // a PostgreSQL restore replaces the database these tests run in
    // Restored into a new data directory whose attachments live in another bucket.
    const target = createS3FileStore(parseS3Url(s3Url.replace('/leadline/files', '/restored')), dataDir);
    const restoreDir = await mkdtemp(path.join(tmpdir(), 'leadline-s3-restore-'));
    try {
      await restoreBackup({ input: Readable.from(res.rawPayload), dataDir: restoreDir, store: target });
    } finally {
      await rm(restoreDir, { recursive: true, force: true });
    }
    expect(await keys('restored')).toContain(`${sha(bytes).slice(0, 2)}/${sha(bytes)}`);
  });
});
