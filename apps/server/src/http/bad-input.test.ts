import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, signInAdmin, type Client, type TestApp } from '../test/harness';

let t: TestApp;
let admin: Client;
let userId: string;
let unitId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  const user = await admin.post('/api/v1/users', {
    email: 'existing@example.test',
    name: 'Existing',
    password: 'existing-password',
    roles: ['crm_sales'],
  });
  userId = user.json().id;
  const unit = await admin.post('/api/v1/units', { name: 'Existing unit' });
  unitId = unit.json().id;
});
afterAll(() => t.close());

const big = 'x'.repeat(200_000);
const NUL = 'a\u0000b';

/** Everything a bad request could have written: counts and the versions of the records it aimed at. */
async function snapshot() {
  const [row] = await t.db.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM units) AS units,
            (SELECT count(*) FROM unit_members) AS members, (SELECT count(*) FROM api_tokens) AS tokens,
            (SELECT sum(version) FROM users) AS user_versions, (SELECT sum(version) FROM units) AS unit_versions`,
  );
  return row;
}

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string | (() => string);
  /** An object is sent as JSON; a string is sent as it is, with `contentType`. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  status: 400 | 404 | 413 | 415 | 422;
  /** The field the answer must name in `errors`. */
  field: string;
}

const userUrl = () => `/api/v1/users/${userId}`;
const unitUrl = () => `/api/v1/units/${unitId}`;
const validUser = {
  email: 'new-user@example.test',
  name: 'New user',
  password: 'a-good-password',
  roles: ['crm_sales'],
};

const cases: Case[] = [
  // Malformed bodies: the parser refuses them before any rule runs.
  {
    name: 'bad JSON',
    method: 'POST',
    url: '/api/v1/units',
    body: '{"name": ',
    contentType: 'application/json',
    status: 400,
    field: 'body',
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    url: '/api/v1/units',
    body: '',
    contentType: 'application/json',
    status: 400,
    field: 'body',
  },
  {
    name: 'JSON with __proto__',
    method: 'POST',
    url: '/api/v1/units',
    body: '{"name":"p","__proto__":{"x":1}}',
    contentType: 'application/json',
    status: 400,
    field: 'body',
  },
  {
    name: 'text/plain body',
    method: 'POST',
    url: '/api/v1/units',
    body: 'name=x',
    contentType: 'text/plain',
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'form-encoded body',
    method: 'POST',
    url: '/api/v1/users',
    body: 'email=a@b.c',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'XML body on PATCH',
    method: 'PATCH',
    url: unitUrl,
    body: '<unit/>',
    contentType: 'application/xml',
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'body over the size limit',
    method: 'POST',
    url: '/api/v1/units',
    body: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    contentType: 'application/json',
    status: 413,
    field: 'body',
  },
  {
    name: 'oversized PATCH',
    method: 'PATCH',
    url: userUrl,
    body: JSON.stringify({ name: 'y'.repeat(1_100_000) }),
    contentType: 'application/json',
    status: 413,
    field: 'body',
  },

  // Bodies that parse but break the rules: 422 naming the field.
  {
    name: 'body is an array',
    method: 'POST',
    url: '/api/v1/units',
    body: [1, 2],
    status: 422,
    field: 'body',
  },
  {
    name: 'body is a string',
    method: 'POST',
    url: '/api/v1/units',
    body: '"unit"',
    contentType: 'application/json',
    status: 422,
    field: 'body',
  },
  {
    name: 'body is null',
    method: 'POST',
    url: '/api/v1/users',
    body: 'null',
    contentType: 'application/json',
    status: 422,
    field: 'body',
  },
  {
    name: 'unit name of wrong type',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 42 },
    status: 422,
    field: 'name',
  },
  {
    name: 'unit name of 200 kB',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: big },
    status: 422,
    field: 'name',
  },
  {
    name: 'unit name with NUL',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: NUL },
    status: 422,
    field: 'name',
  },
  {
    name: 'unit name blank',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: '   ' },
    status: 422,
    field: 'name',
  },
  {
    name: 'unit member not a UUID',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 'U1', memberIds: ['nope'] },
    status: 422,
    field: 'memberIds.0',
  },
  {
    name: 'unit member unknown',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 'U2', memberIds: [randomUUID()] },
    status: 422,
    field: 'memberIds.0',
  },
  {
    name: 'unit collaborating with an unknown unit',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 'U3', collaboratingUnitIds: [randomUUID()] },
    status: 422,
    field: 'collaboratingUnitIds.0',
  },
  {
    name: 'unit members as an object',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 'U4', memberIds: { a: 1 } },
    status: 422,
    field: 'memberIds',
  },
  {
    name: 'unit active as a string',
    method: 'PATCH',
    url: unitUrl,
    body: { active: 'yes' },
    status: 422,
    field: 'active',
  },
  {
    name: 'unit collaborating with itself',
    method: 'PATCH',
    url: () => unitUrl(),
    body: {},
    status: 422,
    field: 'collaboratingUnitIds.0',
  },
  {
    name: 'user e-mail malformed',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, email: 'not-an-email' },
    status: 422,
    field: 'email',
  },
  {
    name: 'user e-mail of 200 kB',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, email: `${big}@example.test` },
    status: 422,
    field: 'email',
  },
  {
    name: 'user name with NUL',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, name: NUL },
    status: 422,
    field: 'name',
  },
  {
    name: 'user password too short',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, password: 'short' },
    status: 422,
    field: 'password',
  },
  {
    name: 'user password of 200 kB',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, password: big },
    status: 422,
    field: 'password',
  },
  {
    name: 'user roles unknown',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, roles: ['root'] },
    status: 422,
    field: 'roles.0',
  },
  {
    name: 'user roles empty',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, roles: [] },
    status: 422,
    field: 'roles',
  },
  {
    name: 'user roles as a string',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, roles: 'crm_admin' },
    status: 422,
    field: 'roles',
  },
  {
    name: 'user unit not a UUID',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, unitIds: ['x'] },
    status: 422,
    field: 'unitIds.0',
  },
  {
    name: 'user unit unknown',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, unitIds: [randomUUID()] },
    status: 422,
    field: 'unitIds.0',
  },
  {
    name: 'partner without company',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, roles: ['partner'] },
    status: 422,
    field: 'partnerCompanyId',
  },
  {
    name: 'partner company not a UUID',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, roles: ['partner'], partnerCompanyId: 'acme' },
    status: 422,
    field: 'partnerCompanyId',
  },
  {
    name: 'partner company unknown',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, roles: ['partner'], partnerCompanyId: randomUUID() },
    status: 422,
    field: 'partnerCompanyId',
  },
  {
    name: 'user e-mail taken in other case',
    method: 'POST',
    url: '/api/v1/users',
    body: { ...validUser, email: 'EXISTING@example.test' },
    status: 422,
    field: 'email',
  },
  {
    name: 'user missing every field',
    method: 'POST',
    url: '/api/v1/users',
    body: {},
    status: 422,
    field: 'email',
  },
  {
    name: 'user patch name of wrong type',
    method: 'PATCH',
    url: userUrl,
    body: { name: ['a'] },
    status: 422,
    field: 'name',
  },
  {
    name: 'user patch active as a number',
    method: 'PATCH',
    url: userUrl,
    body: { active: 1 },
    status: 422,
    field: 'active',
  },
  {
    name: 'user patch unit ids of 200 kB',
    method: 'PATCH',
    url: userUrl,
    body: { unitIds: [big] },
    status: 422,
    field: 'unitIds.0',
  },
  {
    name: 'sign-in with e-mail of wrong type',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { email: 5, password: 'x' },
    status: 422,
    field: 'email',
  },
  {
    name: 'sign-in with a 200 kB password',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { email: 'a@b.c', password: big },
    status: 422,
    field: 'password',
  },
  {
    name: 'sign-in with NUL',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { email: NUL, password: 'x' },
    status: 422,
    field: 'email',
  },
  {
    name: 'sign-in as form data',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: 'email=a',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    field: 'Content-Type',
  },
  {
    name: 'token without roles',
    method: 'POST',
    url: '/api/v1/api-tokens',
    body: { name: 'T' },
    status: 422,
    field: 'roles',
  },
  {
    name: 'token with unknown role',
    method: 'POST',
    url: '/api/v1/api-tokens',
    body: { name: 'T', roles: ['god'] },
    status: 422,
    field: 'roles.0',
  },
  {
    name: 'token name of 200 kB',
    method: 'POST',
    url: '/api/v1/api-tokens',
    body: { name: big, roles: ['crm_sales'] },
    status: 422,
    field: 'name',
  },
  {
    name: 'password change of wrong types',
    method: 'POST',
    url: '/api/v1/me/password',
    body: { currentPassword: 1, newPassword: false },
    status: 422,
    field: 'currentPassword',
  },

  // Malformed paths, queries and headers: 400 naming the parameter; unknown records 404.
  { name: 'user id not a UUID', method: 'GET', url: '/api/v1/users/not-a-uuid', status: 400, field: 'id' },
  { name: 'user id with NUL', method: 'GET', url: '/api/v1/users/a%00b', status: 400, field: 'id' },
  {
    name: 'user id of 200 characters',
    method: 'PATCH',
    url: `/api/v1/users/${'9'.repeat(200)}`,
    body: { name: 'x' },
    status: 400,
    field: 'id',
  },
  { name: 'unit id not a UUID', method: 'DELETE', url: '/api/v1/units/123', status: 400, field: 'id' },
  { name: 'token id not a UUID', method: 'DELETE', url: '/api/v1/api-tokens/zzz', status: 400, field: 'id' },
  { name: 'unknown user', method: 'GET', url: `/api/v1/users/${randomUUID()}`, status: 404, field: '' },
  {
    name: 'unknown user patched',
    method: 'PATCH',
    url: `/api/v1/users/${randomUUID()}`,
    body: { name: 'x' },
    status: 404,
    field: '',
  },
  {
    name: 'unknown unit deleted',
    method: 'DELETE',
    url: `/api/v1/units/${randomUUID()}`,
    status: 404,
    field: '',
  },
  { name: 'unknown route', method: 'GET', url: '/api/v1/nothing-here', status: 404, field: '' },
  {
    name: 'unknown sort key',
    method: 'GET',
    url: '/api/v1/users?sort=password_hash',
    status: 400,
    field: 'sort',
  },
  {
    name: 'sort key injection',
    method: 'GET',
    url: `/api/v1/users?sort=${encodeURIComponent('name;DROP TABLE users')}`,
    status: 400,
    field: 'sort',
  },
  {
    name: 'too many sort keys',
    method: 'GET',
    url: '/api/v1/users?sort=name,email,createdAt,-name,x',
    status: 400,
    field: 'sort',
  },
  {
    name: 'garbage cursor',
    method: 'GET',
    url: '/api/v1/users?cursor=%%%garbage',
    status: 400,
    field: 'cursor',
  },
  {
    name: 'cursor of another shape',
    method: 'GET',
    url: `/api/v1/users?cursor=${Buffer.from('[1,2,3,4,5]').toString('base64url')}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'cursor with a bad UUID',
    method: 'GET',
    url: `/api/v1/users?cursor=${Buffer.from('["a","b"]').toString('base64url')}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'cursor of an object',
    method: 'GET',
    url: `/api/v1/users?cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'cursor too long',
    method: 'GET',
    url: `/api/v1/users?cursor=${'A'.repeat(3000)}`,
    status: 400,
    field: 'cursor',
  },
  { name: 'limit not a number', method: 'GET', url: '/api/v1/users?limit=lots', status: 400, field: 'limit' },
  { name: 'limit too big', method: 'GET', url: '/api/v1/users?limit=100000', status: 400, field: 'limit' },
  { name: 'limit negative', method: 'GET', url: '/api/v1/users?limit=-1', status: 400, field: 'limit' },
  { name: 'role filter unknown', method: 'GET', url: '/api/v1/users?role=root', status: 400, field: 'role' },
  {
    name: 'unit filter not a UUID',
    method: 'GET',
    url: '/api/v1/users?unitId=1',
    status: 400,
    field: 'unitId',
  },
  {
    name: 'active filter not a boolean',
    method: 'GET',
    url: '/api/v1/users?active=maybe',
    status: 400,
    field: 'active',
  },
  {
    name: 'search of 200 kB',
    method: 'GET',
    url: `/api/v1/users?q=${'q'.repeat(200_000)}`,
    status: 400,
    field: 'q',
  },
  { name: 'search with NUL', method: 'GET', url: '/api/v1/users?q=a%00b', status: 400, field: 'q' },
  {
    name: 'count flag not a boolean',
    method: 'GET',
    url: '/api/v1/users?count=perhaps',
    status: 400,
    field: 'count',
  },
  {
    name: 'If-Match not a version',
    method: 'PATCH',
    url: userUrl,
    body: { name: 'Renamed' },
    headers: { 'if-match': 'banana' },
    status: 400,
    field: 'If-Match',
  },
  {
    name: 'If-Match too large',
    method: 'PATCH',
    url: unitUrl,
    body: { name: 'Renamed' },
    headers: { 'if-match': '99999999999999' },
    status: 400,
    field: 'If-Match',
  },
  {
    name: 'Idempotency-Key too long',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 'Keyed' },
    headers: { 'idempotency-key': 'k'.repeat(300) },
    status: 400,
    field: 'Idempotency-Key',
  },
  {
    name: 'Idempotency-Key with spaces',
    method: 'POST',
    url: '/api/v1/units',
    body: { name: 'Keyed' },
    headers: { 'idempotency-key': 'a b' },
    status: 400,
    field: 'Idempotency-Key',
  },
];

