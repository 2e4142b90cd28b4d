import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
/** Behind a proxy at 10.20.0.1, with a one-hour idle timeout. */
let proxied: TestApp;

beforeAll(async () => {
  [t, proxied] = await Promise.all([
    createTestApp(),
    createTestApp({ env: { LEADLINE_TRUST_PROXY: '10.20.0.1', LEADLINE_SESSION_IDLE_HOURS: '1' } }),
  ]);
  admin = await signInAdmin(t.app);
}, 120_000);
afterAll(async () => {
  await Promise.all([t?.close(), proxied?.close()]);
});

const login = (email: string, password: string, remoteAddress: string, headers?: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress,
    headers,
  });

const statuses = (responses: LightMyRequestResponse[]) => {
  const count: Record<number, number> = {};
  for (const r of responses) count[r.statusCode] = (count[r.statusCode] ?? 0) + 1;
  return count;
};

const newUser = () => userWith(t.app, admin, ['crm_sales']);

describe('sign-in throttle under bursts', () => {
  it('checks at most five passwords of 200 parallel wrong sign-ins to one account from one address', async () => {
    const victim = await newUser();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(victim.email, `wrong-password-${i}`, '10.10.0.1')),
    );
    const count = statuses(answers);
    expect(count).toEqual({ 401: 5, 429: 195 });
    const refused = answers.find((r) => r.statusCode === 429)!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  });

  it('refuses the right password sent among 30 wrong ones once the limit is reached, but not from another address', async () => {
    const victim = await newUser();
    const answers = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => login(victim.email, `wrong-password-${i}`, '10.11.0.1')),
      login(victim.email, victim.password, '10.11.0.1'),
    ]);
    const count = statuses(answers);
    expect((count[401] ?? 0) + (count[200] ?? 0)).toBeLessThanOrEqual(5);
    expect(answers[30].statusCode).toBe(429);
    expect((await login(victim.email, victim.password, '10.11.0.1')).statusCode).toBe(429);
    // The person behind another address is not locked out by what this one did.
    expect((await login(victim.email, victim.password, '10.11.0.2')).statusCode).toBe(200);
    // Nor are the other people behind the address that locked itself out.
    const neighbour = await newUser();
    expect((await login(neighbour.email, neighbour.password, '10.11.0.1')).statusCode).toBe(200);
  });

  it('does not count a successful sign-in, and forgets the failures of that account from that address', async () => {
    const u = await newUser();
    for (let i = 0; i < 4; i++)
      expect((await login(u.email, `wrong-${i}-password`, '10.12.0.1')).statusCode).toBe(401);
    expect((await login(u.email, u.password, '10.12.0.1')).statusCode).toBe(200);
    const again = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login(u.email, `wrong-again-${i}`, '10.12.0.1')),
    );
    expect(statuses(again)).toEqual({ 401: 5, 429: 3 });
  });

  it('checks at most 20 passwords from one address trying many accounts in parallel', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(`spray${i}@example.test`, 'guess-guess-guess', '10.13.0.1')),
    );
    expect(statuses(answers)).toEqual({ 401: 20, 429: 20 });
    const u = await newUser();
    expect((await login(u.email, u.password, '10.13.0.1')).statusCode).toBe(429);
    expect((await login(u.email, u.password, '10.13.0.2')).statusCode).toBe(200);
  });

  it('pauses an account tried 100 times within the hour from many addresses, and tells its owner once', async () => {
    const victim = await newUser();
    // 25 addresses, 6 tries each: the pair limit lets 5 of each through, the account limit 100 in all.
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        login(victim.email, `wrong-password-${i}`, `10.14.${Math.floor(i / 6)}.1`),
      ),
    );
    const count = statuses(answers);
    expect(count[401]).toBe(100);
    expect(count[429]).toBe(50);
    expect((await login(victim.email, victim.password, '10.14.200.1')).statusCode).toBe(429);
    const outbox = await admin.get('/api/v1/outbox?limit=100');
    const notices = outbox
      .json()
      .items.filter(
        (m: { to: string; subject: string }) => m.to === victim.email && /paused/.test(m.subject),
      );
    expect(notices).toHaveLength(1);
    // Another account is not affected.
    const other = await newUser();
    expect((await login(other.email, other.password, '10.14.200.1')).statusCode).toBe(200);
  });
});

