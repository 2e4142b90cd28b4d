import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';
import { finished, solvedProof, upload } from './import-fixtures';

let t: TestApp;
let admin: Client;
let sales: Client & { email: string };
let c: Catalog;
let dataDir: string;
let receiver: Server;
let base: string;

let addressSeq = 0;
const nextAddress = () => `10.9.${Math.floor(++addressSeq / 250)}.${(addressSeq % 250) + 1}`;

let formSeq = 0;
async function makeForm() {
  const res = await admin.post('/api/v1/web-forms', {
    name: `Proof ${++formSeq}`,
    slug: `proof-${formSeq}`,
    fields: [
      { key: 'firstName', required: true },
      { key: 'lastName', required: true },
      { key: 'emails', required: true },
    ],
    salesDirectionId: c.directions.cloud,
    ownerId: sales.userId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; slug: string }>();
}

/** The signed time of the form's page, then a wait past the time trap (one second here). */
async function pageToken(slug: string) {
  const page = await t.app.inject({ method: 'GET', url: `/forms/${slug}` });
  const token = /name="_ts" value="([^"]+)"/.exec(page.body)![1];
  await new Promise((r) => setTimeout(r, 1100));
  return token;
}

const browserPost = (slug: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: `/forms/${slug}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
    remoteAddress: nextAddress(),
  });

const submissionsOf = async (formId: string) =>
  (
    await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [
      formId,
    ])
  )[0].n;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-intake-'));
  t = await createTestApp({
    env: {
      LEADLINE_DATA_DIR: dataDir,
      LEADLINE_FORM_MIN_FILL_SECONDS: '1',
      LEADLINE_FORM_POW_COST: '1',
      LEADLINE_FORM_POW_MAX_COUNTER: '40',
      LEADLINE_IMPORT_CHUNK_ROWS: '2',
    },
    jobPollingSeconds: 0.5,
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  sales = await userWith(t.app, admin, ['crm_sales']);
  expect((await admin.patch('/api/v1/settings', { webhooksAllowPrivateNetworks: true })).statusCode).toBe(
    200,
  );
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('proof of work on the public forms', () => {
  it('serves the widget and a challenge for the form; the page carries the widget', async () => {
    const form = await makeForm();
    const page = await t.app.inject({ method: 'GET', url: `/forms/${form.slug}` });
    expect(page.body).toContain(`<altcha-widget challenge="/forms/${form.slug}/challenge" name="altcha"`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await t.app.inject({ method: 'GET', url: '/forms/_altcha.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body).toContain('altcha-widget');
    const challenge = await t.app.inject({ method: 'GET', url: `/forms/${form.slug}/challenge` });
    expect(challenge.statusCode).toBe(200);
    expect(challenge.json()).toMatchObject({
      parameters: { algorithm: 'PBKDF2/SHA-256', data: { form: form.slug } },
      signature: expect.any(String),
    });
    expect((await t.app.inject({ method: 'GET', url: '/forms/no-such-form/challenge' })).statusCode).toBe(
      404,
    );
  });

  it('refuses a browser post without a solution, accepts a solved one once, refuses its replay', async () => {
    const form = await makeForm();
    const fields = {
      firstName: 'Ada',
      lastName: 'Okafor',
      emails: 'okafor@proof.test',
      _ts: await pageToken(form.slug),
    };

    const none = await browserPost(form.slug, fields);
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: 'altcha', code: 'missing' })]);

    const forged = await browserPost(form.slug, {
      ...fields,
      altcha: Buffer.from('{"x":1}').toString('base64'),
    });
    expect(forged.json().errors[0]).toMatchObject({ field: 'altcha', code: 'invalid' });

    // A solution of another form's challenge does not open this one.
    const other = await makeForm();
    const foreign = await browserPost(form.slug, { ...fields, altcha: await solvedProof(t.app, other.slug) });
    expect(foreign.json().errors[0]).toMatchObject({ field: 'altcha', code: 'invalid' });

    // A solution whose derived key was changed after solving is wrong.
    const good = await solvedProof(t.app, form.slug);
    const decoded = JSON.parse(Buffer.from(good, 'base64').toString()) as {
      solution: { derivedKey: string };
    };
    decoded.solution.derivedKey = `${decoded.solution.derivedKey.slice(0, -2)}${
      decoded.solution.derivedKey.endsWith('00') ? '11' : '00'
    }`;
    const tampered = await browserPost(form.slug, {
      ...fields,
      altcha: Buffer.from(JSON.stringify(decoded)).toString('base64'),
    });
    expect(tampered.statusCode, tampered.body).toBe(422);
    expect(tampered.json().errors[0]).toMatchObject({ field: 'altcha', code: 'invalid' });
    expect(await submissionsOf(form.id)).toBe(0);

    const accepted = await browserPost(form.slug, { ...fields, altcha: good });
    expect(accepted.statusCode, accepted.body).toBe(303);
    expect(await submissionsOf(form.id)).toBe(1);

    const replay = await browserPost(form.slug, { ...fields, altcha: good });
    expect(replay.statusCode).toBe(422);
    expect(replay.json().errors[0]).toMatchObject({ field: 'altcha', code: 'used' });
    expect(await submissionsOf(form.id)).toBe(1);
    const remembered = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM form_challenges WHERE expires_at > now()',
    );
    expect(remembered[0].n).toBeGreaterThanOrEqual(1);
  });

  it('lets a JSON post go without a solution, and checks one when it is sent', async () => {
    const form = await makeForm();
    const body = { firstName: 'Kofi', lastName: 'Mensah', emails: 'mensah@proof.test' };
    const post = (extra: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/forms/${form.slug}`,
        payload: { ...body, ...extra },
        remoteAddress: nextAddress(),
      });
    expect((await post({})).statusCode).toBe(201);
    const proof = await solvedProof(t.app, form.slug);
    expect((await post({ altcha: proof })).statusCode).toBe(201);
    const again = await post({ altcha: proof });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: 'altcha', code: 'used' });
  });
});