function send(c: Case): Promise<LightMyRequestResponse> {
  const url = typeof c.url === 'function' ? c.url() : c.url;
  const headers: Record<string, string> = { ...c.headers };
  let payload: string | object | undefined;
  if (typeof c.body === 'string') {
    payload = c.body;
    headers['content-type'] = c.contentType ?? 'application/json';
  } else if (c.body !== undefined) {
    payload = c.body as object;
  }
  return admin.inject({ method: c.method, url, payload, headers });
}

describe('malformed requests answer a 4xx problem naming the field, and write nothing', () => {
  // The self-collaboration case needs the unit's own id in the body.
  const selfCase = cases.find((c) => c.name === 'unit collaborating with itself')!;
  beforeAll(() => {
    selfCase.body = { collaboratingUnitIds: [unitId] };
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot();
    const res = await send(c);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ status: number; title: string; errors?: { field: string }[] }>();
    expect(body.status).toBe(c.status);
    expect(body.title).toBeTruthy();
    if (c.field) expect(body.errors?.map((e) => e.field)).toContain(c.field);
    expect(await snapshot()).toEqual(before);
  });

  it('still has a working admin session after all of that', async () => {
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });
});

/** Garbage for every place a value can go; each one alone must never reach a 5xx. */
const garbageValues: unknown[] = [
  null,
  -1,
  NUL,
  big,
  'not-a-uuid',
  '2024-13-45',
  { nested: { deeper: [1, { x: NUL }] } },
];
/** Used only in the all-fields-wrong bodies, to keep the sweep quick. */
const rareGarbage: unknown[] = [
  true,
  1e308,
  '',
  ['x', null, 7],
  Array.from({ length: 2000 }, (_, i) => i),
  'x'.repeat(600),
];
const garbageBodies: { payload: string; type: string }[] = [
  { payload: '{"a":', type: 'application/json' },
  { payload: '[]', type: 'application/json' },
  { payload: '"just a string"', type: 'application/json' },
  { payload: '{"constructor":{"prototype":{"polluted":true}}}', type: 'application/json' },
  { payload: '<xml/>', type: 'text/xml' },
  { payload: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  {
    payload: '--x\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n--x--',
    type: 'multipart/form-data; boundary=x',
  },
  { payload: JSON.stringify({ a: 'z'.repeat(1_100_000) }), type: 'application/json' },
];
const garbageIds = [
  'not-a-uuid',
  '%00',
  '..%2F..%2Fetc',
  '00000000-0000-0000-0000-000000000000',
  randomUUID(),
  'x'.repeat(190),
];
const garbageQueries = [
  '',
  '?limit=-5',
  '?limit=abc&cursor=zzz',
  '?sort=%00',
  '?sort=-nope',
  '?cursor=W1tbW11dXQ',
  '?q=%00',
  `?q=${'a'.repeat(5000)}`,
  '?page[x]=1&a[]=2&a[]=3',
];

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
        parameters?: { name: string; in: string }[];
      }
    >
  >;
}

