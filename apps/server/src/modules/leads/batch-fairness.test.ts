import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

/**
 * Bulk and batch work an item per short transaction, and let other requests in between items: one
 * user's batch must not hold the (single-connection, on PGlite) database for its whole length. While
 * batches run, another user's list answers, and already shows the items committed so far.
 * `BATCH_FAIRNESS_ITEMS=500` measures the figures of docs/security.md (three batches of 500).
 */

const items = Number(process.env.BATCH_FAIRNESS_ITEMS ?? 60);

let t: TestApp;
let admin: Client;
let reader: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  reader = await userWith(t.app, admin, ['crm_manager']);
  c = await seedCatalog(t.db);
}, 300_000);
afterAll(() => t.close());

const total = async (url: string) => (await reader.get(url)).json<{ total: number }>().total;

const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.max(0, Math.ceil(ms.length * 0.95) - 1)];

/** Reads `url` one request after another until `work` settles; the answers' totals and times. */
async function pollWhile(work: Promise<unknown>, url: string) {
  let done = false;
  void work.finally(() => (done = true));
  const seen: number[] = [];
  const times: number[] = [];
  while (!done) {
    const started = performance.now();
    const res = await reader.get(url);
    times.push(performance.now() - started);
    expect(res.statusCode).toBe(200);
    if (!done) seen.push(res.json<{ total: number }>().total);
  }
  return { seen, times };
}

// The reader here sends its next request as soon as the last one answers, through app.inject: on PGlite
// that is a chain of promises that never lets the event loop turn by itself (see eventLoopTurns in
// db/client.ts), the harshest case for the batches' turns between their items.
describe('long bulk and batch requests share the database', () => {
  it('three parallel batches let another user list leads between their items', async () => {
    const before = await total('/api/v1/leads?view=all');
    const batch = (n: number) =>
      admin.post('/api/v1/leads/batch', {
        items: Array.from({ length: items }, (_, i) => validLead(c, { name: `Batch ${n} lead ${i}` })),
      });
    const started = performance.now();
    const work = Promise.all([batch(1), batch(2), batch(3)]);
    const { seen, times } = await pollWhile(work, '/api/v1/leads?view=all&limit=50');
    const answers = await work;
    const batchMs = performance.now() - started;
    for (const res of answers) {
      expect(res.statusCode).toBe(200);
      expect(res.json<{ results: { status: number }[] }>().results.map((r) => r.status)).toEqual(
        Array(items).fill(201),
      );
    }
    console.info(
      `batch fairness: 3 x ${items} items in ${Math.round(batchMs)} ms; ${times.length} lists, ` +
        `p95 ${Math.round(p95(times))} ms, max ${Math.round(Math.max(...times))} ms`,
    );
    // Answered while the batches ran, and saw them half-way: the items commit one by one.
    expect(seen.some((n) => n > before && n < before + 3 * items)).toBe(true);
    expect(await total('/api/v1/leads?view=all')).toBe(before + 3 * items);
  }, 600_000);

  it('a bulk action lets another user list leads between its ids', async () => {
    const ids = (
      await admin.post('/api/v1/leads/batch', {
        items: Array.from({ length: items }, (_, i) => validLead(c, { name: `Bulk lead ${i}` })),
      })
    )
      .json<{ results: { lead: { id: string } }[] }>()
      .results.map((r) => r.lead.id);
    const taker = await userWith(t.app, admin, ['crm_sales']);
    const work = taker.post('/api/v1/leads/bulk', { ids, action: 'take', params: {} });
    const { seen } = await pollWhile(work, `/api/v1/leads?view=all&ownerId=${taker.userId}&limit=1`);
    const res = await work;
    expect(res.json<{ results: { status: number }[] }>().results.map((r) => r.status)).toEqual(
      Array(items).fill(200),
    );
    expect(seen.some((n) => n > 0 && n < items)).toBe(true);
  }, 600_000);
});