describe('forms and imports fire the lead hooks of any save', () => {
  it('queues the lead.created webhook for a form submission and for every imported row', async () => {
    // The leads of the submissions of the tests before are made after their answers: before this hook.
    await t.app.services.intake.queue.settled();
    const hook = await admin.post('/api/v1/webhooks', { url: `${base}/created`, events: ['lead.created'] });
    expect(hook.statusCode, hook.body).toBe(201);
    const deliveries = async () =>
      (await admin.get(`/api/v1/webhooks/${hook.json().id}/deliveries?limit=100`)).json<{
        items: WebhookDelivery[];
      }>().items;

    const form = await makeForm();
    const sent = await t.app.inject({
      method: 'POST',
      url: `/forms/${form.slug}`,
      payload: { firstName: 'Hana', lastName: 'Hook', emails: 'hook@form.test' },
      remoteAddress: nextAddress(),
    });
    expect(sent.statusCode).toBe(201);
    // The lead is made after the answer.
    await t.app.services.intake.queue.settled();
    const sub = (await admin.get(`/api/v1/intake/${sent.json().id}`)).json<{ leadId: string }>();
    expect(sub.leadId, JSON.stringify(sub)).toBeTruthy();
    const afterForm = await deliveries();
    expect(afterForm.map((d) => d.event)).toEqual(['lead.created']);
    const [payload] = await t.db.query<{ payload: unknown }>(
      'SELECT payload FROM webhook_deliveries WHERE id = $1',
      [afterForm[0].id],
    );
    expect(JSON.stringify(payload.payload)).toContain(sub.leadId);

    const csv = [
      'Name;First name;Last name;Email;Direction',
      `Imported A;Al;Alpha;alpha@hooks.test;${c.directions.cloud}`,
      `Imported B;Be;Beta;beta@hooks.test;${c.directions.cloud}`,
      `Imported C;Ga;Gamma;not-an-email;${c.directions.cloud}`,
    ].join('\n');
    const started = await upload(
      admin,
      {
        mapping: {
          Name: 'name',
          'First name': 'firstName',
          'Last name': 'lastName',
          Email: 'emails',
          Direction: 'salesDirectionId',
        },
        defaults: { sourceId: c.sources.web, newContact: true },
      },
      { name: 'hooks.csv', content: csv },
    );
    expect(started.statusCode, started.body).toBe(202);
    const done = await finished(admin, started.json().id);
    expect(done).toMatchObject({ state: 'done', created: 2, rejected: 1 });
    // One delivery per lead created; the refused row fired nothing.
    expect((await deliveries()).length).toBe(3);
  });

  it('tells the owner of each imported lead, whichever chunk wrote it, and nobody about the others', async () => {
    const before = (await sales.get('/api/v1/notifications?limit=100')).json<{ items: unknown[] }>().items
      .length;
    const csv = [
      'Name;First name;Last name;Owner',
      `Owned A;Ola;Owned;${sales.email}`,
      'Unowned B;Una;Unowned;',
      `Owned C;Olga;Owned;${sales.email}`,
      'Unowned D;Uwe;Unowned;',
      `Owned E;Otto;Owned;${sales.email}`,
    ].join('\n');
    const started = await upload(
      admin,
      {
        mapping: { Name: 'name', 'First name': 'firstName', 'Last name': 'lastName', Owner: 'ownerId' },
        defaults: { sourceId: c.sources.web, salesDirectionId: c.directions.cloud },
      },
      { name: 'owners.csv', content: csv },
    );
    expect(started.statusCode, started.body).toBe(202);
    expect(await finished(admin, started.json().id)).toMatchObject({ state: 'done', created: 5 });
    const items = (await sales.get('/api/v1/notifications?limit=100')).json<{
      items: { kind: string; text: string }[];
    }>().items;
    expect(items.length - before).toBe(3);
    expect(
      items
        .filter((n) => n.text.includes('«Owned'))
        .map((n) => [n.kind, n.text.replace(/^Lead \S+ /, '')])
        .sort(),
    ).toEqual([
      ['assigned', '«Owned A» was assigned to you.'],
      ['assigned', '«Owned C» was assigned to you.'],
      ['assigned', '«Owned E» was assigned to you.'],
    ]);
  });
});

