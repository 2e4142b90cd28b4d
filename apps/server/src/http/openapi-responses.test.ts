import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../test/harness';
import { seedCatalog, validLead, type Catalog } from '../modules/leads/lead-fixtures';

/**
 * The answers match the API document the server publishes (/api/v1/openapi.json, shown at /api/docs):
 * a sample of answers of every GET route (each record route with a record its list gives), and of the
 * lead writes, validated against the document's response schema for their route and status.
 */

let t: TestApp;
let admin: Client;
let c: Catalog;
let doc: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
let ajv: Ajv;
let scanId: string | undefined;
const validators = new Map<string, ValidateFunction>();

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The document's path template a URL falls under (the most specific: fixed segments win over {id}). */
function templateOf(url: string): string | undefined {
  const path = url.split('?')[0];
  const matches = Object.keys(doc.paths).filter((p) =>
    new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  return matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

/** Sends a request and checks a 2xx JSON answer against the document; returns the answer. */
async function call(client: Client, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const res = await client.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  if (res.statusCode >= 300 || !String(res.headers['content-type']).startsWith('application/json'))
    return res;
  const template = templateOf(url);
  expect(template, `${method} ${url} is in the document`).toBeDefined();
  const op = doc.paths[template!][method.toLowerCase()];
  expect(op, `${method} ${template} is in the document`).toBeDefined();
  const status = String(res.statusCode);
  const response = (op.responses?.[status] ?? op.responses?.['2XX']) as
    { content?: Record<string, { schema?: unknown }> } | undefined;
  expect(
    response?.content?.['application/json']?.schema,
    `${method} ${template} ${status} has a schema`,
  ).toBeDefined();
  const ref = `openapi#/paths/${pointer(template!)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  const ok = validate(res.json());
  expect(ok ? [] : validate.errors, `${method} ${url} ${status} against ${template}`).toEqual([]);
  checked.add(`${method} ${template}`);
  return res;
}
const checked = new Set<string>();

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');
}, 300_000);
afterAll(() => t.close());

describe('answers match the published API document', () => {
  it('lead writes', async () => {
    const created = await call(admin, 'POST', '/api/v1/leads', {
      ...validLead(c, { name: 'Document check' }),
      newContact: true,
      firstName: 'Dora',
      lastName: 'Check',
      emails: ['dora@check.test'],
      phones: ['+33 6 12 34 56 78'],
      tags: ['Inbound'],
      targetAmount: { amount: '1200.50', currency: 'EUR' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect(
      (await call(admin, 'PATCH', `/api/v1/leads/${id}`, { description: '<p>Hello</p>' })).statusCode,
    ).toBe(200);
    expect((await call(admin, 'POST', `/api/v1/leads/${id}/comments`, { body: 'A note' })).statusCode).toBe(
      201,
    );
    const batch = await call(admin, 'POST', '/api/v1/leads/batch', {
      items: [validLead(c, { name: 'Batch one' }), { name: '' }],
    });
    expect(batch.statusCode).toBe(200);
    expect((await call(admin, 'POST', '/api/v1/companies', { name: 'Document Co' })).statusCode).toBe(201);
    expect(
      (await call(admin, 'POST', '/api/v1/contacts', { firstName: 'Con', lastName: 'Tact' })).statusCode,
    ).toBe(201);
    const scan = await call(admin, 'POST', '/api/v1/duplicate-scans', { fields: ['emails'] });
    expect(scan.statusCode).toBe(202);
    scanId = scan.json<{ id: string }>().id;
    // One record of each kind a fresh database lacks, so that its record routes are read below.
    const template = await call(admin, 'POST', '/api/v1/templates', {
      name: 'Document template',
      channel: 'email',
      subject: 'Hello {{ lead.name }}',
      body: 'Hello',
    });
    expect(template.statusCode, template.body).toBe(201);
    const made = [
      await call(admin, 'POST', '/api/v1/communication-rules', {
        name: 'Document rule',
        event: 'created',
        templateId: template.json<{ id: string }>().id,
        recipient: 'owner',
        active: false,
      }),
      await call(admin, 'POST', '/api/v1/webhooks', {
        url: 'https://hooks.example.com/leadline',
        events: ['lead.created'],
        active: false,
      }),
      await call(admin, 'POST', `/api/v1/leads/${id}/activities`, {
        type: 'task',
        subject: 'Call back',
        dueAt: '2031-01-02T12:00:00Z',
      }),
      await call(admin, 'POST', '/api/v1/scoring-rules', {
        name: 'Document score',
        condition: true,
        points: 1,
        active: false,
      }),
      await call(admin, 'POST', '/api/v1/assignment-rules', {
        name: 'Document routing',
        target: { userId: admin.userId },
        active: false,
      }),
    ];
    for (const res of made) expect(res.statusCode, res.body).toBe(201);
    await t.db.query(
      `INSERT INTO opportunities (name, responsible_id, originating_lead_id) VALUES ('Document deal', $1, $2)`,
      [admin.userId, id],
    );
  });

  it('every GET route the document lists, with a record from its list for the record routes', async () => {
    const lead = (await admin.get('/api/v1/leads?limit=1')).json<{ items: { id: string }[] }>().items[0];
    const gets = Object.entries(doc.paths)
      .filter(([p, ops]) => p.startsWith('/api/v1/') && ops.get)
      .map(([p]) => p);
    const unsampled: string[] = [];
    for (const template of gets) {
      let url = template;
      if (url.includes('{')) {
        // A record route takes a record of its list (a lead's sub-routes take the lead).
        const m = /^(.*)\/\{id\}(\/.*)?$/.exec(template);
        if (!m || template.includes('{', template.indexOf('{id}') + 1)) {
          unsampled.push(template);
          continue;
        }
        let id: string | undefined;
        if (m[1] === '/api/v1/leads') id = lead.id;
        // Duplicate scans have no list: the scan started above.
        else if (m[1] === '/api/v1/duplicate-scans') id = scanId;
        else {
          const list = await admin.get(`${m[1]}?limit=1`);
          id =
            list.statusCode === 200 ? list.json<{ items?: { id?: string }[] }>().items?.[0]?.id : undefined;
          // An empty catalogue gets a record of its own (the POST's answer is checked as well).
          if (!id && doc.paths[m[1]]?.post) {
            const made = await call(admin, 'POST', m[1], { name: `Sample ${m[1].split('/').pop()}` });
            id = made.statusCode < 300 ? made.json<{ id?: string }>().id : undefined;
          }
        }
        if (!id) {
          unsampled.push(template);
          continue;
        }
        url = template.replace('{id}', id);
      }
      const res = await call(admin, 'GET', url);
      expect(res.statusCode, `GET ${url}`).toBeLessThan(500);
    }
    const sampled = gets.filter((g) => checked.has(`GET ${g}`));
    console.info(
      `API document: ${sampled.length} of ${gets.length} GET routes answered and matched; ` +
        `not sampled (no record to read, or not JSON): ${gets.filter((g) => !checked.has(`GET ${g}`)).join(', ')}`,
    );
    // Nearly every GET route is sampled; those left out have no record in a fresh database.
    expect(sampled.length).toBeGreaterThan(gets.length * 0.75);
    expect(checked).toContain('GET /api/v1/leads/{id}');
    expect(checked).toContain('GET /api/v1/leads');
    expect(checked).toContain('GET /api/v1/leads/summary');
  });
});
