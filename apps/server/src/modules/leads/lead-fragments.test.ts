import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  const person = (name: string, extra: Record<string, unknown>) =>
    admin.post(
      '/api/v1/leads',
      validLead(c, {
        name,
        companyId: null,
        contactId: null,
        prospectType: 'person',
        newContact: true,
        firstName: 'Jean',
        lastName: name,
        ...extra,
      }),
    );
  for (const res of [
    await person('Dubois', {
      emails: ['jean.dubois281@example.test'],
      phones: ['+49 30 1010397'],
      companyWebsite: 'https://www.zephyr-robotics.test',
    }),
    await person('Martin', { emails: ['martin@other.test'], phones: ['+33 1 44 55 66 77'] }),
  ])
    expect(res.statusCode, res.body).toBe(201);
}, 120_000);
afterAll(() => t.close());

const names = async (q: string) =>
  (await admin.get(`/api/v1/leads?q=${encodeURIComponent(q)}`))
    .json<{ items: { name: string }[] }>()
    .items.map((l) => l.name);

describe('search by fragments', () => {
  it('finds a lead by any part of an e-mail address or a website', async () => {
    expect(await names('dubois281')).toEqual(['Dubois']);
    expect(await names('DUBOIS281@EXAMPLE')).toEqual(['Dubois']);
    expect(await names('zephyr-robotics')).toEqual(['Dubois']);
    expect(await names('robotics')).toEqual(['Dubois']);
    expect(await names('other.test')).toEqual(['Martin']);
  });

  it('finds a lead by its phone digits typed in any format', async () => {
    expect(await names('030 1010397')).toEqual(['Dubois']);
    expect(await names('(030) 101-03-97')).toEqual(['Dubois']);
    expect(await names('+49301010397')).toEqual(['Dubois']);
    expect(await names('01 44 55 66 77')).toEqual(['Martin']);
  });

  it('finds nothing for a fragment no lead holds, and treats LIKE wildcards as text', async () => {
    expect(await names('zzz-not-there')).toEqual([]);
    expect(await names('%')).toEqual([]);
    expect(await names('dub_is')).toEqual([]);
  });
});
