import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';
import { finished, upload, type ImportState } from './import-fixtures';
import { createImportRunner } from './import-runner';

let t: TestApp;
let admin: Client;
let c: Catalog;
let dataDir: string;
const CHUNK = 4;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-set-path-'));
  // No job workers: the test runs each import with the runner it compares.
  t = await createTestApp({
    env: { LEADLINE_DATA_DIR: dataDir, LEADLINE_JOBS: '0', LEADLINE_IMPORT_CHUNK_ROWS: String(CHUNK) },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  await admin.post('/api/v1/lead-sources', { name: 'Trade fair' });
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const header = 'Name;First;Last;Email;Phone;Source;Direction;Tags;External;Probability;Company;TIN;Website';

/**
 * One file of every kind of row, its people and keys marked with `k` so that two copies of it never
 * meet: persons with tags, a repeat (skipped), a person met again under another e-mail (same contact),
 * a person matching a stored contact, refused rows, a company prospect, an external id repeated.
 */
const file = (k: string, phone: string) =>
  [
    header,
    `Deal one;Anna;Berg${k};anna${k}@set.test;+49 30 555${phone}001;Trade fair;Cloud;Fair, VIP;EXT-${k}-1;40;;;`,
    `Deal one;Anna;Berg${k};anna${k}@set.test;+49 30 555${phone}001;Trade fair;Cloud;Fair, VIP;EXT-${k}-1;40;;;`,
    `Deal two;Anna;Berg${k};anna.two${k}@set.test;+49 30 555${phone}001;Trade fair;Cloud;;;;;;`,
    `Deal three;Stored;Person${k};stored${k}@set.test;;Trade fair;Cloud;vip;;;;;`,
    `Bad probability;Ben;Carr${k};ben${k}@set.test;;Trade fair;Cloud;;;140;;;`,
    `Bad mail;Cid;Dorn${k};not-an-email;;Trade fair;Cloud;;;;;;`,
    `Company deal;Dan;Ek${k};dan${k}@set.test;;Trade fair;Cloud;;;;Ek${k} GmbH;77${phone}1234567;https://ek${k}.test`,
    `Unknown source;Eve;Fox${k};eve${k}@set.test;;Nowhere;Cloud;;;;;;`,
    `Deal four;Fay;Gil${k};fay${k}@set.test;;Trade fair;Hardware;newsletter;EXT-${k}-4;10;;;`,
    `Deal four again;Fay;Gil${k};other${k}@set.test;;Trade fair;Hardware;;EXT-${k}-4;;;;`,
    `Deal five;Gus;Hale${k};gus${k}@set.test;+49 30 555${phone}005;Trade fair;Cloud;;;;;;`,
  ].join('\n');

const mapping = {
  Name: 'name',
  First: 'firstName',
  Last: 'lastName',
  Email: 'emails',
  Phone: 'phones',
  Source: 'sourceId',
  Direction: 'salesDirectionId',
  Tags: 'tags',
  External: 'externalClientId',
  Probability: 'probability',
  Company: 'companyName',
  TIN: 'companyTin',
  Website: 'companyWebsite',
};

/** What an import wrote, with ids, times and numbers left out and the file's mark `k` taken out. */
async function written(id: string, k: string, phone: string) {
  const rows = await t.db.query<{ lead: Record<string, unknown> }>(
    `SELECT json_build_object(
        'line', (e.payload->>'line')::int,
        'lead', (to_jsonb(l) - 'id' - 'number' - 'created_at' - 'updated_at' - 'search_text' - 'search'
                 - 'contact_id' - 'company_id' - 'last_event_at' - 'next_event_at'),
        'contact', (SELECT to_jsonb(ct) - 'id' - 'created_at' - 'updated_at' FROM contacts ct WHERE ct.id = l.contact_id),
        'contactLeads', (SELECT count(*) FROM leads o WHERE o.contact_id = l.contact_id),
        'company', (SELECT to_jsonb(co) - 'id' - 'created_at' - 'updated_at' FROM companies co WHERE co.id = l.company_id),
        'tags', (SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id
                  WHERE lt.lead_id = l.id),
        'events', (SELECT array_agg(ev.kind || ':' || (coalesce(ev.payload, '{}'::jsonb) - 'importId' - 'number')::text
                   ORDER BY ev.kind) FROM lead_events ev WHERE ev.lead_id = l.id)) AS lead
       FROM leads l JOIN lead_events e ON e.lead_id = l.id AND e.kind = 'imported' AND e.payload->>'importId' = $1
      ORDER BY (e.payload->>'line')::int`,
    [id],
  );
  const rejects = await t.db.query(
    'SELECT line, column_name, reason FROM import_rejects WHERE import_id = $1 ORDER BY line, seq',
    [id],
  );
  return JSON.parse(
    JSON.stringify({ rows: rows.map((r) => r.lead), rejects })
      .replaceAll(k, '<k>')
      .replaceAll(`555${phone}`, '555<p>')
      .replaceAll(`77${phone}1234567`, '<tin>'),
  ) as unknown;
}

async function importWith(k: string, phone: string, rowByRow: boolean) {
  const res = await upload(
    admin,
    { mapping, defaults: { sourceId: c.sources.api }, duplicatePolicy: 'skip', mode: 'keep-good-rows' },
    { name: `${k}.csv`, content: file(k, phone) },
  );
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as string;
  await createImportRunner({ db: t.db, log: createLogger('silent'), chunkRows: CHUNK, rowByRow }).run(id);
  return { id, status: await finished(admin, id) };
}

describe('the set path of an import', () => {
  it('writes the same leads, contacts, companies, tags, history and rejects as the save of one lead per row', async () => {
    // A contact stored before: a row of each file names the person by name and e-mail (two of three).
    for (const k of ['qqa', 'qqb'])
      await admin.post('/api/v1/contacts', {
        firstName: 'Stored',
        lastName: `Person${k}`,
        emails: [`stored${k}@set.test`],
      });

    const byRow = await importWith('qqa', '1', true);
    const bySet = await importWith('qqb', '2', false);
    const counts = (s: ImportState) => ({
      state: s.state,
      total: s.total,
      processed: s.processed,
      created: s.created,
      skipped: s.skipped,
      rejected: s.rejected,
      updated: s.updated,
    });
    expect(counts(bySet.status)).toEqual(counts(byRow.status));
    expect(counts(bySet.status)).toEqual({
      state: 'done',
      total: 11,
      processed: 11,
      created: 6,
      skipped: 2,
      rejected: 3,
      updated: 0,
    });
    const expected = await written(byRow.id, 'qqa', '1');
    expect(await written(bySet.id, 'qqb', '2')).toEqual(expected);
    // The person met again under another e-mail is the same contact; the stored one is linked, not copied.
    const rows = (expected as { rows: { line: number; contactLeads: number }[] }).rows;
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5, 8, 10, 12]);
    expect(rows.find((r) => r.line === 2)!.contactLeads).toBe(2);
    expect(rows.find((r) => r.line === 5)!.contactLeads).toBe(1);
  });
});
