import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, LeadMessage, Template } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';
import { messageIdOf } from '../mail/mailer';

let t: TestApp;
let admin: Client;
let c: Catalog;
let smtp: SMTPServer;
const received: { to: string[]; raw: string; messageId: string }[] = [];
let smsReceiver: Server;
const texts: { headers: Record<string, string | string[] | undefined>; form: URLSearchParams }[] = [];
let refuseSms = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}
const errorsOf = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { field: string; code: string; message: string }[] }).errors ?? []).map(
    (e) => `${e.field}:${e.code}`,
  );
const messagesOf = (res: { json(): unknown }) =>
  ((res.json() as { errors?: { message: string }[] }).errors ?? []).map((e) => e.message);
const newLead = async (extra: Record<string, unknown> = {}) => {
  const res = await admin.post(
    '/api/v1/leads',
    validLead(c, {
      prospectType: 'person',
      companyId: null,
      contactId: null,
      newContact: true,
      firstName: 'Анна',
      lastName: 'Smith',
      emails: ['anna@customer.test'],
      ...extra,
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
const template = async (body: Record<string, unknown>) => {
  const res = await admin.post('/api/v1/templates', { name: `T ${randomUUID().slice(0, 8)}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Template>();
};
const count = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(sql, params))[0].n;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '',
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  smsReceiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (refuseSms > 0) {
        refuseSms--;
        res.writeHead(503).end('provider busy');
        return;
      }
      texts.push({ headers: req.headers, form: new URLSearchParams(body) });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}');
    });
  });
  await new Promise<void>((resolve) => smsReceiver.listen(0, '127.0.0.1', resolve));
  const smsPort = (smsReceiver.address() as AddressInfo).port;
  t = await createTestApp({
    jobPollingSeconds: 0.5,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      SMS_URL: `http://127.0.0.1:${smsPort}/2010-04-01/Accounts/AC1/Messages.json`,
      SMS_AUTHORIZATION: 'Basic QUMxOnNlY3JldA==',
      SMS_FROM: '+15550001',
    },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
  await new Promise<void>((resolve) => smsReceiver.close(() => resolve()));
});

describe('templates', () => {
  it('keeps a Liquid template and refuses unknown variables and bad syntax with their position', async () => {
    const ok = await template({
      channel: 'email',
      subject: 'Your request {{ lead.number }}',
      body: '<p>Hello {{ contact.firstName }},</p>\n{% for i in (1..2) %}{{ i }}{% endfor %}{% assign x = company.name %}{{ x }}',
    });
    expect(ok).toMatchObject({ channel: 'email', version: 1 });
    expect((await admin.get(`/api/v1/templates/${ok.id}`)).json()).toEqual(ok);

    const bad = await admin.post('/api/v1/templates', {
      name: 'Bad',
      channel: 'email',
      subject: 'Hi {{ lead.nmae }}',
      body: 'Line one\n  {{ contact.firstName }} {{ customer.password }} {{ lead.constructor }}',
    });
    expect(bad.statusCode).toBe(422);
    expect(errorsOf(bad)).toEqual([
      'subject:unknown_variable',
      'body:unknown_variable',
      'body:unknown_variable',
    ]);
    expect(messagesOf(bad)).toEqual([
      'unknown variable "lead.nmae" at line 1, column 7',
      'unknown variable "customer.password" at line 2, column 30',
      'unknown variable "lead.constructor" at line 2, column 54',
    ]);
    const syntax = await admin.post('/api/v1/templates', {
      name: 'Syntax',
      channel: 'sms',
      body: '{% if %}',
    });
    expect(errorsOf(syntax)).toEqual(['body:template_syntax']);
    const noSubject = await admin.post('/api/v1/templates', {
      name: 'No subject',
      channel: 'email',
      body: 'x',
    });
    expect(errorsOf(noSubject)).toEqual(['subject:required']);
    const include = await admin.post('/api/v1/templates', {
      name: 'Include',
      channel: 'sms',
      body: "{% include '/etc/passwd' %}",
    });
    // Saved or not, a template never reads a file.
    if (include.statusCode === 201) {
      const l = await newLead({ phones: ['+4930123456'] });
      const res = await admin.post(`/api/v1/templates/${include.json().id}/preview`, { leadId: l.id });
      expect(res.statusCode).toBe(422);
      expect(res.body).not.toContain('root:');
    } else expect(include.statusCode).toBe(422);

    const patched = await admin.patch(
      `/api/v1/templates/${ok.id}`,
      { body: '{{ lead.oops }}' },
      { 'if-match': '1' },
    );
    expect(errorsOf(patched)).toEqual(['body:unknown_variable']);
    expect(
      (await admin.patch(`/api/v1/templates/${ok.id}`, { name: 'Renamed' }, { 'if-match': '1' })).statusCode,
    ).toBe(200);
    expect(
      (await admin.patch(`/api/v1/templates/${ok.id}`, { name: 'Again' }, { 'if-match': '1' })).statusCode,
    ).toBe(412);
  });

  it('lets CRM users read templates and only administrators write them', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const tpl = await template({ channel: 'sms', body: 'Hi' });
    expect((await sales.get('/api/v1/templates')).statusCode).toBe(200);
    expect((await sales.post('/api/v1/templates', { name: 'x', channel: 'sms', body: 'x' })).statusCode).toBe(
      403,
    );
    expect((await sales.patch(`/api/v1/templates/${tpl.id}`, { body: 'y' })).statusCode).toBe(403);
    expect((await sales.del(`/api/v1/templates/${tpl.id}`)).statusCode).toBe(403);
    expect((await admin.del(`/api/v1/templates/${tpl.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/templates/${tpl.id}`)).statusCode).toBe(404);
  });

  it('previews a template against a lead: escaped HTML, a plain-text part and SMS segments', async () => {
    const l = await newLead({ name: 'Fish & <b>Chips</b>', phones: ['+4930123456'] });
    const email = await template({
      channel: 'email',
      subject: 'About {{ lead.name }}',
      body: '<h1>Hello {{ contact.fullName }}</h1><p>Your lead {{ lead.number }} is <b>{{ lead.statusName }}</b>.</p>',
    });
    const res = await admin.post(`/api/v1/templates/${email.id}/preview`, { leadId: l.id });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.subject).toBe('About Fish & <b>Chips</b>');
    expect(p.html).toContain('<h1>Hello Анна Smith</h1>');
    expect(p.html).toContain(l.number);
    expect(p.html).not.toContain('<b>Chips');
    expect(p.text).toContain('HELLO АННА SMITH');
    expect(p.text).not.toMatch(/<[a-z]/);

    const gsm = await template({ channel: 'sms', body: `${'a'.repeat(150)} {{ lead.number }}` });
    const sms = (await admin.post(`/api/v1/templates/${gsm.id}/preview`, { leadId: l.id })).json();
    // 150 + 1 + 8 characters (L-000001): 159 in one part.
    expect(sms).toMatchObject({ channel: 'sms', encoding: 'gsm7', segments: 1, html: null });
    const longer = await template({ channel: 'sms', body: `${'a'.repeat(300)} {{ lead.number }}` });
    expect(
      (await admin.post(`/api/v1/templates/${longer.id}/preview`, { leadId: l.id })).json().segments,
    ).toBe(3);
    const cyr = await template({ channel: 'sms', body: `${'я'.repeat(68)} {{ contact.firstName }}` });
    // 68 + 1 + 4 UCS-2 units: more than 70, two parts of 67.
    expect((await admin.post(`/api/v1/templates/${cyr.id}/preview`, { leadId: l.id })).json()).toMatchObject({
      encoding: 'ucs2',
      segments: 2,
    });
  });

  it('stops a template that loops forever', async () => {
    const l = await newLead();
    const loop = await template({
      channel: 'email',
      subject: 'Loop',
      body: '{% for i in (1..100000000) %}{% for j in (1..100000000) %}{{ lead.name }}{% endfor %}{% endfor %}',
    });
    const started = Date.now();
    const res = await admin.post(`/api/v1/templates/${loop.id}/preview`, { leadId: l.id });
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)[0]).toBe('body:template_limit');
    expect(Date.now() - started).toBeLessThan(10_000);
    // Nor can it be sent.
    const sent = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'email',
      templateId: loop.id,
    });
    expect(sent.statusCode).toBe(422);
    expect(await count('SELECT count(*)::int AS n FROM lead_messages WHERE lead_id = $1', [l.id])).toBe(0);
  });
});