describe('every route survives garbage', () => {
  it('answers below 500 to garbage ids, queries and bodies on every documented route', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApi>();
    const failures: string[] = [];
    let session = await signInAdmin(t.app);
    let checked = 0;
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(routes.length).toBeGreaterThan(5);
    // Sign-out last: it ends the session the rest uses.
    routes.sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));

    for (const { path, method, op } of routes) {
      const urls = path.includes('{') ? garbageIds.map((g) => path.replace(/\{[^}]+\}/g, g)) : [path];
      const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const props = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
      const requests: { url: string; payload?: string; type?: string }[] = [];
      const base = path.replace(/\{[^}]+\}/g, randomUUID());
      for (const url of urls) requests.push({ url });
      if (method === 'GET') for (const q of garbageQueries) requests.push({ url: base + q });
      for (const name of queryNames)
        for (const v of ['%00', 'x'.repeat(3000), '-1', '1e308', '[]', '2024-99-99', 'not-a-uuid'])
          requests.push({ url: `${base}?${name}=${v}` });
      if (method !== 'GET' && method !== 'DELETE') {
        for (const g of garbageBodies) requests.push({ url: base, payload: g.payload, type: g.type });
        for (const prop of props)
          for (const v of garbageValues)
            requests.push({ url: base, payload: JSON.stringify({ [prop]: v }), type: 'application/json' });
        // All fields wrong at once, each with a different kind of garbage, in two rotations.
        const all = [...rareGarbage, ...garbageValues];
        for (const shift of [0, 6])
          requests.push({
            url: base,
            payload: JSON.stringify(
              Object.fromEntries(props.map((p, i) => [p, all[(i + shift) % all.length]])),
            ),
            type: 'application/json',
          });
      }
      const send = (r: (typeof requests)[number]) =>
        session.inject({
          method: method as 'GET',
          url: r.url,
          ...(r.payload !== undefined ? { payload: r.payload, headers: { 'content-type': r.type! } } : {}),
        });
      // A read writes nothing and ends no session: a route's reads go out together, so that the database
      // (PostgreSQL's processes, a backup's pg_dump or compression) works while the next one is handled.
      const answers = method === 'GET' ? await Promise.all(requests.map(send)) : [];
      for (const [i, r] of requests.entries()) {
        const res = answers[i] ?? (await send(r));
        checked++;
        if (res.statusCode >= 500)
          failures.push(
            `${method} ${r.url.slice(0, 120)} ${r.payload?.slice(0, 80) ?? ''} -> ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        else if (res.statusCode >= 400)
          expect(res.headers['content-type'], `${method} ${r.url}`).toMatch(/problem\+json/);
        if (res.statusCode === 401 && !path.endsWith('/logout')) session = await signInAdmin(t.app);
      }
      // A DELETE or a sign-out may end this session; start each route signed in.
      if ((await session.get('/api/v1/me')).statusCode === 401) session = await signInAdmin(t.app);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  }, 300_000);

  it('answers below 500 to garbage on the routes the documentation hides', async () => {
    for (const url of [
      '/healthz',
      '/readyz',
      '/',
      '/api/v1/openapi.json',
      '/api/docs',
      '/%00',
      '/api/v1/%ff',
      '/..%2f..%2fetc%2fpasswd',
    ]) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] as const) {
        const res = await admin.inject({
          method,
          url,
          payload: '{"a":',
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
      }
    }
  });
});

/** Sort keys that name Object.prototype's members rather than a column of the list. */
const prototypeSortKeys = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
const someId = '9b2f4a52-6a0e-4f7c-9d8e-0d3c1a2b4c5d';
const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** Cursors of the right shape (a value and an id) with values no list of ours ever hands out. */
const craftedCursors = [
  [1e308, someId],
  [-1e308, someId],
  [true, someId],
  [false, someId],
  [{}, someId],
  [[], someId],
  [someId],
  [1, 2, 3],
  [someId, someId, someId, someId, someId, someId],
  [null, 'not-a-uuid'],
  [1e308],
  'just a string',
  1e308,
].map(cursorOf);
/** Text where a time is expected: refused by the lists that are ordered by a time by default. */
const badTimeCursors = [
  ['2024-99-99', someId],
  ['1', someId],
  ['2024-01-01T25:61', someId],
].map(cursorOf);
const timeOrderedLists = [
  '/api/v1/leads',
  '/api/v1/opportunities',
  '/api/v1/outbox',
  '/api/v1/leads/{id}/timeline',
];

describe('every list refuses crafted sort and cursor values', () => {
  it('answers 400 problem+json naming sort or cursor on every list route', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApi>();
    // Lists under a record need one that exists, or they would answer 404 before reading the query.
    const [{ id: sourceId }] = await t.db.query<{ id: string }>('SELECT id FROM lead_sources LIMIT 1');
    const [{ id: statusId }] = await t.db.query<{ id: string }>(
      `SELECT id FROM lead_statuses WHERE phase = 'new' LIMIT 1`,
    );
    const [{ id: leadId }] = await t.db.query<{ id: string }>(
      `INSERT INTO leads (name, source_id, status_id, phase) VALUES ('Cursor lead', $1, $2, 'new') RETURNING id`,
      [sourceId, statusId],
    );
    const [{ id: opportunityId }] = await t.db.query<{ id: string }>(
      `INSERT INTO opportunities (name, responsible_id, originating_lead_id) VALUES ('Cursor deal', $1, $2) RETURNING id`,
      [admin.userId, leadId],
    );
    const list = await admin.post('/api/v1/marketing-lists', { name: 'Cursor list' });
    const scan = await admin.post('/api/v1/duplicate-scans', { fields: ['emails'] });
    const template = await admin.post('/api/v1/templates', {
      name: 'Cursor template',
      channel: 'email',
      subject: 'Hello',
      body: 'Hello',
    });
    const rule = await admin.post('/api/v1/communication-rules', {
      name: 'Cursor rule',
      event: 'created',
      templateId: template.json<{ id: string }>().id,
      recipient: 'owner',
      active: false,
    });
    const hook = await admin.post('/api/v1/webhooks', {
      url: 'https://hooks.example.com/leadline',
      events: ['lead.created'],
      active: false,
    });
    const recordIds: Record<string, string> = {
      '/api/v1/leads/{id}': leadId,
      '/api/v1/opportunities/{id}': opportunityId,
      '/api/v1/duplicate-scans/{id}': scan.json<{ id: string }>().id,
      '/api/v1/marketing-lists/{id}': list.json<{ id: string }>().id,
      '/api/v1/communication-rules/{id}': rule.json<{ id: string }>().id,
      '/api/v1/webhooks/{id}': hook.json<{ id: string }>().id,
    };
    const failures: string[] = [];
    const lists: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      const names = (ops.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (!names.includes('sort') && !names.includes('cursor')) continue;
      lists.push(path);
      const prefix = Object.keys(recordIds).find((k) => path.startsWith(k));
      if (path.includes('{') && !prefix) {
        failures.push(`${path}: a list under a record the test does not create`);
        continue;
      }
      const base = prefix ? path.replace('{id}', recordIds[prefix]) : path;
      const requests: { query: string; field: string }[] = [];
      if (names.includes('sort'))
        for (const key of prototypeSortKeys)
          for (const sort of [key, `-${key}`, `name,${key}`])
            requests.push({ query: `sort=${encodeURIComponent(sort)}`, field: 'sort' });
      if (names.includes('cursor'))
        for (const cursor of [...craftedCursors, ...(timeOrderedLists.includes(path) ? badTimeCursors : [])])
          requests.push({ query: `cursor=${cursor}`, field: 'cursor' });
      for (const { query, field } of requests) {
        const res = await admin.get(`${base}?${query}`);
        const body = res.json<{ errors?: { field: string }[] }>();
        if (
          res.statusCode !== 400 ||
          !/problem\+json/.test(String(res.headers['content-type'])) ||
          !body.errors?.some((e) => e.field === field)
        )
          failures.push(`GET ${path}?${query} -> ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    // Leads, opportunities, the outbox, users, companies, contacts, the lists of values, saved views...
    expect(lists).toEqual(
      expect.arrayContaining([
        '/api/v1/leads',
        '/api/v1/opportunities',
        '/api/v1/outbox',
        '/api/v1/leads/{id}/timeline',
      ]),
    );
    expect(lists.length).toBeGreaterThan(10);
  }, 300_000);
});

describe('an unauthenticated caller', () => {
  it('gets 401 problem+json, not a crash, for garbage on a protected route', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      payload: '{"a":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('gets 401 for a cookie of 10 kB and for a bearer token of garbage', async () => {
    const a = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `leadline_session=${'c'.repeat(10_000)}` },
    });
    expect(a.statusCode).toBe(401);
    const b = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${'\u00ff'.repeat(50)}` },
    });
    expect(b.statusCode).toBe(401);
  });

  it('can still sign in after everything above', async () => {
    const s = await signIn(t.app, 'existing@example.test', 'existing-password');
    expect((await s.get('/api/v1/me')).statusCode).toBe(200);
  });
});
