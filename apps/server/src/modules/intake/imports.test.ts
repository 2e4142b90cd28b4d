import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';
import { finished, upload, windows1251 } from './import-fixtures';

let t: TestApp;
let admin: Client;
let sales: Client;
let c: Catalog;
let dataDir: string;
const MAX_BYTES = 200_000;

const mapping = {
  Name: 'name',
  'First name': 'firstName',
  'Last name': 'lastName',
  Email: 'emails',
  Phone: 'phones',
  Direction: 'salesDirectionId',
  TIN: 'companyTin',
  Probability: 'probability',
  City: 'address.city',
};
const header = 'Name;First name;Last name;Email;Phone;Direction;TIN;Probability;City';

let seq = 0;
/** A file's rows with addresses unique to this test, so that tests never match each other's leads. */
const person = (tag: string) => `${tag}-${++seq}@import.test`;

const leadsWithEmails = async (emails: string[]) =>
  (
    await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE emails && $1::text[]', [
      emails,
    ])
  )[0].n;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-import-'));
  t = await createTestApp({
    env: {
      LEADLINE_DATA_DIR: dataDir,
      LEADLINE_IMPORT_CHUNK_ROWS: '3',
      LEADLINE_IMPORT_MAX_BYTES: String(MAX_BYTES),
    },
    jobPollingSeconds: 0.5,
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  sales = await userWith(t.app, admin, ['crm_sales']);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('an import that keeps the good rows', () => {
  it('creates a lead per good row by the rules of a save and reports every refused row with its line, column and reason', async () => {
    const e = Array.from({ length: 7 }, () => person('keep'));
    const csv = [
      header,
      `Cloud move;Anna;Berg;${e[0]};+49 30 1234567;Cloud;;40;Berlin`,
      `Backup deal;Ben;Carr;${e[1]};;${c.directions.hardware};;;`,
      `Bad mail;Cid;Dorn;not-an-email;;Cloud;;;`,
      `Bad TIN;Dan;Ek;${e[3]};;Cloud;12AB;;`,
      `Unknown direction;Eve;Fox;${e[4]};;Gardening;;;`,
      `;Fay;Gil;${e[5]};;Cloud;;;`,
      `Out of range;Gus;Hale;${e[6]};;Cloud;;140;`,
      `"Quoted; with separator";Hal;Ide;${e[2]};;cloud;;;`,
    ].join('\r\n');
    const res = await upload(
      admin,
      { mapping, defaults: { sourceId: c.sources.api }, duplicatePolicy: 'skip', mode: 'keep-good-rows' },
      { name: 'leads.csv', content: `\uFEFF${csv}` },
    );
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const done = await finished(admin, id);
    expect(done).toMatchObject({
      state: 'done',
      total: 8,
      processed: 8,
      created: 3,
      rejected: 5,
      skipped: 0,
      updated: 0,
      encoding: 'utf-8',
      delimiter: ';',
    });
    expect(done.rowsPerSecond).toBeGreaterThan(0);

    const list = (await admin.get(`/api/v1/leads?q=${encodeURIComponent(e[0])}`)).json().items;
    expect(list).toHaveLength(1);
    const lead = (await admin.get(`/api/v1/leads/${list[0].id}`)).json();
    expect(lead).toMatchObject({
      name: 'Cloud move',
      sourceId: c.sources.api,
      salesDirectionId: c.directions.cloud,
      prospectType: 'person',
      phones: ['+49301234567'],
      probability: 40,
      address: expect.objectContaining({ city: 'Berlin' }),
    });
    expect(lead.contactId).toBeTruthy();
    const timeline = (await admin.get(`/api/v1/leads/${lead.id}/timeline`)).json().items;
    expect(timeline.filter((i: { kind: string }) => i.kind === 'imported')).toEqual([
      expect.objectContaining({ payload: { importId: id, line: 2 } }),
    ]);

    const rejects = await admin.get(`/api/v1/imports/${id}/rejects.csv`);
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(rejects.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(rows[0]).toEqual(['line', 'column', 'reason']);
    const byLine = new Map<number, string[][]>();
    for (const r of rows.slice(1))
      byLine.set(Number(r[0]), [...(byLine.get(Number(r[0])) ?? []), r.slice(1)]);
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8]);
    expect(byLine.get(4)).toEqual([['Email', expect.stringMatching(/emails.*not a valid e-mail/)]]);
    // A TIN makes the row a company prospect: the bad TIN is named, and so is the missing company.
    expect(byLine.get(5)).toContainEqual(['TIN', expect.stringMatching(/companyTin/)]);
    expect(byLine.get(6)).toEqual([['Direction', 'no sales direction named "Gardening"']]);
    expect(byLine.get(7)).toEqual([['Name', expect.stringMatching(/name.*required/)]]);
    expect(byLine.get(8)).toEqual([['Probability', expect.stringMatching(/probability/)]]);
    expect(await leadsWithEmails(e)).toBe(3);
  });
});

describe('an all-or-nothing import', () => {
  it('writes nothing when one row is refused, and lists it', async () => {
    const e = [person('aon'), person('aon')];
    const csv = [header, `One;A;B;${e[0]};;Cloud;;;`, `Two;C;D;${e[1]};;Nowhere;;;`].join('\n');
    const res = await upload(
      admin,
      { mapping, defaults: { sourceId: c.sources.api }, mode: 'all-or-nothing' },
      {
        name: 'a.csv',
        content: csv,
      },
    );
    const done = await finished(admin, res.json().id);
    expect(done).toMatchObject({ state: 'failed', created: 0, rejected: 1, processed: 2, total: 2 });
    expect(done.error).toMatch(/nothing was written/);
    expect(await leadsWithEmails(e)).toBe(0);
    const rejects = parse(
      (await admin.get(`/api/v1/imports/${res.json().id}/rejects.csv`)).body.slice(1),
    ) as string[][];
    expect(rejects.slice(1)).toEqual([['3', 'Direction', 'no sales direction named "Nowhere"']]);
  });

  it('writes every row when all are good', async () => {
    const e = [person('aon'), person('aon'), person('aon'), person('aon')];
    const csv = [header, ...e.map((m, i) => `Row ${i};F${i};L${i};${m};;Cloud;;;`)].join('\n');
    const res = await upload(
      admin,
      { mapping, defaults: { sourceId: c.sources.api }, mode: 'all-or-nothing' },
      {
        name: 'a.csv',
        content: csv,
      },
    );
    expect(await finished(admin, res.json().id)).toMatchObject({ state: 'done', created: 4, rejected: 0 });
    expect(await leadsWithEmails(e)).toBe(4);
  });
});

describe('a dry run', () => {
  it('runs every rule and reports the counts and the rejects, and writes nothing', async () => {
    const e = [person('dry'), person('dry'), person('dry')];
    const csv = [header, `A;A;A;${e[0]};;Cloud;;;`, `B;B;B;${e[1]};;Cloud;;;`, `C;C;C;${e[2]};;None;;;`].join(
      '\n',
    );
    for (const mode of ['keep-good-rows', 'all-or-nothing']) {
      const res = await upload(
        admin,
        { mapping, defaults: { sourceId: c.sources.api }, mode, dryRun: 'true' },
        {
          name: 'd.csv',
          content: csv,
        },
      );
      expect(await finished(admin, res.json().id)).toMatchObject({ state: 'done', created: 2, rejected: 1 });
      const rejects = parse((await admin.get(`/api/v1/imports/${res.json().id}/rejects.csv`)).body.slice(1));
      expect(rejects).toHaveLength(2);
    }
    expect(await leadsWithEmails(e)).toBe(0);
  });
});

describe('the duplicate policy', () => {
  it('skips, updates or creates a row matching a lead by e-mail or external client id, also within the file', async () => {
    const known = person('dup');
    const ext = `EXT-${seq}`;
    const existing = await admin.post('/api/v1/leads', {
      name: 'Known',
      sourceId: c.sources.api,
      salesDirectionId: c.directions.cloud,
      prospectType: 'person',
      newContact: true,
      firstName: 'Kim',
      lastName: 'Known',
      emails: known,
      externalClientId: ext,
    });
    expect(existing.statusCode, existing.body).toBe(201);
    const fresh = person('dup');
    const dupMapping = { ...mapping, Title: 'jobTitle', Ext: 'externalClientId' };
    const csv = (title: string) =>
      [
        `${header};Title;Ext`,
        `Again;Kim;Known;${known};;Cloud;;;;${title};`,
        `By id;Kim;Known;;;Cloud;;;;${title};${ext}`,
        `New;Nia;New;${fresh};;Cloud;;;;${title};`,
        `New twice;Nia;New;${fresh};;Cloud;;;;${title};`,
      ].join('\n');
    const run = async (duplicatePolicy: string, title: string) =>
      finished(
        admin,
        (
          await upload(
            admin,
            { mapping: dupMapping, defaults: { sourceId: c.sources.api }, duplicatePolicy },
            {
              name: 'dup.csv',
              content: csv(title),
            },
          )
        ).json().id,
      );
    expect(await run('skip', 'Skipped')).toMatchObject({ state: 'done', created: 1, skipped: 3, updated: 0 });
    expect((await admin.get(`/api/v1/leads/${existing.json().id}`)).json().jobTitle).toBeNull();
    expect(await run('update', 'Buyer')).toMatchObject({ state: 'done', created: 0, updated: 4, skipped: 0 });
    const updated = (await admin.get(`/api/v1/leads/${existing.json().id}`)).json();
    expect(updated.jobTitle).toBe('Buyer');
    expect(updated.version).toBeGreaterThan(existing.json().version);
    expect(await run('create', 'Copy')).toMatchObject({ state: 'done', created: 4, updated: 0, skipped: 0 });
    expect(await leadsWithEmails([known])).toBe(2);
    expect(await leadsWithEmails([fresh])).toBe(3);
  });
});

describe('files', () => {
  it('reads UTF-16 with a byte-order mark and tab separators', async () => {
    const e = person('utf16');
    const text = `\uFEFF${header.replace(/;/g, '\t')}\r\nЗаявка Ω;Zoë;Ångström;${e};;Cloud;;;Zürich`.replace(
      /;/g,
      '\t',
    );
    const res = await upload(
      admin,
      { mapping, defaults: { sourceId: c.sources.api } },
      {
        name: 'utf16.csv',
        content: Buffer.from(text, 'utf16le'),
      },
    );
    const done = await finished(admin, res.json().id);
    expect(done).toMatchObject({ state: 'done', created: 1, encoding: 'utf-16le', delimiter: '\t' });
    const [lead] = (await admin.get(`/api/v1/leads?q=${encodeURIComponent(e)}`)).json().items;
    expect(lead).toMatchObject({ name: 'Заявка Ω', firstName: 'Zoë', lastName: 'Ångström' });
  });

  it('reads Windows-1251 and comma separators', async () => {
    const e = person('cp1251');
    const text = `${header.replace(/;/g, ',')}\nЗаявка на облако,Пётр,Иванов,${e},,Cloud,,,Москва`;
    const res = await upload(
      admin,
      { mapping, defaults: { sourceId: c.sources.api } },
      {
        name: 'cp1251.csv',
        content: windows1251(text),
      },
    );
    const done = await finished(admin, res.json().id);
    expect(done).toMatchObject({ state: 'done', created: 1, encoding: 'windows-1251', delimiter: ',' });
    const [lead] = (await admin.get(`/api/v1/leads?q=${encodeURIComponent(e)}`)).json().items;
    expect(lead).toMatchObject({ name: 'Заявка на облако', firstName: 'Пётр', lastName: 'Иванов' });
    expect(lead.address.city).toBe('Москва');
  });

  it('reads the first sheet of an XLSX workbook', async () => {
    const e = [person('xlsx'), person('xlsx')];
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Leads');
    sheet.addRow(header.split(';'));
    sheet.addRow(['From Excel', 'Xia', 'Lin', e[0], '', 'Cloud', '', 25, 'Oslo']);
    sheet.addRow([
      'Second',
      'Yan',
      'Mo',
      { text: e[1], hyperlink: `mailto:${e[1]}` },
      '',
      'Cloud',
      '',
      200,
      '',
    ]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(
      admin,
      { mapping, defaults: { sourceId: c.sources.api } },
      { name: 'leads.xlsx', content },
    );
    const id = res.json().id;
    const done = await finished(admin, id);
    expect(done).toMatchObject({ state: 'done', created: 1, rejected: 1, total: 2 });
    const [lead] = (await admin.get(`/api/v1/leads?q=${encodeURIComponent(e[0])}`)).json().items;
    expect(lead).toMatchObject({ name: 'From Excel', probability: 25 });
    const rejects = parse((await admin.get(`/api/v1/imports/${id}/rejects.csv`)).body.slice(1)) as string[][];
    expect(rejects.slice(1).map((r) => r.slice(0, 2))).toEqual([['3', 'Probability']]);
  });

  it('refuses a file over the size limit with 413 and keeps nothing of it', async () => {
    const big = `${header}\n${'x;'.repeat(MAX_BYTES)}`;
    const res = await upload(admin, { mapping }, { name: 'big.csv', content: big });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const left = await readdir(path.join(dataDir, 'imports')).catch(() => []);
    // The imports before this one have ended and removed their files; the refused one left none.
    expect(left.filter((f) => f.endsWith('.upload'))).toEqual([]);
  });

  it('refuses bad options naming each field, a missing file, and a body that is not multipart', async () => {
    const bad = await upload(
      admin,
      { mapping: { Name: 'password' }, duplicatePolicy: 'merge', mode: 'sometimes' },
      { name: 'x.csv', content: 'Name\nx' },
    );
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['duplicatePolicy', 'mapping.Name', 'mode'].sort());
    const badJson = await upload(admin, { mapping: '{not json' }, { name: 'x.csv', content: 'Name\nx' });
    expect(badJson.json().errors).toEqual([
      expect.objectContaining({ field: 'mapping', code: 'invalid_json' }),
    ]);
    const noFile = await upload(admin, { mapping });
    expect(noFile.statusCode).toBe(422);
    expect(noFile.json().errors).toEqual([expect.objectContaining({ field: 'file' })]);
    const json = await admin.post('/api/v1/imports', { mapping });
    expect(json.statusCode).toBe(415);
  });
});

describe('access and cancel', () => {
  it('shows an import only to the user who started it and administrators', async () => {
    const res = await upload(
      sales,
      { mapping, defaults: { sourceId: c.sources.api } },
      {
        name: 's.csv',
        content: `${header}\nMine;S;T;${person('own')};;Cloud;;;`,
      },
    );
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    await finished(sales, id);
    expect((await admin.get(`/api/v1/imports/${id}`)).statusCode).toBe(200);
    const other = await userWith(t.app, admin, ['crm_sales']);
    for (const r of [
      await other.get(`/api/v1/imports/${id}`),
      await other.get(`/api/v1/imports/${id}/rejects.csv`),
      await other.post(`/api/v1/imports/${id}/cancel`),
    ])
      expect(r.statusCode).toBe(404);
    expect((await sales.post(`/api/v1/imports/${id}/cancel`)).statusCode).toBe(409);
  });

  it('cancels a running import: the chunks already written stay, the rest is not read', async () => {
    const e = Array.from({ length: 90 }, () => person('cancel'));
    const csv = [header, ...e.map((m, i) => `Row ${i};F;L${i};${m};;Cloud;;;`)].join('\n');
    const id = (
      await upload(admin, { mapping, defaults: { sourceId: c.sources.api } }, { name: 'c.csv', content: csv })
    ).json().id;
    for (;;) {
      const s = (await admin.get(`/api/v1/imports/${id}`)).json();
      if (s.processed > 0 || s.state !== 'queued') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const cancel = await admin.post(`/api/v1/imports/${id}/cancel`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().cancelled).toBe(true);
    const done = await finished(admin, id);
    expect(done).toMatchObject({ state: 'failed', cancelled: true });
    expect(done.created).toBeLessThan(90);
    expect(done.created % 3).toBe(0);
    expect(await leadsWithEmails(e)).toBe(done.created);
  });
});