describe('communications', () => {
  it("sends an e-mail from a template to the lead's addresses, once, and shows it with its state", async () => {
    const l = await newLead({ emails: ['anna@customer.test', 'anna.private@customer.test'] });
    const tpl = await template({
      channel: 'email',
      subject: 'Offer for {{ lead.number }}',
      body: '<p>Dear {{ contact.firstName }}, here is the offer.</p>',
    });
    const res = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'email',
      templateId: tpl.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json<LeadMessage>();
    expect(m).toMatchObject({
      leadId: l.id,
      channel: 'email',
      templateId: tpl.id,
      to: ['anna@customer.test', 'anna.private@customer.test'],
      subject: `Offer for ${l.number}`,
      state: 'queued',
      createdById: admin.userId,
    });
    expect(m.text).toContain('Dear Анна, here is the offer.');
    const got = await waitFor(
      async () => received.find((r) => r.raw.includes(`Offer for ${l.number}`)),
      'the SMTP server',
    );
    expect(got.to).toEqual(['anna@customer.test', 'anna.private@customer.test']);
    const list = await waitFor(async () => {
      const items = (await admin.get(`/api/v1/leads/${l.id}/communications`)).json<{ items: LeadMessage[] }>()
        .items;
      return items[0]?.state === 'sent' ? items : undefined;
    }, 'the sent state');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: m.id, state: 'sent', error: null, attempts: 1 });
    const timeline = (await admin.get(`/api/v1/leads/${l.id}/timeline`)).json<{
      items: { kind: string; payload: { messageId: string; channel: string } }[];
    }>();
    expect(timeline.items.find((i) => i.kind === 'message')?.payload).toMatchObject({
      messageId: m.id,
      channel: 'email',
    });
    await sleep(1500);
    expect(received.filter((r) => r.raw.includes(`Offer for ${l.number}`))).toHaveLength(1);
  });

  it('sends free text, and refuses what cannot be sent naming the reason, writing nothing', async () => {
    const l = await newLead();
    const free = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'email',
      subject: 'Quick question',
      body: 'Hello {{ contact.firstName }}',
    });
    expect(free.statusCode, free.body).toBe(201);
    expect(free.json().text).toContain('Hello Анна');

    const before = await count('SELECT count(*)::int AS n FROM mail_outbox');
    const quiet = await newLead({ doNotEmail: true });
    const tpl = await template({ channel: 'email', subject: 'x', body: 'y' });
    const refused = await admin.post(`/api/v1/leads/${quiet.id}/communications`, {
      channel: 'email',
      templateId: tpl.id,
    });
    expect(refused.statusCode).toBe(422);
    expect(errorsOf(refused)).toEqual(['doNotEmail:do_not_email']);
    const refusedFree = await admin.post(`/api/v1/leads/${quiet.id}/communications`, {
      channel: 'email',
      subject: 's',
      body: 'b',
    });
    expect(errorsOf(refusedFree)).toEqual(['doNotEmail:do_not_email']);
    const noCall = await newLead({ doNotCall: true, phones: ['+4930123456'] });
    const sms = await admin.post(`/api/v1/leads/${noCall.id}/communications`, { channel: 'sms', body: 'Hi' });
    expect(errorsOf(sms)).toEqual(['doNotCall:do_not_call']);
    const noAddress = await newLead({ emails: [] });
    expect(
      errorsOf(
        await admin.post(`/api/v1/leads/${noAddress.id}/communications`, {
          channel: 'email',
          templateId: tpl.id,
        }),
      ),
    ).toEqual(['emails:no_recipient']);
    const smsTpl = await template({ channel: 'sms', body: 'Hi' });
    expect(
      errorsOf(
        await admin.post(`/api/v1/leads/${l.id}/communications`, { channel: 'email', templateId: smsTpl.id }),
      ),
    ).toEqual(['templateId:channel_mismatch']);
    expect(errorsOf(await admin.post(`/api/v1/leads/${l.id}/communications`, { channel: 'email' }))).toEqual([
      'body:required',
    ]);
    expect(
      errorsOf(
        await admin.post(`/api/v1/leads/${l.id}/communications`, {
          channel: 'email',
          body: '{{ lead.secret }}',
        }),
      ),
    ).toEqual(['subject:required', 'body:unknown_variable']);
    expect(await count('SELECT count(*)::int AS n FROM mail_outbox')).toBe(before);
    for (const id of [quiet.id, noCall.id, noAddress.id])
      expect(await count('SELECT count(*)::int AS n FROM lead_messages WHERE lead_id = $1', [id])).toBe(0);
  });

  it("follows the lead's visibility: another team's user gets 404", async () => {
    const unitA = (await admin.post('/api/v1/units', { name: 'Comms A' })).json<{ id: string }>().id;
    const unitB = (await admin.post('/api/v1/units', { name: 'Comms B' })).json<{ id: string }>().id;
    const a = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
    const b = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitB] });
    const l = await newLead({ ownerId: a.userId, unitId: unitA });
    const tpl = await template({ channel: 'email', subject: 'x', body: 'y' });
    const settings = (await admin.get('/api/v1/settings')).json();
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      expect(
        (await b.post(`/api/v1/leads/${l.id}/communications`, { channel: 'email', templateId: tpl.id }))
          .statusCode,
      ).toBe(404);
      expect((await b.get(`/api/v1/leads/${l.id}/communications`)).statusCode).toBe(404);
      expect((await b.post(`/api/v1/templates/${tpl.id}/preview`, { leadId: l.id })).statusCode).toBe(404);
      expect(
        (await a.post(`/api/v1/leads/${l.id}/communications`, { channel: 'email', templateId: tpl.id }))
          .statusCode,
      ).toBe(201);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
  });
});

