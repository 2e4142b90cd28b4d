import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../test/harness';

/** A built web interface as the build leaves it: hashed assets with their .br and .gz copies. */
function webBuild() {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-web-'));
  mkdirSync(path.join(dir, 'assets'));
  const js = `export const words = ${JSON.stringify('lead '.repeat(2000))};\n`;
  const html = `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body>${'<!-- -->'.repeat(300)}<div id="root"></div></body></html>`;
  for (const [file, text] of [
    ['assets/index-Ab12Cd34.js', js],
    ['index.html', html],
  ]) {
    writeFileSync(path.join(dir, file), text);
    writeFileSync(path.join(dir, `${file}.br`), brotliCompressSync(text));
    writeFileSync(path.join(dir, `${file}.gz`), gzipSync(text));
  }
  return { dir, js, html };
}

let t: TestApp;
let admin: Client;
const web = webBuild();

beforeAll(async () => {
  t = await createTestApp({ env: { LEADLINE_WEB_DIR: web.dir } });
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const get = (url: string, encoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('the web application on a real network', () => {
  it('sends a hashed asset brotli- or gzip-compressed as the browser accepts, kept for a year', async () => {
    const br = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(web.js);
    expect(br.rawPayload.length).toBeLessThan(web.js.length / 10);

    const gz = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(web.js);

    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(web.js);
  });

  it('sends the page itself compressed but to be checked again on every visit', async () => {
    for (const url of ['/', '/leads', '/leads/123/edit']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(web.html);
    }
  });

  it('compresses a large API answer, leaves a small one alone, and replays a repeated one the same', async () => {
    const big = await admin.inject({
      method: 'GET',
      url: '/api/v1/openapi.json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(big.headers['content-encoding']).toBe('br');
    const spec = JSON.parse(brotliDecompressSync(big.rawPayload).toString());
    expect(spec.openapi).toBe('3.0.3');

    const small = await admin.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().user.email).toBeTruthy();

    // A lead alone (about 2 kB) fits in the first packets of its answer: it is sent as it is.
    const sourceId = (await admin.get('/api/v1/lead-sources')).json().items[0].id;
    const salesDirectionId = (await admin.post('/api/v1/sales-directions', { name: 'Cloud' })).json().id;
    const lead = {
      name: 'Cloud backup for forty offices',
      sourceId,
      salesDirectionId,
      prospectType: 'person',
      newContact: true,
      firstName: 'Ada',
      lastName: 'Lovelace',
    };
    const plain = await admin.inject({
      method: 'POST',
      url: '/api/v1/leads',
      payload: { ...lead, lastName: 'Byron' },
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().name).toBe(lead.name);

    // A lead with a long description is a large answer: sent compressed, and the same when a retry
    // replays it.
    Object.assign(lead, { description: 'Forty offices, each with its own backup schedule. '.repeat(200) });
    const headers = { 'idempotency-key': 'compress-1', 'accept-encoding': 'gzip' };
    const first = await admin.inject({ method: 'POST', url: '/api/v1/leads', payload: lead, headers });
    const again = await admin.inject({ method: 'POST', url: '/api/v1/leads', payload: lead, headers });
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(again.headers['content-encoding']).toBe('gzip');
    const [a, b] = [first, again].map((r) => JSON.parse(gunzipSync(r.rawPayload).toString()));
    expect(b.id).toBe(a.id);
    expect(b.name).toBe(lead.name);
  });
});
