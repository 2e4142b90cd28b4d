import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';
import { DISPOSABLE_TAG } from './form-lead';
import { solvedProof } from './import-fixtures';
import { createSubmissionsRepository } from './submissions.repository';

let t: TestApp;
let admin: Client;
let sales: Client;
let c: Catalog;
let unitId: string;

const PER_ADDRESS = 5;
const PER_FORM = 8;
const BODY_LIMIT = 16_384;

let addressSeq = 0;
/** Each request from its own address unless one is given, so that only the rate tests meet the limit. */
const nextAddress = () => `10.1.${Math.floor(++addressSeq / 250)}.${(addressSeq % 250) + 1}`;

/** The lead of a submission is made after the answer: a test reads it once the queue is done. */
const leadsMade = () => t.app.services.intake.queue.settled();

async function submit(slug: string, body: Record<string, unknown>, opts: Partial<InjectOptions> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/forms/${slug}`,
    payload: body,
    remoteAddress: nextAddress(),
    ...opts,
  });
  await leadsMade();
  return res;
}
/** A browser's post; the page's widget adds its solved proof of work unless the fields carry one. */
async function browserPost(slug: string, fields: Record<string, string>, opts: Partial<InjectOptions> = {}) {
  const proof = fields.altcha ?? (await solvedProof(t.app, slug).catch(() => ''));
  const res = await t.app.inject({
    method: 'POST',
    url: `/forms/${slug}`,
    // What a browser sends with a form post: it asks for a page back.
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      ...(opts.headers as object),
    },
    payload: new URLSearchParams({ ...fields, altcha: proof }).toString(),
    remoteAddress: nextAddress(),
    ...opts,
  });
  await leadsMade();
  return res;
}

let formSeq = 0;
async function makeForm(extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/web-forms', {
    name: `Contact us ${++formSeq}`,
    slug: `contact-${formSeq}`,
    fields: [
      { key: 'firstName', required: true },
      { key: 'lastName', label: 'Surname', required: true },
      { key: 'emails', required: true },
      { key: 'phones' },
      { key: 'description', label: 'Your message' },
    ],
    salesDirectionId: c.directions.cloud,
    ownerId: sales.userId,
    unitId,
    consentText: 'I agree that my details are used to answer my request.',
    thankYou: 'Thanks, we call you back.',
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json<{ id: string; slug: string; consentVersion: number; version: number }>();
}

const person = (extra: Record<string, unknown> = {}) => ({
  firstName: 'Greta',
  lastName: 'Lindqvist',
  emails: 'greta@lindqvist.test',
  phones: '+46 8 123 456 78',
  description: 'We need <b>cloud</b> hosting\n\nfor 20 people',
  _consent: 'on',
  ...extra,
});

const countOf = async (sql: string, params: unknown[] = []) =>
  (await t.db.query<{ n: number }>(sql, params))[0].n;

/** The page's signed time, made `ageMs` older by waiting: the time trap is one second in these tests. */
async function pageToken(slug: string) {
  const page = await t.app.inject({ method: 'GET', url: `/forms/${slug}` });
  return /name="_ts" value="([^"]+)"/.exec(page.body)![1];
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestApp({
    env: {
      LEADLINE_FORM_RATE_PER_ADDRESS: String(PER_ADDRESS),
      LEADLINE_FORM_RATE_PER_FORM: String(PER_FORM),
      LEADLINE_FORM_MIN_FILL_SECONDS: '1',
      LEADLINE_FORM_BODY_LIMIT: String(BODY_LIMIT),
      LEADLINE_FORM_POW_COST: '1',
      LEADLINE_FORM_POW_MAX_COUNTER: '40',
    },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  unitId = (await admin.post('/api/v1/units', { name: 'Inbound' })).json().id;
  sales = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitId] });
});
afterAll(() => t.close());

describe('web forms administration', () => {
  it('creates, reads, changes and lists forms; only administrators see them', async () => {
    const form = await makeForm({ allowedOrigins: ['https://www.Example.test'] });
    const got = (await admin.get(`/api/v1/web-forms/${form.id}`)).json();
    expect(got).toMatchObject({
      slug: form.slug,
      path: `/forms/${form.slug}`,
      consentVersion: 1,
      active: true,
      allowedOrigins: ['https://www.example.test'],
      salesDirectionId: c.directions.cloud,
      ownerId: sales.userId,
      unitId,
    });
    expect(got.fields[1]).toEqual({ key: 'lastName', label: 'Surname', required: true });
    expect((await admin.get('/api/v1/web-forms')).json().items.map((f: { id: string }) => f.id)).toContain(
      form.id,
    );

    const changed = await admin.patch(
      `/api/v1/web-forms/${form.id}`,
      { consentText: 'New wording.' },
      {
        'if-match': String(form.version),
      },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().consentVersion).toBe(2);
    const same = await admin.patch(`/api/v1/web-forms/${form.id}`, {
      consentText: 'New wording.',
      name: 'Renamed',
    });
    expect(same.json()).toMatchObject({ consentVersion: 2, name: 'Renamed' });
    const stale = await admin.patch(`/api/v1/web-forms/${form.id}`, { name: 'x' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(412);

    for (const res of [
      await sales.get(`/api/v1/web-forms/${form.id}`),
      await sales.get('/api/v1/web-forms'),
      await sales.patch(`/api/v1/web-forms/${form.id}`, { name: 'Mine now' }),
      await sales.del(`/api/v1/web-forms/${form.id}`),
      await sales.post('/api/v1/web-forms', { name: 'x', slug: 'x', fields: [{ key: 'emails' }] }),
      await sales.get('/api/v1/intake?state=failed'),
    ])
      expect(res.statusCode).toBe(404);
  });

  it('refuses a taken or malformed slug, unknown references and an inactive owner, naming each field', async () => {
    const form = await makeForm();
    const res = await admin.post('/api/v1/web-forms', {
      name: 'Other',
      slug: form.slug,
      fields: [{ key: 'emails' }],
      sourceId: '00000000-0000-4000-8000-000000000000',
      unitId: '00000000-0000-4000-8000-000000000001',
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['slug', 'sourceId', 'unitId']);
    const bad = await admin.post('/api/v1/web-forms', {
      name: '',
      slug: 'Not A Slug',
      fields: [{ key: 'emails' }, { key: 'emails' }, { key: 'password' }],
      redirectUrl: 'javascript:alert(1)',
      allowedOrigins: ['*'],
    });
    expect(bad.statusCode).toBe(422);
    const fields = bad.json().errors.map((e: { field: string }) => e.field.split('.')[0]);
    expect(new Set(fields)).toEqual(new Set(['name', 'slug', 'fields', 'redirectUrl', 'allowedOrigins']));
    const gone = await userWith(t.app, admin, ['crm_sales']);
    await admin.patch(`/api/v1/users/${gone.userId}`, { active: false });
    const owner = await admin.post('/api/v1/web-forms', {
      name: 'O',
      slug: 'o-form',
      fields: [{ key: 'emails' }],
      ownerId: gone.userId,
    });
    expect(owner.json().errors).toEqual([
      expect.objectContaining({ field: 'ownerId', code: 'inactive_user' }),
    ]);
  });

  it('deletes a form without submissions; one with submissions answers 409 and stays', async () => {
    const empty = await makeForm();
    expect((await admin.del(`/api/v1/web-forms/${empty.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/web-forms/${empty.id}`)).statusCode).toBe(404);
    const used = await makeForm();
    expect((await submit(used.slug, person())).statusCode).toBe(201);
    const res = await admin.del(`/api/v1/web-forms/${used.id}`);
    expect(res.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/web-forms/${used.id}`)).statusCode).toBe(200);
  });
});

