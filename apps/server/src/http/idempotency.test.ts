import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../test/harness';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
});
afterAll(() => t.close());

const unitsNamed = async (name: string) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM units WHERE name = $1', [name]))[0].n;
const usersWithEmail = async (email: string) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]))[0].n;

describe('Idempotency-Key on POST', () => {
  it('replays the first answer to a repeat and creates nothing more', async () => {
    const key = 'unit-create-1';
    const first = await admin.post('/api/v1/units', { name: 'Replayed unit' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await admin.post('/api/v1/units', { name: 'Replayed unit' }, { 'idempotency-key': key });
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    expect(await unitsNamed('Replayed unit')).toBe(1);
  });

  it('replays a refusal too, instead of running the request again', async () => {
    const key = 'unit-refused';
    const body = { name: 'Refused unit', memberIds: ['00000000-0000-4000-8000-000000000000'] };
    const first = await admin.post('/api/v1/units', body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(422);
    const again = await admin.post('/api/v1/units', body, { 'idempotency-key': key });
    expect(again.statusCode).toBe(422);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('creates one user for two concurrent requests with one key, and both get the same answer', async () => {
    const key = 'concurrent-user';
    const body = {
      email: 'concurrent@example.test',
      name: 'Concurrent',
      password: 'concurrent-password',
      roles: ['crm_sales'],
    };
    const [a, b] = await Promise.all([
      admin.post('/api/v1/users', body, { 'idempotency-key': key }),
      admin.post('/api/v1/users', body, { 'idempotency-key': key }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json()).toEqual(b.json());
    // Exactly one of the two did the work; the other replayed it.
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].sort()).toEqual([
      'true',
      undefined,
    ]);
    expect(await usersWithEmail('concurrent@example.test')).toBe(1);
  });

  it('creates one unit for five concurrent requests with one key', async () => {
    const key = 'concurrent-unit';
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        admin.post('/api/v1/units', { name: 'Concurrent unit' }, { 'idempotency-key': key }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    expect(await unitsNamed('Concurrent unit')).toBe(1);
  });

  it('refuses the same key with a different body with 422 and creates nothing', async () => {
    const key = 'unit-body-changed';
    expect(
      (await admin.post('/api/v1/units', { name: 'Body A' }, { 'idempotency-key': key })).statusCode,
    ).toBe(201);
    const res = await admin.post('/api/v1/units', { name: 'Body B' }, { 'idempotency-key': key });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('Idempotency-Key');
    expect(await unitsNamed('Body B')).toBe(0);
  });

  it('refuses the same key on another path with 422', async () => {
    const key = 'key-on-two-paths';
    expect(
      (await admin.post('/api/v1/units', { name: 'Path unit' }, { 'idempotency-key': key })).statusCode,
    ).toBe(201);
    const res = await admin.post(
      '/api/v1/api-tokens',
      { name: 'Path unit', roles: ['crm_sales'] },
      { 'idempotency-key': key },
    );
    expect(res.statusCode).toBe(422);
  });

  it('does not replay a key older than 24 hours: the request runs again', async () => {
    const key = 'old-key';
    const first = await admin.post('/api/v1/units', { name: 'Old key unit' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [
      key,
    ]);
    const again = await admin.post('/api/v1/units', { name: 'Old key unit' }, { 'idempotency-key': key });
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    // It ran again: the unit exists already, so this time the name is refused.
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0].field).toBe('name');
  });

  it('still replays a key of 23 hours', async () => {
    const key = 'day-old-key';
    const first = await admin.post('/api/v1/units', { name: 'Day key unit' }, { 'idempotency-key': key });
    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '23 hours' WHERE key = $1`, [
      key,
    ]);
    const again = await admin.post('/api/v1/units', { name: 'Day key unit' }, { 'idempotency-key': key });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('keeps the keys of different callers apart', async () => {
    const key = 'shared-key';
    const other = await userWith(t.app, admin, ['crm_admin']);
    const a = await admin.post('/api/v1/units', { name: 'Caller A unit' }, { 'idempotency-key': key });
    const b = await other.post('/api/v1/units', { name: 'Caller B unit' }, { 'idempotency-key': key });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(a.json().id).not.toBe(b.json().id);
  });

  it('creates two records for two requests without a key', async () => {
    const body = { name: 'Unkeyed unit' };
    expect((await admin.post('/api/v1/units', body)).statusCode).toBe(201);
    // Without a key the second is a new request: the name is now taken.
    expect((await admin.post('/api/v1/units', body)).statusCode).toBe(422);
  });
});

describe('If-Match on PATCH', () => {
  it('applies a change made with the current version and raises the version', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Versioned' })).json();
    expect(unit.version).toBe(1);
    const res = await admin.patch(
      `/api/v1/units/${unit.id}`,
      { name: 'Versioned 2' },
      { 'if-match': String(unit.version) },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Versioned 2', version: 2 });
    // The quoted ETag forms are accepted too.
    const quoted = await admin.patch(
      `/api/v1/units/${unit.id}`,
      { name: 'Versioned 3' },
      { 'if-match': '"2"' },
    );
    expect(quoted.statusCode).toBe(200);
    const weak = await admin.patch(
      `/api/v1/units/${unit.id}`,
      { name: 'Versioned 4' },
      { 'if-match': 'W/"3"' },
    );
    expect(weak.statusCode).toBe(200);
    expect(weak.json().version).toBe(4);
  });

  it('answers 412 to a stale version and changes nothing (unit)', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Stale unit' })).json();
    await admin.patch(`/api/v1/units/${unit.id}`, { active: false }, { 'if-match': '1' });
    const stale = await admin.patch(`/api/v1/units/${unit.id}`, { name: 'Lost update' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    const now = (await admin.get(`/api/v1/units/${unit.id}`)).json();
    expect(now).toMatchObject({ name: 'Stale unit', active: false, version: 2 });
  });

  it('answers 412 to a stale version and changes nothing (user)', async () => {
    const u = await userWith(t.app, admin, ['crm_sales']);
    const before = (await admin.get(`/api/v1/users/${u.userId}`)).json();
    const ok = await admin.patch(
      `/api/v1/users/${u.userId}`,
      { name: 'First writer' },
      { 'if-match': String(before.version) },
    );
    expect(ok.statusCode).toBe(200);
    const stale = await admin.patch(
      `/api/v1/users/${u.userId}`,
      { name: 'Second writer', roles: ['crm_manager'], unitIds: [] },
      { 'if-match': String(before.version) },
    );
    expect(stale.statusCode).toBe(412);
    const now = (await admin.get(`/api/v1/users/${u.userId}`)).json();
    expect(now).toMatchObject({ name: 'First writer', roles: ['crm_sales'], version: before.version + 1 });
  });

  it('answers 412 to a version from the future', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Future unit' })).json();
    const res = await admin.patch(`/api/v1/units/${unit.id}`, { name: 'X' }, { 'if-match': '7' });
    expect(res.statusCode).toBe(412);
  });

  it('answers 400 naming If-Match to a malformed version and changes nothing', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Malformed match' })).json();
    for (const bad of ['abc', '1.5', '-1', '"', 'W/', '*x', '1, 2']) {
      const res = await admin.patch(`/api/v1/units/${unit.id}`, { name: 'Changed' }, { 'if-match': bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().errors[0].field).toBe('If-Match');
    }
    expect((await admin.get(`/api/v1/units/${unit.id}`)).json()).toMatchObject({
      name: 'Malformed match',
      version: 1,
    });
  });

  it('lets only one of two concurrent changes with the same version win', async () => {
    const unit = (await admin.post('/api/v1/units', { name: 'Race unit' })).json();
    const [a, b] = await Promise.all([
      admin.patch(`/api/v1/units/${unit.id}`, { name: 'Race A' }, { 'if-match': '1' }),
      admin.patch(`/api/v1/units/${unit.id}`, { name: 'Race B' }, { 'if-match': '1' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? 'Race A' : 'Race B';
    expect((await admin.get(`/api/v1/units/${unit.id}`)).json()).toMatchObject({ name: winner, version: 2 });
  });
});
