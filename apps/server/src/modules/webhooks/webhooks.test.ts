import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, WebhookDelivery } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';
import { isPrivateAddress } from './safe-request';

let t: TestApp;
let admin: Client;
let c: Catalog;
let receiver: Server;
let base: string;
const hits: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
/** Answers per path: a list of status codes used in turn, then 200. */
const plan = new Map<string, number[]>();

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
const newLead = async (extra: Record<string, unknown> = {}) => {
  const res = await admin.post('/api/v1/leads', validLead(c, extra));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
const hook = async (path: string, events: string[]) => {
  const res = await admin.post('/api/v1/webhooks', { url: `${base}${path}`, events });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; secret: string; url: string }>();
};
const deliveries = async (id: string) =>
  (await admin.get(`/api/v1/webhooks/${id}/deliveries`)).json<{ items: WebhookDelivery[] }>().items;
const at = (path: string) => hits.filter((h) => h.path === path);

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      hits.push({ path, headers: req.headers, body });
      const codes = plan.get(path) ?? [];
      const code = codes.shift() ?? 200;
      res.writeHead(code, { 'content-type': 'text/plain' }).end(code === 200 ? 'thanks' : 'not now');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  expect((await admin.patch('/api/v1/settings', { webhooksAllowPrivateNetworks: true })).statusCode).toBe(
    200,
  );
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('webhooks', () => {
  it('posts signed lead events that the Standard Webhooks verifier accepts, the lead as GET returns it', async () => {
    const w = await hook('/signed', ['lead.created', 'lead.status_changed', 'activity.created']);
    expect(w.secret).toMatch(/^whsec_/);
    expect((await admin.get(`/api/v1/webhooks/${w.id}`)).json().secret).toBeUndefined();
    const l = await newLead();
    const got = await waitFor(async () => at('/signed')[0], 'the delivery');
    const verified = new Verifier(w.secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      data: Lead;
    };
    expect(verified.type).toBe('lead.created');
    expect(verified.data).toEqual((await admin.get(`/api/v1/leads/${l.id}`)).json());
    expect(got.headers['webhook-id']).toMatch(/^msg_/);
    // Another secret does not verify it: the signature is real.
    expect(() =>
      new Verifier('whsec_' + Buffer.from('another secret of 24 b!!').toString('base64')).verify(
        got.body,
        got.headers as Record<string, string>,
      ),
    ).toThrow();
    // An event the webhook did not ask for is not sent; the ones it asked for are.
    await admin.patch(`/api/v1/leads/${l.id}`, { description: 'updated' });
    await admin.post(`/api/v1/leads/${l.id}/activities`, { type: 'call', subject: 'Call' });
    await waitFor(async () => at('/signed').length >= 2, 'the activity event');
    await sleep(1500);
    const types = at('/signed').map((h) => (JSON.parse(h.body) as { type: string }).type);
    expect(types.sort()).toEqual(['activity.created', 'lead.created']);
    const log = await deliveries(w.id);
    expect(log.map((d) => [d.status, d.attempts, d.responseStatus])).toEqual([
      ['succeeded', 1, 200],
      ['succeeded', 1, 200],
    ]);
    expect(log[0].responseExcerpt).toBe('thanks');
    expect(log[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('retries a failed delivery on the schedule with the same id, and redelivers on demand', async () => {
    const w = await hook('/flaky', ['lead.created']);
    plan.set('/flaky', [500]);
    await newLead();
    await waitFor(async () => at('/flaky').length >= 1, 'the first attempt');
    // The receiver has the request a moment before the attempt's outcome is written.
    await waitFor(async () => (await deliveries(w.id))[0].status !== 'delivering', 'the outcome written');
    const [first] = await deliveries(w.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500 });
    expect(Date.parse(first.nextAttemptAt!) - Date.parse(first.updatedAt)).toBeGreaterThanOrEqual(4000);
    await waitFor(async () => at('/flaky').length >= 2, 'the retry after 5 s', 20_000);
    await waitFor(async () => (await deliveries(w.id))[0].status === 'succeeded', 'the success');
    const [a, b] = at('/flaky');
    expect(a.headers['webhook-id']).toBe(b.headers['webhook-id']);
    expect((await deliveries(w.id))[0]).toMatchObject({ attempts: 2, responseStatus: 200, error: null });

    const again = await admin.post(`/api/v1/webhooks/${w.id}/deliveries/${first.id}/redeliver`, {});
    expect(again.statusCode, again.body).toBe(200);
    await waitFor(async () => at('/flaky').length >= 3, 'the redelivery');
    expect(at('/flaky')[2].headers['webhook-id']).toBe(a.headers['webhook-id']);
  }, 40_000);

  it('disables an endpoint that has failed for five days and tells the administrators', async () => {
    const w = await hook('/dead', ['lead.created']);
    plan.set('/dead', [503, 503, 503]);
    await t.db.query(`UPDATE webhooks SET failing_since = now() - interval '5 days 1 minute' WHERE id = $1`, [
      w.id,
    ]);
    await newLead();
    await waitFor(
      async () => !(await admin.get(`/api/v1/webhooks/${w.id}`)).json().active,
      'the endpoint disabled',
    );
    const disabled = (await admin.get(`/api/v1/webhooks/${w.id}`)).json();
    expect(disabled.disabledReason).toContain('503');
    const mails = await t.db.query<{ to_address: string }>(
      `SELECT to_address FROM mail_outbox WHERE subject = 'A webhook was disabled'`,
    );
    expect(mails.map((m) => m.to_address)).toEqual(['admin@example.test']);
    // A disabled endpoint gets nothing new.
    const before = at('/dead').length;
    await newLead();
    await sleep(7000);
    expect(at('/dead').length).toBe(before);
    const re = await admin.patch(`/api/v1/webhooks/${w.id}`, { active: true });
    expect(re.json()).toMatchObject({ active: true, disabledReason: null, failingSince: null });
  }, 40_000);

  it('refuses private and loopback addresses unless the setting allows them', async () => {
    await admin.patch('/api/v1/settings', { webhooksAllowPrivateNetworks: false });
    try {
      const w = await hook('/private', ['lead.created']);
      await newLead();
      const d = await waitFor(async () => {
        const [x] = await deliveries(w.id);
        return x?.error ? x : undefined;
      }, 'the refused attempt');
      expect(d.error).toContain('webhooksAllowPrivateNetworks');
      expect(d.responseStatus).toBeNull();
      expect(at('/private')).toHaveLength(0);
      const named = await admin.post('/api/v1/webhooks', {
        url: `${base.replace('127.0.0.1', 'localhost')}/named`,
        events: ['lead.created'],
      });
      await newLead();
      const n = await waitFor(async () => {
        const [x] = await deliveries(named.json().id);
        return x?.error ? x : undefined;
      }, 'the refused named host');
      expect(n.error).toContain('private');
      expect(at('/named')).toHaveLength(0);
    } finally {
      await admin.patch('/api/v1/settings', { webhooksAllowPrivateNetworks: true });
    }
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '2606:4700::1111', '8.8.8.8'])
      expect(isPrivateAddress(a), a).toBe(false);
  }, 40_000);

  it('is for administrators only, and refuses a bad webhook naming the fields', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await sales.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect(
      (await sales.post('/api/v1/webhooks', { url: `${base}/x`, events: ['lead.created'] })).statusCode,
    ).toBe(403);
    const bad = await admin.post('/api/v1/webhooks', {
      url: 'ftp://example.test',
      events: ['lead.exploded'],
    });
    expect(bad.statusCode).toBe(422);
    const fields = (bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field.split('.')[0]);
    expect([...new Set(fields)].sort()).toEqual(['events', 'url']);
  });
});
