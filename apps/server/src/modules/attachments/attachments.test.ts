import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, Lead, LeadMessage, TimelineItem } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let dataDir: string;
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  Buffer.from('IHDR'),
  Buffer.alloc(200, 7),
]);

function multipart(name: string, bytes: Buffer, field = 'file', type = 'application/octet-stream') {
  const boundary = 'xxATTACHxx';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n` +
          `Content-Type: ${type}\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (as: Client, leadId: string, name: string, bytes: Buffer, field = 'file', type?: string) =>
  as.inject({
    method: 'POST',
    url: `/api/v1/leads/${leadId}/attachments`,
    ...multipart(name, bytes, field, type),
  });

const newLead = async (extra: Record<string, unknown> = {}) => {
  const res = await admin.post('/api/v1/leads', validLead(c, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
const rows = async (leadId: string) =>
  (
    await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_attachments WHERE lead_id = $1', [
      leadId,
    ])
  )[0].n;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-attach-'));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    jobPollingSeconds: 0.5,
    env: { LEADLINE_DATA_DIR: dataDir, SMTP_URL: `smtp://127.0.0.1:${port}` },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

describe('attachments on a lead', () => {
  it('stores a file by its content, lists it, shows it on the timeline and gives it back as a download', async () => {
    const l = await newLead();
    const res = await upload(admin, l.id, 'Offer – Предложение.txt', png, 'file', 'text/html');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json<Attachment>();
    // The type is what the bytes are, not what the name or the uploader said.
    expect(a).toMatchObject({
      leadId: l.id,
      name: 'Offer – Предложение.txt',
      size: png.length,
      contentType: 'image/png',
    });
    expect((await admin.get(`/api/v1/leads/${l.id}/attachments`)).json()).toMatchObject({
      items: [a],
      total: 1,
      nextCursor: null,
    });
    const down = await admin.get(`/api/v1/attachments/${a.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(png)).toBe(true);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(String(down.headers['content-disposition'])).toMatch(
      /^attachment; filename=".*"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(String(down.headers['content-disposition']).split("UTF-8''")[1])).toBe(
      'Offer – Предложение.txt',
    );
    const timeline = (await admin.get(`/api/v1/leads/${l.id}/timeline`)).json<{ items: TimelineItem[] }>();
    expect(timeline.items.find((i) => i.kind === 'attachment')?.payload).toMatchObject({
      attachmentId: a.id,
      change: 'added',
      name: a.name,
    });
  });

  it('never serves HTML as HTML, and keeps the same content once', async () => {
    const l = await newLead();
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const first = (await upload(admin, l.id, 'page.html', html, 'file', 'text/html')).json<Attachment>();
    const second = (await upload(admin, l.id, '../../copy.html', html)).json<Attachment>();
    expect(first.contentType).toBe('text/plain');
    expect(second.name).toBe('copy.html');
    const down = await admin.get(`/api/v1/attachments/${first.id}`);
    expect(down.headers['content-type']).not.toContain('html');
    expect(String(down.headers['content-disposition'])).toMatch(/^attachment;/);
    const stored = await t.db.query<{ sha256: string }>(
      'SELECT DISTINCT sha256 FROM lead_attachments WHERE lead_id = $1',
      [l.id],
    );
    expect(stored).toHaveLength(1);
    const file = path.join(dataDir, 'files', stored[0].sha256.slice(0, 2), stored[0].sha256);
    expect(existsSync(file)).toBe(true);
    // Deleting one copy keeps the bytes the other still needs; deleting the last removes them.
    expect((await admin.del(`/api/v1/attachments/${first.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/attachments/${first.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/attachments/${second.id}`)).statusCode).toBe(200);
    expect(existsSync(file)).toBe(true);
    expect((await admin.del(`/api/v1/attachments/${second.id}`)).statusCode).toBe(204);
    expect(existsSync(file)).toBe(false);
    const timeline = (await admin.get(`/api/v1/leads/${l.id}/timeline`)).json<{ items: TimelineItem[] }>();
    expect(
      timeline.items
        .filter((i) => i.kind === 'attachment')
        .map((i) => (i.payload as { change: string }).change),
    ).toEqual(['deleted', 'deleted', 'added', 'added']);
  });

  it('refuses a file over the size setting with 413, writing nothing, and a request without a file', async () => {
    const l = await newLead();
    const before = (await admin.get('/api/v1/settings')).json<{ attachmentMaxBytes: number }>();
    expect(before.attachmentMaxBytes).toBe(25 * 1024 * 1024);
    expect((await admin.patch('/api/v1/settings', { attachmentMaxBytes: 2048 })).statusCode).toBe(200);
    try {
      const big = await upload(admin, l.id, 'big.bin', Buffer.alloc(5000, 1));
      expect(big.statusCode, big.body).toBe(413);
      expect(big.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'too_large' })]);
      expect(await rows(l.id)).toBe(0);
      expect((await upload(admin, l.id, 'small.bin', Buffer.alloc(2000, 1))).statusCode).toBe(201);
    } finally {
      await admin.patch('/api/v1/settings', { attachmentMaxBytes: before.attachmentMaxBytes });
    }
    const wrongField = await upload(admin, l.id, 'x.bin', Buffer.from('x'), 'document');
    expect(wrongField.statusCode).toBe(422);
    expect(wrongField.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'required' })]);
    const json = await admin.post(`/api/v1/leads/${l.id}/attachments`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    const badSetting = await admin.patch('/api/v1/settings', { attachmentMaxBytes: 'big' });
    expect(badSetting.statusCode).toBe(422);
    expect(await rows(l.id)).toBe(1);
  });

  it("answers 404 to a user of another team, by the lead's path and by the attachment's id", async () => {
    const unitA = (await admin.post('/api/v1/units', { name: 'Files A' })).json<{ id: string }>().id;
    const unitB = (await admin.post('/api/v1/units', { name: 'Files B' })).json<{ id: string }>().id;
    const a = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
    const b = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitB] });
    const l = await newLead({ ownerId: a.userId, unitId: unitA });
    const settings = (await admin.get('/api/v1/settings')).json<{ visibility: string }>();
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const res = await upload(a, l.id, 'notes.txt', Buffer.from('Заметки'));
      expect(res.statusCode, res.body).toBe(201);
      const file = res.json<Attachment>();
      expect(file.contentType).toBe('text/plain');
      expect((await b.get(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
      expect((await b.del(`/api/v1/attachments/${file.id}`)).statusCode).toBe(404);
      expect((await b.get(`/api/v1/leads/${l.id}/attachments`)).statusCode).toBe(404);
      expect((await upload(b, l.id, 'x.txt', Buffer.from('x'))).statusCode).toBe(404);
      expect(await rows(l.id)).toBe(1);
      expect((await a.get(`/api/v1/attachments/${file.id}`)).body).toBe('Заметки');
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
  });

  it('answers 404 for an unknown attachment and 400 for a malformed id', async () => {
    expect((await admin.get('/api/v1/attachments/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await admin.get('/api/v1/attachments/nope')).statusCode).toBe(400);
  });
});

describe('attachments sent with an e-mail', () => {
  it("sends the lead's files with the message, and refuses another lead's file or an SMS with files", async () => {
    const l = await newLead({ emails: ['files@customer.test'] });
    const other = await newLead();
    const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 65)]);
    const file = (await upload(admin, l.id, 'Angebot – Предложение.pdf', pdfBytes)).json<Attachment>();
    const foreign = (await upload(admin, other.id, 'other.txt', Buffer.from('other'))).json<Attachment>();
    expect(file.contentType).toBe('application/pdf');

    const wrong = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'email',
      subject: 'Offer',
      body: '<p>Please find the offer attached.</p>',
      attachmentIds: [file.id, foreign.id],
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([
      expect.objectContaining({ field: 'attachmentIds.1', code: 'not_found' }),
    ]);
    const sms = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'sms',
      body: 'Hello',
      attachmentIds: [file.id],
    });
    expect(sms.statusCode).toBe(422);
    expect(sms.json().errors).toEqual([
      expect.objectContaining({ field: 'attachmentIds', code: 'email_only' }),
    ]);

    const sent = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'email',
      subject: 'Offer',
      body: '<p>Please find the offer attached.</p>',
      attachmentIds: [file.id],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json<LeadMessage>();
    const until = Date.now() + 20_000;
    while (!received.some((r) => r.to.includes('files@customer.test')) && Date.now() < until)
      await sleep(150);
    const mail = received.find((r) => r.to.includes('files@customer.test'));
    expect(mail).toBeDefined();
    expect(mail!.raw).toContain('Content-Type: application/pdf');
    expect(mail!.raw).toContain('Content-Disposition: attachment');
    expect(mail!.raw).toContain(pdfBytes.toString('base64').slice(0, 60));
    const timeline = (await admin.get(`/api/v1/leads/${l.id}/timeline`)).json<{ items: TimelineItem[] }>();
    expect(timeline.items.find((i) => i.kind === 'message')?.payload).toMatchObject({
      messageId: message.id,
      attachments: [{ id: file.id, name: file.name }],
    });
  });
});