describe('the public page', () => {
  it('serves an accessible HTML form with labels, autofill hints, the honeypot and the signed time', async () => {
    const form = await makeForm({ allowedOrigins: ['https://shop.example.test'] });
    const res = await t.app.inject({ method: 'GET', url: `/forms/${form.slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://shop.example.test');
    const html = res.body;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('<label for="f-firstName">First name');
    expect(html).toContain('<label for="f-lastName">Surname');
    expect(html).toMatch(/<input type="email" id="f-emails" name="emails" autocomplete="email"[^>]*required/);
    expect(html).toContain('<textarea id="f-description"');
    expect(html).toMatch(/<div class="hp" aria-hidden="true">.*name="_hp" tabindex="-1"/);
    expect(html).toMatch(/name="_ts" value="\d+\.[\w-]{43}"/);
    expect(html).toContain('I agree that my details are used to answer my request.');
    // The one script is the proof-of-work widget served by this server; nothing else runs.
    expect(html.match(/<script[^>]*>/gi)).toEqual(['<script type="module" src="/forms/_altcha.js">']);

    const thanks = await t.app.inject({ method: 'GET', url: `/forms/${form.slug}?sent=1` });
    expect(thanks.body).toContain('Thanks, we call you back.');
    expect((await t.app.inject({ method: 'GET', url: '/forms/no-such-form' })).statusCode).toBe(404);
    await admin.patch(`/api/v1/web-forms/${form.id}`, { active: false });
    expect((await t.app.inject({ method: 'GET', url: `/forms/${form.slug}` })).statusCode).toBe(404);
    expect((await submit(form.slug, person())).statusCode).toBe(404);
  });
});

describe('a submission', () => {
  it('becomes a lead with the form defaults, the person as contact and the consent on record (JSON: 201)', async () => {
    const form = await makeForm();
    const res = await submit(form.slug, person(), { remoteAddress: '203.0.113.7' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      message: 'Thanks, we call you back.',
      redirectUrl: null,
    });
    const sub = (await admin.get(`/api/v1/intake/${res.json().id}`)).json();
    expect(sub).toMatchObject({
      state: 'done',
      formId: form.id,
      consentVersion: 1,
      consentText: 'I agree that my details are used to answer my request.',
      remoteAddress: '203.0.113.7',
      flags: [],
    });
    expect(sub.consentGivenAt).toBeTruthy();
    const lead = (await admin.get(`/api/v1/leads/${sub.leadId}`)).json();
    expect(lead).toMatchObject({
      sourceId: c.sources.web,
      salesDirectionId: c.directions.cloud,
      ownerId: sales.userId,
      unitId,
      prospectType: 'person',
      firstName: 'Greta',
      lastName: 'Lindqvist',
      emails: ['greta@lindqvist.test'],
      phones: ['+46812345678'],
    });
    expect(lead.name).toContain('Greta Lindqvist');
    // What the person typed is text: the markup is shown, not run.
    expect(lead.description).toBe('<p>We need &lt;b&gt;cloud&lt;/b&gt; hosting</p><p>for 20 people</p>');
    expect(lead.contactId).toBeTruthy();
    const timeline = (await admin.get(`/api/v1/leads/${lead.id}/timeline`)).json().items;
    const event = timeline.find((e: { kind: string }) => e.kind === 'submitted');
    expect(event.payload).toMatchObject({
      formId: form.id,
      submissionId: sub.id,
      consent: { text: sub.consentText, version: 1, address: '203.0.113.7', givenAt: expect.any(String) },
    });

    // The same person again: linked to the contact the first submission created (rule 2).
    const again = await submit(form.slug, person({ description: 'Second request' }));
    const second = (await admin.get(`/api/v1/intake/${again.json().id}`)).json();
    expect((await admin.get(`/api/v1/leads/${second.leadId}`)).json().contactId).toBe(lead.contactId);
  });

  it('from a browser form post is answered with a 303 to the thank-you page or the redirect address', async () => {
    const form = await makeForm();
    const token = await pageToken(form.slug);
    await wait(1100);
    const fields = Object.fromEntries(Object.entries(person()).map(([k, v]) => [k, String(v)]));
    const res = await browserPost(form.slug, { ...fields, _ts: token, _hp: '' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/forms/${form.slug}?sent=1`);
    const redirecting = await makeForm({ redirectUrl: 'https://www.example.test/thanks' });
    const token2 = await pageToken(redirecting.slug);
    await wait(1100);
    const res2 = await browserPost(redirecting.slug, { ...fields, _ts: token2 });
    expect(res2.statusCode).toBe(303);
    expect(res2.headers.location).toBe('https://www.example.test/thanks');
    expect(
      await countOf(
        `SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = ANY ($1::uuid[]) AND state = 'done'`,
        [[form.id, redirecting.id]],
      ),
    ).toBe(2);
  });

  it('refuses what the person must correct (required, e-mail, phone, consent, length) naming every field', async () => {
    const form = await makeForm();
    const res = await submit(form.slug, {
      firstName: '',
      emails: 'not-an-address',
      phones: 'call me',
      description: 'x'.repeat(5001),
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['consent', 'description', 'emails', 'firstName', 'lastName', 'phones'].sort());
    // A browser gets the form again, with its values and the errors tied to their fields.
    const token = await pageToken(form.slug);
    await wait(1100);
    const page = await browserPost(form.slug, { firstName: 'Jo <script>', emails: 'bad', _ts: token });
    expect(page.statusCode).toBe(422);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain('value="Jo &lt;script&gt;"');
    expect(page.body).toMatch(/id="f-emails"[^>]*aria-invalid="true" aria-describedby="f-emails-error"/);
    expect(
      await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [form.id]),
    ).toBe(0);
  });
});

describe('spam defences', () => {
  it('answers a filled honeypot like a success and creates nothing', async () => {
    const form = await makeForm();
    const leads = await countOf('SELECT count(*)::int AS n FROM leads');
    const res = await submit(form.slug, person({ _hp: 'http://spam.test' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: expect.any(String), message: 'Thanks, we call you back.' });
    expect((await admin.get(`/api/v1/intake/${res.json().id}`)).statusCode).toBe(404);
    const token = await pageToken(form.slug);
    await wait(1100);
    const browser = await browserPost(form.slug, {
      ...(person() as Record<string, string>),
      _ts: token,
      _hp: 'x',
    });
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe(`/forms/${form.slug}?sent=1`);
    expect(
      await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [form.id]),
    ).toBe(0);
    expect(await countOf('SELECT count(*)::int AS n FROM leads')).toBe(leads);
  });

  it('refuses a browser post sent faster than a person types, or without or with a forged time; never a JSON post', async () => {
    const form = await makeForm();
    const fields = person() as Record<string, string>;
    const fresh = await browserPost(form.slug, { ...fields, _ts: await pageToken(form.slug) });
    expect(fresh.statusCode).toBe(422);
    expect(fresh.body).toContain('quicker than a person types');
    expect((await browserPost(form.slug, fields)).statusCode).toBe(422);
    const token = await pageToken(form.slug);
    const forged = `${Number(token.split('.')[0]) - 60_000}.${token.split('.')[1]}`;
    expect((await browserPost(form.slug, { ...fields, _ts: forged })).statusCode).toBe(422);
    // Another form's token does not open this one.
    const other = await makeForm();
    const otherToken = await pageToken(other.slug);
    await wait(1100);
    expect((await browserPost(form.slug, { ...fields, _ts: otherToken })).statusCode).toBe(422);
    expect(
      await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [form.id]),
    ).toBe(0);
    // A script posting JSON has no page to wait on.
    expect((await submit(form.slug, person())).statusCode).toBe(201);
  });

  it('limits submissions per address: a burst gets 429 with Retry-After beyond the limit', async () => {
    const form = await makeForm();
    const burst = await Promise.all(
      Array.from({ length: PER_ADDRESS + 3 }, (_, i) =>
        submit(form.slug, person({ emails: `burst${i}@example.test` }), { remoteAddress: '198.51.100.9' }),
      ),
    );
    const codes = burst.map((r) => r.statusCode);
    expect(codes.filter((s) => s === 201)).toHaveLength(PER_ADDRESS);
    const limited = burst.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(3);
    for (const r of limited) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    expect(
      await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [form.id]),
    ).toBe(PER_ADDRESS);
    // Another address is not held back.
    expect((await submit(form.slug, person())).statusCode).toBe(201);
  });

  it('limits submissions per form, whatever the addresses', async () => {
    const form = await makeForm();
    const burst = await Promise.all(
      Array.from({ length: PER_FORM + 4 }, (_, i) =>
        submit(form.slug, person({ emails: `f${i}@example.test` })),
      ),
    );
    expect(burst.filter((r) => r.statusCode === 201)).toHaveLength(PER_FORM);
    expect(burst.filter((r) => r.statusCode === 429)).toHaveLength(4);
    const other = await makeForm();
    expect((await submit(other.slug, person())).statusCode).toBe(201);
  });

  it('refuses a body over the size limit with 413 and too many fields with 422', async () => {
    const form = await makeForm();
    const big = await submit(form.slug, person({ description: 'x'.repeat(BODY_LIMIT) }));
    expect(big.statusCode).toBe(413);
    const bigBrowser = await browserPost(form.slug, { description: 'x'.repeat(BODY_LIMIT) });
    expect(bigBrowser.statusCode).toBe(413);
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`f${i}`, 'x']));
    expect((await submit(form.slug, { ...person(), ...many })).statusCode).toBe(422);
    expect(
      await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [form.id]),
    ).toBe(0);
  });

  it('flags an address at a disposable mail domain, on the submission and as a tag of the lead', async () => {
    const form = await makeForm();
    const res = await submit(form.slug, person({ emails: 'someone@mailinator.com' }));
    const sub = (await admin.get(`/api/v1/intake/${res.json().id}`)).json();
    expect(sub.flags).toEqual(['disposable_email']);
    expect((await admin.get(`/api/v1/leads/${sub.leadId}`)).json().tags).toEqual([DISPOSABLE_TAG]);
  });

  it('answers CORS only for the allowed origins', async () => {
    const form = await makeForm({ allowedOrigins: ['https://shop.example.test'] });
    const allowed = await submit(form.slug, person(), { headers: { origin: 'https://shop.example.test' } });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.test');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/forms/${form.slug}`,
      headers: { origin: 'https://shop.example.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example.test');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');

    const before = await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [
      form.id,
    ]);
    const foreign = await submit(form.slug, person(), { headers: { origin: 'https://evil.example.test' } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const foreignPreflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/forms/${form.slug}`,
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    });
    expect(foreignPreflight.statusCode).toBe(403);
    expect(foreignPreflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(
      await countOf('SELECT count(*)::int AS n FROM intake_submissions WHERE form_id = $1', [form.id]),
    ).toBe(before);
    // The page posting to itself is not a cross-origin request.
    const self = await submit(form.slug, person(), { headers: { origin: 'http://localhost:80' } });
    expect(self.statusCode).toBe(201);
  });
});

describe('a submission the lead rules refuse', () => {
  it('is kept as needing attention with the reasons, then made a lead after a correction and a retry', async () => {
    // No sales direction on the form: every lead needs one.
    const form = await makeForm({ salesDirectionId: null });
    const leads = await countOf('SELECT count(*)::int AS n FROM leads');
    const res = await submit(form.slug, person({ emails: 'kept@example.test' }));
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect(await countOf('SELECT count(*)::int AS n FROM leads')).toBe(leads);
    const failed = (await admin.get('/api/v1/intake?state=failed')).json();
    const mine = failed.items.find((s: { id: string }) => s.id === id);
    expect(mine).toMatchObject({
      state: 'failed',
      leadId: null,
      attempts: 1,
      payload: { emails: 'kept@example.test' },
    });
    expect(mine.errors).toEqual([expect.objectContaining({ field: 'salesDirectionId', code: 'required' })]);
    expect(
      (await admin.get('/api/v1/intake?state=done')).json().items.map((s: { id: string }) => s.id),
    ).not.toContain(id);

    // A correction that is still wrong: refused again with its reason, still kept.
    const wrong = await admin.patch(`/api/v1/intake/${id}`, {
      corrections: { salesDirectionId: c.products.backup },
    });
    expect(wrong.statusCode).toBe(200);
    const again = (await admin.post(`/api/v1/intake/${id}/retry`)).json();
    expect(again).toMatchObject({ state: 'failed', attempts: 2 });
    expect(again.errors[0]).toMatchObject({ field: 'salesDirectionId', code: 'not_found' });

    expect(
      (await admin.patch(`/api/v1/intake/${id}`, { corrections: { salesDirectionId: 'nope' } })).statusCode,
    ).toBe(422);
    await admin.patch(`/api/v1/intake/${id}`, { corrections: { salesDirectionId: c.directions.hardware } });
    // Two retries at once make one lead.
    const retries = await Promise.all([1, 2, 3].map(() => admin.post(`/api/v1/intake/${id}/retry`)));
    expect(retries.filter((r) => r.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of retries) expect([200, 409]).toContain(r.statusCode);
    const done = (await admin.get(`/api/v1/intake/${id}`)).json();
    expect(done.state).toBe('done');
    expect(await countOf('SELECT count(*)::int AS n FROM leads')).toBe(leads + 1);
    const lead = (await admin.get(`/api/v1/leads/${done.leadId}`)).json();
    expect(lead).toMatchObject({ salesDirectionId: c.directions.hardware, emails: ['kept@example.test'] });
    expect((await admin.post(`/api/v1/intake/${id}/retry`)).statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/intake/${id}`, { corrections: {} })).statusCode).toBe(409);
  });

  it('is also made a lead when the administrator fixes the form instead', async () => {
    const form = await makeForm({ salesDirectionId: null });
    const id = (await submit(form.slug, person())).json().id;
    expect((await admin.get(`/api/v1/intake/${id}`)).json().state).toBe('failed');
    await admin.patch(`/api/v1/web-forms/${form.id}`, { salesDirectionId: c.directions.cloud });
    const done = (await admin.post(`/api/v1/intake/${id}/retry`)).json();
    expect(done.state).toBe('done');
    expect((await admin.get(`/api/v1/leads/${done.leadId}`)).json().salesDirectionId).toBe(
      c.directions.cloud,
    );
  });

  it('stored together, are made leads together as one after the other would be', async () => {
    const form = await makeForm({
      fields: [
        { key: 'firstName' },
        { key: 'lastName', required: true },
        { key: 'emails', required: true },
        { key: 'leadCompanyName' },
        { key: 'companyTin' },
        { key: 'companyWebsite' },
      ],
      consentText: null,
    });
    const undirected = await makeForm({ salesDirectionId: null, consentText: null });
    const repo = createSubmissionsRepository(t.db);
    const store = (formId: string, payload: Record<string, string>, flags: string[] = []) =>
      repo.insert({
        formId,
        payload,
        remoteAddress: '192.0.2.9',
        userAgent: null,
        consentText: null,
        consentVersion: null,
        flags,
      });
    // What a burst leaves for the queue: stored, none made a lead yet.
    const ids = [
      await store(form.id, { firstName: 'Tove', lastName: 'Berg', emails: 'tove@berg.test' }),
      await store(form.id, { firstName: 'Rolf', lastName: 'Refused', emails: 'refused@example.test' }),
      await store(undirected.id, { firstName: 'No', lastName: 'Direction', emails: 'nodir@example.test' }),
      await store(form.id, {
        firstName: 'Hanna',
        lastName: 'Holm',
        emails: 'holm@holm-ab.test',
        leadCompanyName: 'Holm AB',
        companyTin: '5560360793',
        companyWebsite: 'https://holm-ab.test',
      }),
      await store(form.id, { firstName: 'Tove', lastName: 'Berg', emails: 'tove@berg.test' }),
      await store(form.id, { firstName: 'Tim', lastName: 'Throwaway', emails: 'x@mailinator.com' }, [
        'disposable_email',
      ]),
    ];
    await t.db.query(
      `UPDATE intake_submissions SET payload = payload || '{"emails": "not an address"}' WHERE id = $1`,
      [ids[1]],
    );
    expect(await t.app.services.intake.queue.resumeStalled()).toBeGreaterThanOrEqual(ids.length);
    const subs = await Promise.all(ids.map(async (id) => (await admin.get(`/api/v1/intake/${id}`)).json()));
    expect(subs.map((s) => s.state)).toEqual(['done', 'failed', 'failed', 'done', 'done', 'done']);
    expect(subs[1].errors).toEqual([expect.objectContaining({ field: 'emails.0', code: 'invalid_email' })]);
    expect(subs[2].errors).toEqual([
      expect.objectContaining({ field: 'salesDirectionId', code: 'required' }),
    ]);
    const leads = await Promise.all(
      [0, 3, 4, 5].map(async (i) => (await admin.get(`/api/v1/leads/${subs[i].leadId}`)).json()),
    );
    // The same person twice: one contact, created by the first and matched by the second.
    expect(leads[0].contactId).toBeTruthy();
    expect(leads[2].contactId).toBe(leads[0].contactId);
    expect(leads[1]).toMatchObject({ prospectType: 'company', companyTin: '5560360793' });
    expect(leads[3].tags).toEqual([DISPOSABLE_TAG]);
    for (const [i, lead] of leads.entries()) {
      expect(lead).toMatchObject({ sourceId: c.sources.web, ownerId: sales.userId, unitId });
      const timeline = (await admin.get(`/api/v1/leads/${lead.id}/timeline`)).json().items;
      expect(timeline.find((e: { kind: string }) => e.kind === 'submitted').payload).toMatchObject({
        formId: form.id,
        submissionId: subs[[0, 3, 4, 5][i]].id,
        consent: null,
      });
    }
  });

  it('stored by a process that stopped before making its lead, is made a lead at the next start', async () => {
    const form = await makeForm();
    // What a process leaves when it stops right after storing a submission.
    const id = await createSubmissionsRepository(t.db).insert({
      formId: form.id,
      payload: { firstName: 'Ines', lastName: 'Moreau', emails: 'ines@example.test' },
      remoteAddress: '192.0.2.1',
      userAgent: null,
      consentText: null,
      consentVersion: null,
      flags: [],
    });
    expect(
      (await admin.get(`/api/v1/intake?state=received`)).json().items.map((s: { id: string }) => s.id),
    ).toContain(id);
    expect(await t.app.services.intake.queue.resumeStalled()).toBeGreaterThanOrEqual(1);
    const sub = (await admin.get(`/api/v1/intake/${id}`)).json();
    expect(sub.state).toBe('done');
    expect((await admin.get(`/api/v1/leads/${sub.leadId}`)).json().lastName).toBe('Moreau');
  });
});
