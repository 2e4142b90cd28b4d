import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, LeadPrintJob } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let dataDir: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const textOf = async (pdf: Uint8Array) => {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
};
const print = (as: Client, body: unknown) => as.post('/api/v1/leads/report', body);

async function newLeads(as: Client, names: string[], extra: Record<string, unknown> = {}) {
  const res = await as.post('/api/v1/leads/batch', {
    items: names.map((name) => validLead(c, { name, ...extra })),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ results: { lead: Lead }[] }>().results.map((r) => r.lead);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-print-'));
  t = await createTestApp({ jobPollingSeconds: 0.5, env: { LEADLINE_DATA_DIR: dataDir } });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('printing selected leads', { timeout: 180_000 }, () => {
  it('answers a ZIP of one PDF per lead, or one PDF, leaving out and naming the leads the user may not see', async () => {
    const unitA = (await admin.post('/api/v1/units', { name: 'Print A' })).json<{ id: string }>().id;
    const unitB = (await admin.post('/api/v1/units', { name: 'Print B' })).json<{ id: string }>().id;
    const a = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
    const [mine1, mine2] = await newLeads(admin, ['Ёлка Печать', 'Café Impression'], {
      ownerId: a.userId,
      unitId: unitA,
    });
    const [theirs] = await newLeads(admin, ['Hidden print'], { unitId: unitB });
    const settings = (await admin.get('/api/v1/settings')).json<{ visibility: string }>();
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const zip = await print(a, { ids: [mine1.id, theirs.id, mine2.id, mine1.id], format: 'zip' });
      expect(zip.statusCode, zip.body).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      expect(String(zip.headers['content-disposition'])).toMatch(/^attachment; filename="leads-.*\.zip"$/);
      expect(zip.headers['x-refused-leads']).toBe(theirs.id);
      const files = unzipSync(new Uint8Array(zip.rawPayload));
      expect(Object.keys(files).sort()).toEqual(
        [`lead-${mine1.number}.pdf`, `lead-${mine2.number}.pdf`].sort(),
      );
      expect(await textOf(files[`lead-${mine1.number}.pdf`])).toContain('Ёлка Печать');
      expect(await textOf(files[`lead-${mine2.number}.pdf`])).toContain('Café Impression');

      const one = await print(a, { ids: [mine1.id, mine2.id, theirs.id], format: 'pdf' });
      expect(one.statusCode, one.body).toBe(200);
      expect(one.headers['content-type']).toBe('application/pdf');
      const text = await textOf(one.rawPayload);
      expect(text).toContain('Ёлка Печать');
      expect(text).toContain('Café Impression');
      expect(text).not.toContain('Hidden print');

      // None of them visible: 404, as for a single lead.
      const none = await print(a, { ids: [theirs.id], format: 'pdf' });
      expect(none.statusCode).toBe(404);
      expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
  });

  it('refuses a request naming every field at fault', async () => {
    const res = await print(admin, { ids: ['nope'], format: 'docx' });
    expect(res.statusCode).toBe(422);
    const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['ids.0', 'format']));
    expect((await print(admin, { ids: [] })).statusCode).toBe(422);
  });

  it('runs more than 50 leads as a job with progress, then gives the file to its requester only', async () => {
    const leads = await newLeads(
      admin,
      Array.from({ length: 53 }, (_, i) => `Bulk print ${i + 1}`),
    );
    const missing = '00000000-0000-4000-8000-000000000001';
    const res = await print(admin, { ids: [...leads.map((l) => l.id), missing], format: 'zip' });
    expect(res.statusCode, res.body).toBe(202);
    const job = res.json<LeadPrintJob>();
    expect(res.headers.location).toBe(`/api/v1/lead-prints/${job.id}`);
    expect(job).toMatchObject({ format: 'zip', total: 54, refusedIds: [missing], downloadUrl: null });
    expect(['queued', 'running']).toContain(job.state);

    const other = await userWith(t.app, admin, ['crm_admin']);
    expect((await other.get(`/api/v1/lead-prints/${job.id}`)).statusCode).toBe(404);

    let now = job;
    const seen = new Set<number>();
    const until = Date.now() + 150_000;
    while (now.state !== 'done' && now.state !== 'failed' && Date.now() < until) {
      await sleep(300);
      now = (await admin.get(`/api/v1/lead-prints/${job.id}`)).json<LeadPrintJob>();
      seen.add(now.done);
    }
    expect(now, JSON.stringify(now)).toMatchObject({ state: 'done', done: 54, error: null });
    expect(now.downloadUrl).toBe(`/api/v1/lead-prints/${job.id}/file`);
    expect([...seen].some((d) => d > 0 && d < 54) || seen.size === 1).toBe(true);

    expect((await other.get(now.downloadUrl!)).statusCode).toBe(404);
    const file = await admin.get(now.downloadUrl!);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    expect(Number(file.headers['content-length'])).toBe(now.size);
    const files = unzipSync(new Uint8Array(file.rawPayload));
    expect(Object.keys(files)).toHaveLength(53);
    expect(await textOf(files[`lead-${leads[52].number}.pdf`])).toContain('Bulk print 53');
  });
});
