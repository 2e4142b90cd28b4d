import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import type { Lead } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

const textOf = async (pdf: Buffer) => {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(() => t.close());

describe('the printed lead', () => {
  it('renders every section with Cyrillic and accented text that a PDF reader finds again', async () => {
    const res = await admin.post(
      '/api/v1/leads',
      validLead(c, {
        name: 'Поставка оборудования — Crème brûlée GmbH',
        leadCompanyName: 'ООО «Ромашка»',
        firstName: 'Zoë',
        lastName: 'Müller-Ødegård',
        emails: ['zoe@example.test'],
        goal: 'Снизить затраты на 20 %',
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const lead = res.json<Lead>();
    const act = await admin.post(`/api/v1/leads/${lead.id}/activities`, {
      type: 'call',
      subject: 'Созвон с закупками',
      dueAt: '2030-05-04T10:00:00+03:00',
    });
    expect(act.statusCode, act.body).toBe(201);
    await admin.post(`/api/v1/leads/${lead.id}/comments`, { body: 'Клиент просит скидку' });

    const pdf = await admin.inject({
      method: 'GET',
      url: `/api/v1/leads/${lead.id}/report.pdf`,
      headers: { 'accept-language': 'ru' },
    });
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(pdf.rawPayload);
    for (const expected of [
      lead.number,
      'Поставка оборудования — Crème brûlée GmbH',
      'Основное',
      'Компания',
      'ООО «Ромашка»',
      'Контакт',
      'Zoë Müller-Ødegård',
      'zoe@example.test',
      'Квалификация',
      'Снизить затраты на 20 %',
      'Сделка',
      'Последние дела',
      'Созвон с закупками',
      'История',
      'Клиент просит скидку',
    ])
      expect(text).toContain(expected);

    const english = await textOf(
      (
        await admin.inject({
          method: 'GET',
          url: `/api/v1/leads/${lead.id}/report.pdf`,
          headers: { 'accept-language': 'en' },
        })
      ).rawPayload,
    );
    expect(english).toContain('Essentials');
    expect(english).toContain('Last activities');
  });

  it('answers 404 for a lead the user may not see and for an unknown lead', async () => {
    const unitA = (await admin.post('/api/v1/units', { name: 'Print A' })).json<{ id: string }>().id;
    const unitB = (await admin.post('/api/v1/units', { name: 'Print B' })).json<{ id: string }>().id;
    const a = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
    const b = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitB] });
    const lead = (
      await admin.post('/api/v1/leads', validLead(c, { ownerId: a.userId, unitId: unitA }))
    ).json<Lead>();
    const settings = (await admin.get('/api/v1/settings')).json<{ visibility: string }>();
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      expect((await b.get(`/api/v1/leads/${lead.id}/report.pdf`)).statusCode).toBe(404);
      expect((await a.get(`/api/v1/leads/${lead.id}/report.pdf`)).statusCode).toBe(200);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: settings.visibility });
    }
    expect(
      (await admin.get('/api/v1/leads/00000000-0000-4000-8000-000000000000/report.pdf')).statusCode,
    ).toBe(404);
  });
});
