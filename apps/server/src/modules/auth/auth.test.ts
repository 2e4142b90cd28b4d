import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  bearer,
  createTestApp,
  signIn,
  signInAdmin,
  userWith,
  type Client,
  type TestApp,
} from '../../test/harness';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in with e-mail and password and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN.email.toUpperCase(), password: ADMIN.password },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ email: ADMIN.email, roles: ['crm_admin'], active: true });
    expect(body.csrfToken).toMatch(/.{20,}/);
    const cookie = res.cookies.find((c) => c.name === 'leadline_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    // The web reads this one to know a session may be there; it carries no secret.
    const hint = res.cookies.find((c) => c.name === 'leadline_signed_in')!;
    expect(hint).toMatchObject({ value: '1', path: '/' });
    expect(hint.httpOnly).toBeFalsy();
  });

  it('marks the cookie Secure with the __Host- prefix over HTTPS through a trusted proxy, and reads only that name', async () => {
    const proxied = await createTestApp({ env: { LEADLINE_TRUST_PROXY: '127.0.0.1' } });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: https,
        payload: { email: ADMIN.email, password: ADMIN.password },
      });
      expect(res.cookies.find((c) => c.name === 'leadline_session')).toBeUndefined();
      const cookie = res.cookies.find((c) => c.name === '__Host-leadline_session')!;
      expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(cookie.domain).toBeUndefined();
      const me = (name: string) =>
        proxied.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { ...https, cookie: `${name}=${cookie.value}` },
        });
      expect((await me('__Host-leadline_session')).statusCode).toBe(200);
      // Over HTTPS a cookie without the prefix may have been planted over plain HTTP: it is not read.
      expect((await me('leadline_session')).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong password with 401 and the same answer as an unknown account', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN.email, password: 'nope-nope-nope' },
      remoteAddress: '10.9.9.1',
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@example.test', password: 'nope-nope-nope' },
      remoteAddress: '10.9.9.1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('answers /me with the user and the CSRF token, and 401 without a session', async () => {
    const me = await admin.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(ADMIN.email);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ status: 401, title: 'Not signed in' });
  });
});

describe('CSRF', () => {
  it('refuses a state-changing cookie request without the X-CSRF-Token header, and accepts it with it', async () => {
    const withToken = await admin.post('/api/v1/units', { name: 'CSRF unit' });
    expect(withToken.statusCode).toBe(201);
    const without = await admin.inject({
      method: 'POST',
      url: '/api/v1/units',
      payload: { name: 'CSRF unit 2' },
      headers: { 'x-csrf-token': '' },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const forged = await admin.inject({
      method: 'POST',
      url: '/api/v1/units',
      payload: { name: 'CSRF unit 3' },
      headers: { 'x-csrf-token': 'forged-token-value' },
    });
    expect(forged.statusCode).toBe(403);
    const list = await admin.get('/api/v1/units');
    expect(list.json().items.map((u: { name: string }) => u.name)).not.toContain('CSRF unit 2');
  });
});

describe('session revocation', () => {
  it('ends the session on logout', async () => {
    const s = await signInAdmin(t.app);
    const out = await s.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'leadline_signed_in')?.value).toBe('');
    expect((await s.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('ends every open session of a user the moment they are deactivated', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const second = await signIn(t.app, sales.email, sales.password);
    expect((await sales.get('/api/v1/me')).statusCode).toBe(200);
    const res = await admin.patch(`/api/v1/users/${sales.userId}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect((await sales.get('/api/v1/me')).statusCode).toBe(401);
    expect((await second.get('/api/v1/me')).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: sales.email, password: sales.password },
      remoteAddress: '10.3.0.1',
    });
    expect(again.statusCode).toBe(401);
  });

  it('ends every session when the password changes, and the new password works', async () => {
    const u = await userWith(t.app, admin, ['crm_marketeer']);
    const other = await signIn(t.app, u.email, u.password);
    const wrong = await u.post('/api/v1/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const res = await u.post('/api/v1/me/password', {
      currentPassword: u.password,
      newPassword: 'a-brand-new-password',
    });
    expect(res.statusCode).toBe(204);
    expect((await u.get('/api/v1/me')).statusCode).toBe(401);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    await expect(signIn(t.app, u.email, 'a-brand-new-password')).resolves.toBeTruthy();
  });
});

describe('API tokens', () => {
  it('lets an admin create a token shown once, used as Bearer with its roles, and revoked', async () => {
    const created = await admin.post('/api/v1/api-tokens', { name: 'Website', roles: ['crm_sales'] });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^ll_/);
    const listed = await admin.get('/api/v1/api-tokens');
    const entry = listed.json().items.find((x: { id: string }) => x.id === id);
    expect(entry).toMatchObject({ name: 'Website', roles: ['crm_sales'] });
    expect(entry.token).toBeUndefined();

    const stored = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [id],
    );
    expect(stored[0].token_hash).not.toContain(token);

    const api = bearer(t.app, id, token);
    const me = await api.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.roles).toEqual(['crm_sales']);
    // A token is not an admin: it may not manage users, and needs no CSRF token.
    expect((await api.post('/api/v1/units', { name: 'From token' })).statusCode).toBe(403);

    expect((await admin.del(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await api.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses token management to a non-admin and a malformed bearer header', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await sales.post('/api/v1/api-tokens', { name: 'x', roles: ['crm_admin'] })).statusCode).toBe(
      403,
    );
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(res.statusCode).toBe(401);
    const fake = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer ll_notarealtokenatall' },
    });
    expect(fake.statusCode).toBe(401);
  });
});