describe("changing one's password", () => {
  it('checks at most five current passwords of a burst, then refuses even the right one', async () => {
    const u = await newUser();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        u.post('/api/v1/me/password', {
          currentPassword: `not-it-${i}-at-all`,
          newPassword: 'a-new-password-1',
        }),
      ),
    );
    expect(statuses(answers)).toEqual({ 422: 5, 429: 7 });
    expect(answers.find((r) => r.statusCode === 429)!.headers['retry-after']).toBeDefined();
    const right = await u.post('/api/v1/me/password', {
      currentPassword: u.password,
      newPassword: 'a-new-password-1',
    });
    expect(right.statusCode).toBe(429);
    expect((await u.get('/api/v1/me')).statusCode).toBe(200);
  });
});

describe('addresses behind a proxy', () => {
  it('refuses to start when every proxy would be trusted', () => {
    for (const value of ['1', 'true']) {
      expect(() => loadConfig({ LEADLINE_TRUST_PROXY: value })).toThrow(
        /LEADLINE_TRUST_PROXY: trusting every proxy/,
      );
    }
    expect(() => loadConfig({ LEADLINE_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/LEADLINE_TRUST_PROXY/);
    expect(() => loadConfig({ LEADLINE_TRUST_PROXY: 'proxy.example' })).toThrow(/LEADLINE_TRUST_PROXY/);
    expect(loadConfig({ LEADLINE_TRUST_PROXY: '0' }).trustProxy).toEqual([]);
    expect(loadConfig({ LEADLINE_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'loopback',
    ]);
  });

  it('believes X-Forwarded-For only from the proxies named', async () => {
    const viaProxy = (client: string, i: number) =>
      proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `nobody${i}@example.test`, password: 'guess-guess-guess' },
        remoteAddress: '10.20.0.1',
        headers: { 'x-forwarded-for': client },
      });
    // Through the trusted proxy each client has its own limit.
    const a = await Promise.all(Array.from({ length: 21 }, (_, i) => viaProxy('203.0.113.1', i)));
    expect(statuses(a)).toEqual({ 401: 20, 429: 1 });
    expect((await viaProxy('203.0.113.2', 99)).statusCode).toBe(401);
    // A client talking directly cannot choose its address by sending the header.
    const direct = await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: `direct${i}@example.test`, password: 'guess-guess-guess' },
          remoteAddress: '198.51.100.7',
          headers: { 'x-forwarded-for': `203.0.113.${100 + i}` },
        }),
      ),
    );
    expect(statuses(direct)).toEqual({ 401: 20, 429: 1 });
  });
});

describe('session idle timeout', () => {
  it('ends a session unused for longer than the idle timeout, and keeps one in use alive', async () => {
    const idle = await newUser();
    const busy = await newUser();
    await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE user_id = $1`, [
      idle.userId,
    ]);
    await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '11 hours' WHERE user_id = $1`, [
      busy.userId,
    ]);
    t.db.memo.clear();
    expect((await idle.get('/api/v1/me')).statusCode).toBe(401);
    expect((await busy.get('/api/v1/me')).statusCode).toBe(200);
    const [seen] = await t.db.query<{ idle_minutes: number }>(
      `SELECT extract(epoch FROM now() - last_seen_at) / 60 AS idle_minutes FROM sessions WHERE user_id = $1`,
      [busy.userId],
    );
    expect(Number(seen.idle_minutes)).toBeLessThan(1);
  });

  it('takes the idle timeout from LEADLINE_SESSION_IDLE_HOURS', async () => {
    const a = await signInAdmin(proxied.app);
    await proxied.db.query(`UPDATE sessions SET last_seen_at = now() - interval '61 minutes'`);
    proxied.db.memo.clear();
    expect((await a.get('/api/v1/me')).statusCode).toBe(401);
  });
});
