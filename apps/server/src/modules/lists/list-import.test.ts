import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: Client;
let sales: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  sales = await userWith(t.app, admin, ['crm_sales']);
});
afterAll(() => t.close());

const upload = (client: Client, path: string, content: Buffer | string) => {
  const boundary = 'list-import-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="values.csv"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.inject({
    method: 'POST',
    url: `/api/v1/${path}/import`,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
};

type Value = {
  name: string;
  code?: string | null;
  position: number;
  active: boolean;
  createsOpportunity?: boolean;
};
const values = async (path: string, q: string) =>
  (await admin.get(`/api/v1/${path}?q=${encodeURIComponent(q)}&limit=100&sort=name`)).json().items as Value[];

describe('importing the values of a list', () => {
  it('creates new values, updates those named as stored ones and reports every refused row by line', async () => {
    await admin.post('/api/v1/lead-sources', { name: 'Imp Fair', code: 'IMPF', position: 7 });
    const csv = [
      'name;code;position;active',
      'imp fair;;3;',
      'Imp Web;IMPW;1;yes',
      'Imp Retired;;;no',
      ';IMPX;;',
      'Imp Bad position;;first;',
      'Imp Code taken;IMPF;;',
      'Imp Web;IMPW;2;yes',
    ].join('\n');
    const res = await upload(admin, 'lead-sources', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      created: 2,
      updated: 2,
      rejected: [
        { line: 5, errors: [expect.stringMatching(/^name:/)] },
        { line: 6, errors: ['position: "first" is not a whole number'] },
        { line: 7, errors: ['code: "IMPF" is the code of another value'] },
      ],
    });
    const imported = (await values('lead-sources', 'imp '))
      .filter((v) => v.name.toLowerCase().startsWith('imp '))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    expect(imported).toEqual([
      expect.objectContaining({ name: 'imp fair', code: 'IMPF', position: 3, active: true }),
      expect.objectContaining({ name: 'Imp Retired', code: null, position: 0, active: false }),
      expect.objectContaining({ name: 'Imp Web', code: 'IMPW', position: 2, active: true }),
    ]);
  });

  it('reads Windows-1251 files with Cyrillic values, and disqualification codes with their own columns', async () => {
    const cyrillic = 'name,code\nВыставка,EXPO\n';
    const bytes = Buffer.from(
      [...cyrillic].map((ch) => {
        const code = ch.charCodeAt(0);
        return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
      }),
    );
    const res = await upload(admin, 'lost-reasons', bytes);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, updated: 0, rejected: [] });
    expect((await values('lost-reasons', 'Выставка'))[0]).toMatchObject({ name: 'Выставка', code: 'EXPO' });

    const codes = await upload(
      admin,
      'disqualification-codes',
      'name,createsOpportunity\nImp Later,yes\nImp Never,no\nImp Maybe,perhaps\n',
    );
    expect(codes.statusCode, codes.body).toBe(200);
    expect(codes.json()).toEqual({
      created: 2,
      updated: 0,
      rejected: [{ line: 4, errors: ['createsOpportunity: "perhaps" is not yes or no'] }],
    });
    const stored = (await admin.get('/api/v1/disqualification-codes?limit=100')).json().items as Value[];
    expect(stored.find((c) => c.name === 'Imp Later')).toMatchObject({ createsOpportunity: true });
    expect(stored.find((c) => c.name === 'Imp Never')).toMatchObject({ createsOpportunity: false });
  });

  it('refuses a file with unknown columns, changing nothing, and is for administrators only', async () => {
    const res = await upload(admin, 'industries', 'name,colour\nImp Steel,red\n');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'file', code: 'invalid_header' })]);
    expect(await values('industries', 'Imp Steel')).toEqual([]);
    expect((await admin.post('/api/v1/industries/import', { file: 'x' })).statusCode).toBe(415);
    expect((await upload(sales, 'industries', 'name\nImp Steel\n')).statusCode).toBe(403);
  });
});
