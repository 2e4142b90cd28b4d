import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
const ids: string[] = [];

interface Run {
  id: string;
  state: string;
  total: number;
  processed: number;
  groupCount: number;
}

async function mk(n: number, email: string) {
  const res = await admin.post('/api/v1/leads', {
    name: `Scan lead ${n}`,
    sourceId: c.sources.api,
    prospectType: 'person',
    newContact: true,
    salesDirectionId: c.directions.cloud,
    firstName: 'Ola',
    lastName: `Scan${n}`,
    emails: email,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  ids.push(res.json().id);
}

async function finished(id: string, as = admin): Promise<Run> {
  for (let i = 0; i < 300; i++) {
    const run = (await as.get(`/api/v1/duplicate-scans/${id}`)).json<Run>();
    if (!['queued', 'running'].includes(run.state)) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the scan did not finish');
}

beforeAll(async () => {
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  // Three groups by e-mail: of three, two and two leads; one lead alone.
  const emails = [
    'a@scan.test',
    'A@Scan.test',
    'a@scan.test',
    'b@scan.test',
    'b@scan.test',
    'c@scan.test',
    'c@scan.test',
    'd@scan.test',
  ];
  for (const [i, e] of emails.entries()) await mk(i, e);
});
afterAll(async () => {
  await t?.close();
});

describe('a duplicate scan over every lead, as a job', () => {
  it('runs with progress and answers its groups paged, largest first', async () => {
    const start = await admin.post('/api/v1/duplicate-scans', { fields: ['emails'] });
    expect(start.statusCode, start.body).toBe(202);
    expect(start.json()).toMatchObject({ state: 'queued', fields: ['emails'] });
    const run = await finished(start.json().id);
    expect(run).toMatchObject({ state: 'done', groupCount: 3 });
    expect(run.processed).toBe(run.total);
    expect(run.total).toBeGreaterThanOrEqual(8);

    const first = await admin.get(`/api/v1/duplicate-scans/${run.id}/groups?limit=2`);
    expect(first.statusCode, first.body).toBe(200);
    const p1 = first.json<{ items: { key: string; leadIds: string[] }[]; nextCursor: string | null }>();
    expect(p1.items).toHaveLength(2);
    expect(p1.items[0]).toEqual({ key: 'a@scan.test', leadIds: [...ids.slice(0, 3)].sort() });
    expect(p1.nextCursor).not.toBeNull();
    const p2 = (
      await admin.get(`/api/v1/duplicate-scans/${run.id}/groups?limit=2&cursor=${p1.nextCursor}`)
    ).json<{
      items: { key: string }[];
      nextCursor: string | null;
    }>();
    expect(p2.items.map((g) => g.key)).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    expect([...p1.items, ...p2.items].map((g) => g.key).sort()).toEqual([
      'a@scan.test',
      'b@scan.test',
      'c@scan.test',
    ]);

    // The same groups as the scan answered at once.
    const direct = (await admin.post('/api/v1/leads/duplicates', { fields: ['emails'] })).json<{
      groups: { key: string }[];
    }>();
    expect(direct.groups.map((g) => g.key).sort()).toEqual(['a@scan.test', 'b@scan.test', 'c@scan.test']);
  });

  it('is seen, paged and cancelled by its requester only; a cancel stops it', async () => {
    const start = (await admin.post('/api/v1/duplicate-scans', { fields: ['personName'] })).json<Run>();
    const other = await userWith(t.app, admin, ['crm_admin']);
    expect((await other.get(`/api/v1/duplicate-scans/${start.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/duplicate-scans/${start.id}/groups`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/duplicate-scans/${start.id}/cancel`)).statusCode).toBe(404);
    const cancelled = await admin.post(`/api/v1/duplicate-scans/${start.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    const state = cancelled.json<Run>().state;
    expect(['cancelled', 'done']).toContain(state);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await finished(start.id)).state).toBe(state);
    expect((await admin.get(`/api/v1/duplicate-scans/${start.id}/groups?cursor=x`)).statusCode).toBe(400);
    expect((await admin.post('/api/v1/duplicate-scans', { fields: ['shoeSize'] })).statusCode).toBe(422);
  });
});
