import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, signInAdmin, type TestApp } from '../test/harness';

const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  // The most talkative level: whatever any part logs, at any level, is read here.
  t = await createTestApp({
    env: { LOG_LEVEL: 'trace' },
    logStream: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(() => t.close());

describe('structured logs', () => {
  it('are JSON lines with a level, a time and the request id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-me-1' },
    });
    expect(res.statusCode).toBe(200);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = parsed.filter((l) => l.reqId === 'trace-me-1');
    expect(mine.length).toBeGreaterThan(0);
    for (const l of mine) {
      expect(typeof l.level).toBe('number');
      expect(typeof l.time).toBe('number');
    }
  });

  it('never contain a password, a cookie, a token or an Authorization header', async () => {
    const secrets: string[] = [ADMIN.password];
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === 'leadline_session')!.value;
    const csrf = login.json().csrfToken as string;
    secrets.push(session, csrf);
    const auth = { cookie: `leadline_session=${session}`, 'x-csrf-token': csrf };

    // A failed sign-in, a new user's password, a password change, an API token and its use.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN.email, password: 'wrong-secret-guess-1' },
      remoteAddress: '10.9.9.9',
    });
    secrets.push('wrong-secret-guess-1');
    const userPassword = 'new-user-secret-password';
    secrets.push(userPassword);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth,
      payload: { email: 'logged@example.test', name: 'Logged', password: userPassword, roles: ['crm_sales'] },
    });
    expect(created.statusCode).toBe(201);
    // A refused body carries the password back into the error path.
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: auth,
      payload: { email: 'bad', name: 'Bad', password: 'refused-secret-password', roles: ['nope'] },
    });
    secrets.push('refused-secret-password');
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: auth,
      payload: { name: 'Logged token', roles: ['crm_sales'] },
    });
    const apiToken = token.json().token as string;
    secrets.push(apiToken);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: `Bearer ${apiToken}` },
        })
      ).statusCode,
    ).toBe(200);
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer ll_made_up_secret_token' },
    });
    secrets.push('ll_made_up_secret_token');
    const signedIn = await signInAdmin(t.app);
    await signedIn.post('/api/v1/me/password', {
      currentPassword: 'not-my-secret-pw',
      newPassword: 'changed-secret-password',
    });
    secrets.push('not-my-secret-pw');

    // Whatever a module might log by mistake is redacted too.
    t.rt.log.info(
      {
        password: 'direct-secret-1',
        user: { password: 'direct-secret-2', passwordHash: 'direct-secret-3' },
        req: {
          headers: { authorization: 'Bearer direct-secret-4', cookie: 'leadline_session=direct-secret-5' },
        },
        token: 'direct-secret-6',
        headers: { authorization: 'direct-secret-7', 'x-csrf-token': 'direct-secret-8' },
        body: { csrfToken: 'direct-secret-9', newPassword: 'direct-secret-10' },
      },
      'a careless log line',
    );
    for (let i = 1; i <= 10; i++) secrets.push(`direct-secret-${i}`);

    const all = lines.join('\n');
    expect(all).toContain('a careless log line');
    expect(all).toContain('[redacted]');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of secrets)
      expect(all, `the log contains ${secret.slice(0, 12)}...`).not.toContain(secret);
    expect(all).not.toMatch(/Bearer ll_/);
    expect(all.toLowerCase()).not.toContain('leadline_session=');
  });
});