describe('import mappings remembered per user and file shape', () => {
  it('offers the mapping again for the same headers in any order or case, to the same user only', async () => {
    const headers = ['Full name', 'E-mail', 'Surname'];
    const none = await admin.get(
      `/api/v1/imports/mapping?header=${headers.map(encodeURIComponent).join('&header=')}`,
    );
    expect(none.statusCode).toBe(200);
    expect(none.json()).toMatchObject({ mapping: null, duplicatePolicy: null });

    const csv = `Full name;E-mail;Surname\nMapped one;mapped1@map.test;Mapped\n`;
    const started = await upload(
      admin,
      {
        mapping: { 'Full name': 'name', 'E-mail': 'emails', Surname: 'lastName' },
        defaults: { salesDirectionId: c.directions.cloud, sourceId: c.sources.web, newContact: true },
        duplicatePolicy: 'update',
        mode: 'all-or-nothing',
        dryRun: 'true',
        headers,
      },
      { name: 'mapped.csv', content: csv },
    );
    expect(started.statusCode, started.body).toBe(202);
    await finished(admin, started.json().id);

    // The same file shape: another order, case and spacing of the same headers.
    const q = ['surname', ' e-mail ', 'FULL NAME'].map((h) => `header=${encodeURIComponent(h)}`).join('&');
    const found = await admin.get(`/api/v1/imports/mapping?${q}`);
    expect(found.json()).toMatchObject({
      mapping: { 'FULL NAME': 'name', ' e-mail ': 'emails', surname: 'lastName' },
      defaults: { salesDirectionId: c.directions.cloud, sourceId: c.sources.web },
      duplicatePolicy: 'update',
      mode: 'all-or-nothing',
      updatedAt: expect.any(String),
    });
    // Another shape, another user: nothing remembered.
    const otherShape = await admin.get('/api/v1/imports/mapping?header=Surname&header=E-mail');
    expect(otherShape.json().mapping).toBeNull();
    expect((await sales.get(`/api/v1/imports/mapping?${q}`)).json().mapping).toBeNull();

    const bad = await upload(
      admin,
      { mapping: { A: 'name' }, headers: '{"no":1}' },
      { name: 'x.csv', content: 'A\nx\n' },
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('headers');
    expect((await admin.get('/api/v1/imports/mapping')).statusCode).toBe(400);
  });

  it('lists the imports a user started, newest first; an administrator sees all', async () => {
    const csv = `Name;Last name\nListed;Listed\n`;
    const mine = await upload(
      sales,
      { mapping: { Name: 'name', 'Last name': 'lastName' }, dryRun: 'true' },
      { name: 'sales-list.csv', content: csv },
    );
    expect(mine.statusCode, mine.body).toBe(202);
    await finished(sales, mine.json().id);
    const salesList = (await sales.get('/api/v1/imports')).json<{
      items: { id: string; fileName: string }[];
    }>();
    expect(salesList.items.map((i) => i.id)).toEqual([mine.json().id]);
    expect(salesList.items[0]).toMatchObject({ fileName: 'sales-list.csv', dryRun: true, state: 'done' });
    const adminList = (await admin.get('/api/v1/imports?limit=100')).json<{ items: { id: string }[] }>();
    expect(adminList.items[0].id).toBe(mine.json().id);
    expect(adminList.items.length).toBeGreaterThan(1);
  });
});