describe('delivery once', () => {
  const ofMessage = (id: string) => received.filter((r) => r.messageId === messageIdOf(id));

  it('sends a message once however many times its job runs at the same time', async () => {
    const id = await t.db.transaction((tx) =>
      t.rt.mailer.enqueue(tx, { to: 'burst@customer.test', subject: 'Burst', text: 'once' }),
    );
    await Promise.all(Array.from({ length: 6 }, () => t.rt.mailer.deliver(id)));
    await waitFor(async () => ofMessage(id).length > 0, 'the message');
    await sleep(2000);
    expect(ofMessage(id)).toHaveLength(1);
  });

  it('sends a message once when the worker that took it died mid-send', async () => {
    // A worker took the message (its attempt and lease are written) and died before it finished.
    const id = await t.db.transaction(async (tx) => {
      const mailId = await t.rt.mailer.enqueue(tx, {
        to: 'crash@customer.test',
        subject: 'Crash',
        text: 'once',
      });
      await tx.query(
        `UPDATE mail_outbox SET status = 'sending', attempts = 1, lease_until = now() + interval '3 seconds'
          WHERE id = $1`,
        [mailId],
      );
      return mailId;
    });
    // The queued job runs meanwhile and finds the message taken: it neither sends nor loses it.
    await sleep(1500);
    expect(ofMessage(id)).toHaveLength(0);
    await waitFor(async () => ofMessage(id).length > 0, 'the delivery after the lease', 20_000);
    await waitFor(
      async () =>
        (await t.db.query<{ status: string }>('SELECT status FROM mail_outbox WHERE id = $1', [id]))[0]
          .status === 'sent',
      'the sent status',
    );
    await sleep(2000);
    expect(ofMessage(id)).toHaveLength(1);
    const [row] = await t.db.query<{ attempts: number }>('SELECT attempts FROM mail_outbox WHERE id = $1', [
      id,
    ]);
    expect(row.attempts).toBe(2);
  }, 40_000);
});

