import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../test/harness';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  // A stand-in for the built web application, so that its pages are served as in production.
  const webDir = mkdtempSync(path.join(tmpdir(), 'leadline-web-'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Leadline</title>');
  t = await createTestApp({ env: { LEADLINE_WEB_DIR: webDir, LEADLINE_TRUST_PROXY: '127.0.0.1' } });
  admin = await signInAdmin(t.app);
}, 120_000);
afterAll(() => t?.close());

const directives = (csp: string | undefined) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  it('serves the web application under a policy that runs only its own scripts and is never framed', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/leads' });
    expect(page.statusCode).toBe(200);
    const csp = directives(page.headers['content-security-policy'] as string);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS only when the request came over HTTPS', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    const plain = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('forbids storing any API answer, successful or not', async () => {
    for (const res of [
      await admin.get('/api/v1/me'),
      await admin.get('/api/v1/leads?limit=1'),
      await t.app.inject({ method: 'GET', url: '/api/v1/me' }),
      await admin.get('/api/v1/no-such-thing'),
      await admin.post('/api/v1/units', { name: '' }),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('gives the API documentation its own policy, still never framed and without inline scripts', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    const csp = directives(docs.headers['content-security-policy'] as string);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(docs.headers['x-frame-options']).toBe('DENY');
    const script = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(script.statusCode).toBe(200);
  });
});
