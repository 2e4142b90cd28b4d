import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../test/harness';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp({ env: { LEADLINE_RATE_LIMIT: '40', LEADLINE_RATE_LIMIT_ANONYMOUS: '15' } });
  admin = await signInAdmin(t.app);
}, 120_000);
afterAll(() => t?.close());

const statuses = (responses: LightMyRequestResponse[]) => {
  const count: Record<number, number> = {};
  for (const r of responses) count[r.statusCode] = (count[r.statusCode] ?? 0) + 1;
  return count;
};

describe('request rate limit', () => {
  it('holds a burst from one user to the limit per minute, with 429 problem+json and Retry-After, and leaves others alone', async () => {
    const greedy = await userWith(t.app, admin, ['crm_sales']);
    const other = await userWith(t.app, admin, ['crm_sales']);
    const answers = await Promise.all(Array.from({ length: 50 }, () => greedy.get('/api/v1/leads?limit=1')));
    expect(statuses(answers)).toEqual({ 200: 40, 429: 10 });
    const refused = answers.find((r) => r.statusCode === 429)!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await other.get('/api/v1/leads?limit=1')).statusCode).toBe(200);
  });

  it('gives every API token its own budget, whatever the address', async () => {
    const created = await admin.post('/api/v1/api-tokens', {
      name: 'Busy integration',
      roles: ['crm_sales'],
    });
    const { id, token } = created.json();
    const api = bearer(t.app, id, token);
    const answers = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        api.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: `10.30.0.${i + 1}` }),
      ),
    );
    expect(statuses(answers)).toEqual({ 200: 40, 429: 5 });
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('counts requests without a session per address', async () => {
    const anonymous = (address: string) =>
      t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: address });
    const answers = await Promise.all(Array.from({ length: 20 }, () => anonymous('10.31.0.1')));
    expect(statuses(answers)).toEqual({
      200: 15,
      429: 5,
    });
    expect((await anonymous('10.31.0.2')).statusCode).toBe(200);
  });
});
