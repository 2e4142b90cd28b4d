import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const statusOf = async (t: TestApp, id: string) =>
  (
    await t.db.query<{ status: string; error: string | null; attempts: number }>(
      'SELECT status, error, attempts FROM mail_outbox WHERE id = $1',
      [id],
    )
  )[0];

describe('without an SMTP server: the built-in outbox', () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp({ jobPollingSeconds: 0.5 });
    admin = await signInAdmin(t.app);
  });
  afterAll(() => t.close());

  it('keeps a message of a committed change in the outbox, readable by the administrator', async () => {
    expect(t.rt.mailer.mode).toBe('outbox');
    const id = await t.db.transaction((tx) =>
      t.rt.mailer.enqueue(tx, {
        to: ['first@example.test', 'second@example.test'],
        subject: 'Welcome to Leadline',
        text: 'Hello there.',
        html: '<p>Hello there.</p>',
      }),
    );
    await waitFor(async () => (await statusOf(t, id))?.status === 'stored', 'the outbox job');

    const list = await admin.get('/api/v1/outbox');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((m: { id: string }) => m.id === id);
    expect(item).toMatchObject({
      to: 'first@example.test, second@example.test',
      subject: 'Welcome to Leadline',
      text: 'Hello there.',
      html: '<p>Hello there.</p>',
      status: 'stored',
      error: null,
      attempts: 1,
      sentAt: null,
    });
    const one = await admin.get(`/api/v1/outbox/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(item);
  });

  it('has no message of a change that rolled back', async () => {
    let id = '';
    await expect(
      t.db.transaction(async (tx) => {
        id = await t.rt.mailer.enqueue(tx, { to: 'ghost@example.test', subject: 'Never', text: 'x' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    await sleep(2_000);
    expect(await statusOf(t, id)).toBeUndefined();
    expect((await admin.get(`/api/v1/outbox/${id}`)).statusCode).toBe(404);
    const all = await admin.get('/api/v1/outbox?limit=500');
    expect(all.json().items.map((m: { subject: string }) => m.subject)).not.toContain('Never');
  });

  it('pages through the outbox newest first, without repeats or gaps, and filters by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        await t.db.transaction((tx) =>
          t.rt.mailer.enqueue(tx, { to: `p${i}@example.test`, subject: `Paged ${i}`, text: `Body ${i}` }),
        ),
      );
    }
    await waitFor(
      async () =>
        (
          await t.db.query(`SELECT 1 FROM mail_outbox WHERE status = 'queued' AND id = ANY ($1::uuid[])`, [
            ids,
          ])
        ).length === 0,
      'all messages to be stored',
    );
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res = await admin.get(
        `/api/v1/outbox?limit=5&status=stored${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      total = body.total;
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((m) => m.id)).size).toBe(seen.length);
    for (const id of ids) expect(seen.map((m) => m.id)).toContain(id);
    const times = seen.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await admin.get('/api/v1/outbox?status=sent')).json()).toMatchObject({ items: [], total: 0 });
    expect((await admin.get('/api/v1/outbox?status=bogus')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/outbox?sort=subject')).statusCode).toBe(400);
  });

  it('shows the outbox to administrators only', async () => {
    for (const role of ['crm_manager', 'crm_sales', 'crm_marketeer'] as const) {
      const u = await userWith(t.app, admin, [role]);
      expect((await u.get('/api/v1/outbox')).statusCode).toBe(403);
      expect((await u.get(`/api/v1/outbox/${randomUUID()}`)).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/outbox' })).statusCode).toBe(401);
    expect((await admin.get(`/api/v1/outbox/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('with an SMTP server', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: { from: string; to: string[]; raw: string }[] = [];
  let refuse = false;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refuse) callback(new Error('mailbox unavailable'));
        else callback();
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({
      jobPollingSeconds: 0.5,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Leadline <crm@example.test>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  it('sends a committed message through SMTP, once, and records it as sent', async () => {
    expect(t.rt.mailer.mode).toBe('smtp');
    const id = await t.db.transaction((tx) =>
      t.rt.mailer.enqueue(tx, {
        to: 'customer@example.test',
        subject: 'Your request',
        text: 'We will call you.',
      }),
    );
    await waitFor(
      async () => received.find((m) => m.raw.includes('Subject: Your request')),
      'the SMTP server',
    );
    await waitFor(async () => (await statusOf(t, id))?.status === 'sent', 'the sent status');
    const got = received.filter((m) => m.raw.includes('Subject: Your request'));
    expect(got).toHaveLength(1);
    expect(got[0].from).toBe('crm@example.test');
    expect(got[0].to).toEqual(['customer@example.test']);
    expect(got[0].raw).toContain('We will call you.');
    const admin = await signInAdmin(t.app);
    const item = (await admin.get(`/api/v1/outbox/${id}`)).json();
    expect(item).toMatchObject({ status: 'sent', attempts: 1, error: null });
    expect(Date.parse(item.sentAt)).toBeGreaterThan(0);
    // Nothing more arrives: one message, one delivery.
    await sleep(1_500);
    expect(received.filter((m) => m.raw.includes('Subject: Your request'))).toHaveLength(1);
  });

  it('sends nothing for a change that rolled back', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await t.rt.mailer.enqueue(tx, { to: 'nobody@example.test', subject: 'Rolled back', text: 'x' });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow();
    // A committed message sent afterwards arrives; the rolled-back one never does.
    await t.db.transaction((tx) =>
      t.rt.mailer.enqueue(tx, { to: 'later@example.test', subject: 'Committed later', text: 'y' }),
    );
    await waitFor(
      async () => received.find((m) => m.raw.includes('Subject: Committed later')),
      'the later one',
    );
    await sleep(1_500);
    expect(received.some((m) => m.raw.includes('Subject: Rolled back'))).toBe(false);
  });

  it('records the error of a refused delivery and keeps the message for a retry', async () => {
    refuse = true;
    try {
      const id = await t.db.transaction((tx) =>
        t.rt.mailer.enqueue(tx, { to: 'refused@example.test', subject: 'Refused', text: 'z' }),
      );
      const row = await waitFor(async () => {
        const s = await statusOf(t, id);
        return s?.error ? s : undefined;
      }, 'the failed attempt');
      expect(row.status).toBe('queued');
      expect(row.error).toMatch(/mailbox unavailable/);
      expect(row.attempts).toBeGreaterThanOrEqual(1);
      refuse = false;
      // The queue retries with back-off; the next attempt goes through.
      await waitFor(async () => (await statusOf(t, id))?.status === 'sent', 'the retry', 30_000);
      expect((await statusOf(t, id)).error).toBeNull();
    } finally {
      refuse = false;
    }
  }, 45_000);
});
