import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';
import { EXPORT_PAGE } from './lead-export';

let t: TestApp;
let admin: Client;
let sales: Client;
let partner: Client;
let c: Catalog;
let unitA: string;
const ids: Record<string, string> = {};

/** The CSV as a spreadsheet program reads it: the BOM checked and stripped, then rows of cells. */
function rowsOf(res: { statusCode: number; rawPayload: Buffer; body: string }) {
  expect(res.statusCode, res.body).toBe(200);
  expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(res.rawPayload.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
}
const column = (rows: string[][], label: string) => {
  const i = rows[0].indexOf(label);
  expect(i, `column ${label}`).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[i]);
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  unitA = (await admin.post('/api/v1/units', { name: 'North' })).json().id;
  const unitB = (await admin.post('/api/v1/units', { name: 'South' })).json().id;
  sales = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
  partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerA });
  const mk = async (key: string, extra: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/leads', validLead(c, { name: key, ...extra }));
    if (res.statusCode !== 201) throw new Error(`${key}: ${res.body}`);
    ids[key] = res.json().id;
  };
  await mk('Mine', { ownerId: sales.userId, tags: ['VIP'] });
  await mk('North queue', {
    unitId: unitA,
    sourceId: c.sources.web,
    leadCompanyName: 'Müller & Søn — "Отдел", продаж',
  });
  await mk('South queue', { unitId: unitB });
  await mk('Partner deal', {
    partnershipAgreementId: c.agreements.cloudAgreement,
    productId: c.products.cloudHosting,
  });
  await mk('=HYPERLINK("http://evil.test","Click")', {
    unitId: unitB,
    leadCompanyName: '+cmd|" /C calc"!A0',
    customerRequirements: '-2+3',
    contentChannel: '@SUM(1+1)',
    externalClientId: '\t=1+1',
    jobTitle: '\r=1+1',
    department: 'Sales = growth',
  });
  await mk('Switched off', { ownerId: sales.userId });
  await admin.post(`/api/v1/leads/${ids['Switched off']}/actions/deactivate`, {});
});
afterAll(() => t.close());