describe('SMS', () => {
  const stateOf = async (leadId: string) =>
    (await admin.get(`/api/v1/leads/${leadId}/communications`)).json<{ items: LeadMessage[] }>().items[0];

  it('sends an SMS through the HTTP provider to the first phone, with its segment count, once', async () => {
    const l = await newLead({ phones: ['+4930123456', '+4930999999'] });
    const tpl = await template({
      channel: 'sms',
      body: 'Hello {{ contact.firstName }}, your request {{ lead.number }}',
    });
    const res = await admin.post(`/api/v1/leads/${l.id}/communications`, {
      channel: 'sms',
      templateId: tpl.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json<LeadMessage>();
    expect(m).toMatchObject({ channel: 'sms', to: ['+4930123456'], subject: null, html: null, segments: 1 });
    const got = await waitFor(
      async () => texts.find((x) => x.headers['idempotency-key'] === m.id),
      'the provider',
    );
    expect(got.form.get('To')).toBe('+4930123456');
    expect(got.form.get('From')).toBe('+15550001');
    expect(got.form.get('Body')).toBe(`Hello Анна, your request ${l.number}`);
    expect(got.headers.authorization).toBe('Basic QUMxOnNlY3JldA==');
    await waitFor(async () => (await stateOf(l.id))?.state === 'sent', 'the sent state');
    await sleep(1500);
    expect(texts.filter((x) => x.headers['idempotency-key'] === m.id)).toHaveLength(1);
  });

  it('keeps the error of a refused SMS and sends it on a later attempt', async () => {
    const l = await newLead({ phones: ['+4930123456'] });
    refuseSms = 1;
    const m = (
      await admin.post(`/api/v1/leads/${l.id}/communications`, { channel: 'sms', body: 'Second try' })
    ).json<LeadMessage>();
    const failed = await waitFor(async () => {
      const s = await stateOf(l.id);
      return s?.error ? s : undefined;
    }, 'the failed attempt');
    expect(failed).toMatchObject({ id: m.id, state: 'queued' });
    expect(failed.error).toContain('503');
    const sent = await waitFor(
      async () => {
        const s = await stateOf(l.id);
        return s?.state === 'sent' ? s : undefined;
      },
      'the retry',
      40_000,
    );
    expect(sent.attempts).toBe(2);
    expect(texts.filter((x) => x.headers['idempotency-key'] === m.id)).toHaveLength(1);
  }, 60_000);
});
