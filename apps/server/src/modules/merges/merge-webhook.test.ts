import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '@leadline/contract';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let receiver: Server;
let base: string;
const hits: { headers: IncomingHttpHeaders; body: string }[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  await admin.patch('/api/v1/settings', { webhooksAllowPrivateNetworks: true });
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('the lead.merged webhook event', () => {
  it('is delivered signed once a merge commits, with the kept lead and the merged ids; a refused merge sends nothing', async () => {
    const hook = await admin.post('/api/v1/webhooks', { url: `${base}/merged`, events: ['lead.merged'] });
    expect(hook.statusCode, hook.body).toBe(201);
    const { secret } = hook.json<{ secret: string }>();
    const keep = (await admin.post('/api/v1/leads', validLead(c, { name: 'Kept' }))).json<Lead>();
    const gone = (await admin.post('/api/v1/leads', validLead(c, { name: 'Gone' }))).json<Lead>();

    const refused = await admin.post('/api/v1/leads/merge', {
      keepId: keep.id,
      mergeIds: [keep.id],
      fields: {},
    });
    expect(refused.statusCode).toBe(422);
    const merged = await admin.post('/api/v1/leads/merge', {
      keepId: keep.id,
      mergeIds: [gone.id],
      fields: {},
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const { mergeId } = merged.json<{ mergeId: string }>();

    const until = Date.now() + 20_000;
    while (hits.length === 0 && Date.now() < until) await sleep(150);
    await sleep(1000);
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    const payload = new Verifier(secret).verify(hit.body, {
      'webhook-id': String(hit.headers['webhook-id']),
      'webhook-timestamp': String(hit.headers['webhook-timestamp']),
      'webhook-signature': String(hit.headers['webhook-signature']),
    }) as { type: string; data: Lead & { merge: { id: string; mergedIds: string[] } } };
    expect(payload.type).toBe('lead.merged');
    expect(payload.data.id).toBe(keep.id);
    expect(payload.data.name).toBe('Kept');
    expect(payload.data.merge).toEqual({ id: mergeId, mergedIds: [gone.id] });
  });
});