describe('lead export as CSV', () => {
  it('answers a UTF-8 CSV with a BOM, a header row of labels and the default columns', async () => {
    const res = await admin.get('/api/v1/leads/export.csv?sort=name');
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = rowsOf(res);
    expect(rows[0]).toEqual([
      'Number',
      'Name',
      'Status',
      'Lead source',
      'Owner',
      'Unit',
      'Company name',
      'Lead company name',
      'First name',
      'Last name',
      'Emails',
      'Phones',
      'Sales direction',
      'Target amount',
      'Currency',
      'Expected completion date',
      'Created',
    ]);
    // The same leads the list shows for the same query, in its order.
    const list = await admin.get('/api/v1/leads?sort=name&limit=100');
    expect(column(rows, 'Number')).toEqual(list.json().items.map((l: { number: string }) => l.number));
    expect(column(rows, 'Name')).not.toContain('Switched off');
    // References are shown by their names.
    const mine = rows.find((r) => r[1] === 'Mine')!;
    expect(mine[rows[0].indexOf('Status')]).toBe('To be processed');
    const owner = (await admin.get(`/api/v1/users/${sales.userId}`)).json().name;
    expect(mine[rows[0].indexOf('Owner')]).toBe(owner);
    expect(mine[rows[0].indexOf('Sales direction')]).toBe('Cloud');
    expect(rows.find((r) => r[1] === 'North queue')![rows[0].indexOf('Unit')]).toBe('North');
    expect(rows.find((r) => r[1] === 'North queue')![rows[0].indexOf('Lead source')]).toBe('Website form');
    // Text outside ASCII, quotes and separators survive the trip.
    expect(column(rows, 'Lead company name')).toContain('Müller & Søn — "Отдел", продаж');
  });

  it('takes the columns asked for, in that order, and refuses an unknown one naming it', async () => {
    const rows = rowsOf(await admin.get('/api/v1/leads/export.csv?columns=name,tags,number&sort=name'));
    expect(rows[0]).toEqual(['Name', 'Tags', 'Number']);
    expect(rows.find((r) => r[0] === 'Mine')![1]).toBe('VIP');
    const repeated = rowsOf(await admin.get('/api/v1/leads/export.csv?columns=name&columns=owner'));
    expect(repeated[0]).toEqual(['Name', 'Owner']);

    const bad = await admin.get('/api/v1/leads/export.csv?columns=name,password');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .join(),
    ).toMatch(/columns/);
  });

  it('applies the list filters and view', async () => {
    const names = (res: Parameters<typeof rowsOf>[0]) => column(rowsOf(res), 'Name').sort();
    expect(names(await admin.get(`/api/v1/leads/export.csv?ownerId=${sales.userId}`))).toEqual(['Mine']);
    expect(names(await admin.get(`/api/v1/leads/export.csv?sourceId=${c.sources.web}`))).toEqual([
      'North queue',
    ]);
    expect(names(await admin.get('/api/v1/leads/export.csv?view=inactive'))).toEqual(['Switched off']);
    expect(names(await admin.get('/api/v1/leads/export.csv?q=partner'))).toEqual(['Partner deal']);
    expect(names(await admin.get('/api/v1/leads/export.csv?tag=vip'))).toEqual(['Mine']);
    expect(names(await admin.get('/api/v1/leads/export.csv?phase=won'))).toEqual([]);
    expect((await admin.get('/api/v1/leads/export.csv?phase=nonsense')).statusCode).toBe(400);
  });

  it('exports only the selected leads with ids=, still within the filters', async () => {
    const sel = `${ids['Mine']},${ids['South queue']}`;
    const rows = rowsOf(await admin.get(`/api/v1/leads/export.csv?ids=${sel}&columns=name`));
    expect(column(rows, 'Name').sort()).toEqual(['Mine', 'South queue']);
    const narrowed = rowsOf(
      await admin.get(`/api/v1/leads/export.csv?ids=${sel}&ownerId=${sales.userId}&columns=name`),
    );
    expect(column(narrowed, 'Name')).toEqual(['Mine']);
    const bad = await admin.get('/api/v1/leads/export.csv?ids=not-a-uuid');
    expect(bad.statusCode).toBe(400);
  });

  it('holds only the leads the user may see: team visibility, partners, other roles', async () => {
    expect((await admin.patch('/api/v1/settings', { visibility: 'team' })).statusCode).toBe(200);
    try {
      const mine = column(rowsOf(await sales.get('/api/v1/leads/export.csv?columns=name')), 'Name');
      expect(mine.sort()).toEqual(['Mine', 'North queue']);
      // A selection naming another team's lead does not bring it in.
      const sel = column(
        rowsOf(
          await sales.get(`/api/v1/leads/export.csv?columns=name&ids=${ids['South queue']},${ids['Mine']}`),
        ),
        'Name',
      );
      expect(sel).toEqual(['Mine']);
      const theirs = column(rowsOf(await partner.get('/api/v1/leads/export.csv?columns=name')), 'Name');
      expect(theirs).toEqual(['Partner deal']);
      const xlsx = await partner.get('/api/v1/leads/export.xlsx?columns=name');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
      const values = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
      expect(values.map((r) => r[1])).toEqual(['Name', 'Partner deal']);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
    // Another partner company's employee gets the header row and nothing else.
    const other = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerB });
    expect(rowsOf(await other.get('/api/v1/leads/export.csv?columns=name'))).toEqual([['Name']]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/leads/export.csv' })).statusCode).toBe(401);
  });

  it('is safe against formula injection: cells starting with = + - @ tab or CR begin with an apostrophe', async () => {
    const rows = rowsOf(
      await admin.get(
        `/api/v1/leads/export.csv?ids=${ids['=HYPERLINK("http://evil.test","Click")']}&columns=name,leadCompanyName,customerRequirements,contentChannel,externalClientId,jobTitle,department`,
      ),
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      `'=HYPERLINK("http://evil.test","Click")`,
      `'+cmd|" /C calc"!A0`,
      `'-2+3`,
      `'@SUM(1+1)`,
      // Text fields are trimmed on save, so the tab and the carriage return did not survive; the = did.
      `'=1+1`,
      `'=1+1`,
      'Sales = growth',
    ]);
  });
});

describe('lead export as XLSX', () => {
  it('answers a workbook with the header row and the same rows as the CSV', async () => {
    const res = await admin.get('/api/v1/leads/export.xlsx?columns=number,name,owner,targetAmount&sort=name');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Leads')!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Number', 'Name', 'Owner', 'Target amount']);
    const csv = rowsOf(await admin.get('/api/v1/leads/export.csv?columns=number,name&sort=name'));
    expect(rows.slice(1).map((r) => r[1])).toEqual(csv.slice(1).map((r) => r[1]));
    // A would-be formula is text, not a formula.
    const evil = rows.find((r) => String(r[1]).includes('HYPERLINK'))!;
    expect(evil[1]).toBe(`'=HYPERLINK("http://evil.test","Click")`);
  });
});

describe('an export larger than one page', () => {
  it('walks every keyset page once: each lead exactly once, in the list order', async () => {
    const [{ id: status }] = await t.db.query<{ id: string }>(
      `SELECT id FROM lead_statuses WHERE phase = 'new' ORDER BY position LIMIT 1`,
    );
    const extra = EXPORT_PAGE * 2 + 37;
    await t.db.query(
      `INSERT INTO leads (name, source_id, sales_direction_id, status_id, phase, start_date, owner_id)
       SELECT 'Bulk ' || lpad(g::text, 5, '0'), $1, $2, $3, 'new', current_date, $4
         FROM generate_series(1, $5::int) AS g`,
      [c.sources.api, c.directions.cloud, status, sales.userId, extra],
    );
    const rows = rowsOf(
      await admin.get(`/api/v1/leads/export.csv?columns=number,name&sort=name&ownerId=${sales.userId}`),
    );
    const names = column(rows, 'Name');
    expect(names).toHaveLength(extra + 1);
    expect(new Set(column(rows, 'Number')).size).toBe(extra + 1);
    expect(names).toEqual([...names].sort());
    const xlsx = await admin.get(`/api/v1/leads/export.xlsx?columns=name&ownerId=${sales.userId}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].actualRowCount).toBe(extra + 2);
  });
});
