import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

/** A local stand-in for DaData's suggestions API, answering as the real one does. */
type Mode = 'ok' | 'slow' | 'fail';
let mode: Mode = 'ok';
const seen: { path: string; authorization?: string; query: string }[] = [];
let fake: Server;
let baseUrl = '';

const party = (inn: string, status: string) => ({
  value: 'ООО "РОМАШКА"',
  unrestricted_value: 'ООО "РОМАШКА"',
  data: {
    inn,
    kpp: '770701001',
    ogrn: '1027700132195',
    opf: { code: '12300', full: 'Общество с ограниченной ответственностью', short: 'ООО' },
    name: {
      full_with_opf: 'ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "РОМАШКА"',
      short_with_opf: 'ООО "Ромашка"',
    },
    okved: '62.01',
    state: { status, actuality_date: 1700000000000 },
    address: {
      value: 'г Москва, ул Вавилова, д 19',
      data: { postal_code: '117312', country: 'Россия', region_with_type: 'г Москва', city: 'Москва' },
    },
  },
});

async function body(req: IncomingMessage) {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return JSON.parse(s || '{}') as { query: string };
}

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  fake = createServer((req, res) => {
    void body(req).then((b) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, query: b.query });
      const send = () => {
        if (mode === 'fail') {
          res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Bad gateway"}');
          return;
        }
        const known = b.query.startsWith('77') || b.query.includes('@romashka');
        const suggestions = known
          ? [
              party(
                b.query.includes('@') ? '7701000001' : b.query,
                b.query.endsWith('9') ? 'LIQUIDATED' : 'ACTIVE',
              ),
            ]
          : [];
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ suggestions }));
      };
      if (mode === 'slow') setTimeout(send, 2000);
      else send();
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/suggestions/api/4_1/rs`;
  t = await createTestApp({
    env: {
      LEADLINE_ENRICHMENT_TIMEOUT_MS: '300',
      LEADLINE_ENRICHMENT_BREAKER_FAILURES: '3',
      LEADLINE_ENRICHMENT_BREAKER_COOLDOWN_MS: '400',
    },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(async () => {
  await t.close();
  fake.closeAllConnections();
  await new Promise((r) => fake.close(r));
});

let people = 0;
const newCompanyLead = (tin: string, extra: Record<string, unknown> = {}) =>
  validLead(c, {
    companyId: null,
    contactId: null,
    newContact: true,
    firstName: 'Olga',
    lastName: `Petrova ${++people}`,
    newCompany: true,
    companyName: 'Romashka',
    companyWebsite: 'romashka.test',
    companyTin: tin,
    ...extra,
  });
const lookUp = (tin: string, who: Client = admin) => who.get(`/api/v1/enrichment/company?tin=${tin}`);
const enable = (extra: Record<string, unknown> = {}) =>
  admin.patch('/api/v1/settings', {
    enrichment: { enabled: true, baseUrl, apiKey: 'dadata-key', ...extra },
  });

describe('company enrichment', () => {
  it('is off by default: nothing found, no company created, the register never asked', async () => {
    expect((await admin.get('/api/v1/settings')).json().enrichment.enabled).toBe(false);
    const off = await lookUp('7707083893');
    expect(off.statusCode).toBe(200);
    expect(off.json()).toEqual({ company: null });
    const res = await admin.post('/api/v1/leads', newCompanyLead('7701111112'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ companyId: null, newCompany: true });
    expect(seen).toEqual([]);
  });

  it('finds a party by TIN for CRM users, asks once and then answers from the cache', async () => {
    const set = await enable();
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().enrichment.apiKey).toBe('***');
    const bad = await lookUp('12ab');
    expect(bad.statusCode).toBe(400);
    const sales = await userWith(t.app, admin, ['crm_sales']);
    const res = await lookUp('7707083893', sales);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().company).toEqual({
      name: 'ООО "Ромашка"',
      tin: '7707083893',
      legalForm: 'ООО',
      address: {
        street: 'г Москва, ул Вавилова, д 19',
        postalCode: '117312',
        city: 'Москва',
        region: 'г Москва',
        country: 'Россия',
      },
      industryCode: '62.01',
      status: 'active',
    });
    expect(seen).toEqual([
      {
        path: '/suggestions/api/4_1/rs/findById/party',
        authorization: 'Token dadata-key',
        query: '7707083893',
      },
    ]);
    expect((await lookUp('7707083893')).json().company.name).toBe('ООО "Ромашка"');
    expect(seen).toHaveLength(1);
    // Unknown to the register: null, cached too.
    expect((await lookUp('5001234567')).json()).toEqual({ company: null });
    expect((await lookUp('5001234567')).json()).toEqual({ company: null });
    expect(seen).toHaveLength(2);
  });

  it('creates and links the company a lead saved with an unknown TIN names, with its register data', async () => {
    const res = await admin.post('/api/v1/leads', newCompanyLead('7712345679'));
    expect(res.statusCode, res.body).toBe(201);
    const lead = res.json<{ id: string; companyId: string; newCompany: boolean }>();
    expect(lead.newCompany).toBe(false);
    const company = (await admin.get(`/api/v1/companies/${lead.companyId}`)).json();
    expect(company).toMatchObject({
      name: 'ООО "Ромашка"',
      tin: '7712345679',
      website: 'https://romashka.test',
      legalForm: 'ООО',
      industryCode: '62.01',
      registerStatus: 'liquidated',
      address: { city: 'Москва', postalCode: '117312' },
    });
    // A TIN set later on a saved lead is asked too.
    const other = await admin.post('/api/v1/leads', newCompanyLead('5001234568'));
    expect(other.json()).toMatchObject({ companyId: null, newCompany: true });
    const before = seen.length;
    const changed = await admin.patch(`/api/v1/leads/${other.json().id}`, { companyTin: '7733333333' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ newCompany: false });
    expect(seen.length).toBe(before + 1);
    const linked = (await admin.get(`/api/v1/companies/${changed.json().companyId}`)).json();
    expect(linked).toMatchObject({ tin: '7733333333', registerStatus: 'active' });
  });

  it('looks the company up by e-mail when the TIN is unknown and "company by e-mail" is on', async () => {
    await enable({ companyByEmail: true });
    const res = await admin.post(
      '/api/v1/leads',
      newCompanyLead('5009999990', { emails: 'olga@romashka.ru' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().newCompany).toBe(false);
    expect(seen.at(-1)).toMatchObject({
      path: '/suggestions/api/4_1/rs/findByEmail/company',
      query: 'olga@romashka.ru',
    });
    await enable({ companyByEmail: false });
  });

  it('saves without enrichment when the register is too slow', async () => {
    mode = 'slow';
    const res = await admin.post('/api/v1/leads', newCompanyLead('7711111111'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ companyId: null, newCompany: true });
    // Nothing was cached for it: the register is asked again next time.
    mode = 'ok';
    expect((await lookUp('7711111111')).json().company.tin).toBe('7711111111');
  });

  it('opens the breaker after failures in a row, then lets one trial through after the cool-down', async () => {
    mode = 'fail';
    const before = seen.length;
    for (const tin of ['7720000001', '7720000002', '7720000003'])
      expect((await lookUp(tin)).json()).toEqual({ company: null });
    expect(seen.length).toBe(before + 3);
    // Open: neither the endpoint nor a save asks the register.
    expect((await lookUp('7720000004')).json()).toEqual({ company: null });
    const saved = await admin.post('/api/v1/leads', newCompanyLead('7720000005'));
    expect(saved.statusCode).toBe(201);
    expect(saved.json().newCompany).toBe(true);
    expect(seen.length).toBe(before + 3);
    await new Promise((r) => setTimeout(r, 500));
    // Half-open: one trial, which fails and opens it again.
    expect((await lookUp('7720000006')).json()).toEqual({ company: null });
    expect(seen.length).toBe(before + 4);
    expect((await lookUp('7720000007')).json()).toEqual({ company: null });
    expect(seen.length).toBe(before + 4);
    await new Promise((r) => setTimeout(r, 500));
    mode = 'ok';
    // The trial succeeds: closed again, every call goes out.
    expect((await lookUp('7720000008')).json().company.tin).toBe('7720000008');
    expect((await lookUp('7720000001')).json().company.tin).toBe('7720000001');
    expect(seen.length).toBe(before + 6);
  });
});
