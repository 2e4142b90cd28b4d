import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from './client';

/**
 * The embedded database is one connection shared by every request of the process: a transaction holds
 * it, and nothing it waits for may be waiting for it in turn; a caller that never waits on I/O must not
 * keep the rest of the process (sockets, timers, a batch between its items) from running.
 */
let db: Database;
beforeAll(async () => {
  db = await openPglite(undefined);
}, 120_000);
afterAll(() => db.close());

describe('the embedded database shared by many requests', () => {
  it('a transaction reading the memo does not wait for a read of it queued behind itself', async () => {
    const got = await Promise.race([
      db.transaction(async (tx) => {
        // Another request's read of the same value, started now: it waits for this transaction.
        const outside = db.memo.get('shared:value', () => db.query<{ v: number }>('SELECT 1 AS v'));
        const inside = await tx.memo.get('shared:value', () => tx.query<{ v: number }>('SELECT 2 AS v'));
        void outside;
        return inside[0].v;
      }),
      new Promise((resolve) => setTimeout(() => resolve('waited for ever'), 5000)),
    ]);
    expect(got).toBe(2);
    // Once finished, the value read outside is the one kept, and the transaction sees it.
    expect((await db.memo.get('shared:value', () => Promise.resolve([{ v: 3 }])))[0].v).toBe(1);
    await db.transaction(async (tx) => {
      expect((await tx.memo.get('shared:value', () => Promise.resolve([{ v: 4 }])))[0].v).toBe(1);
    });
  });

  it('queries sent back to back still let the event loop turn', async () => {
    let turned = false;
    void nextTurn().then(() => (turned = true));
    const started = performance.now();
    let queries = 0;
    while (!turned && performance.now() - started < 5000) {
      await db.query('SELECT 1');
      queries++;
    }
    expect(turned).toBe(true);
    expect(queries).toBeGreaterThan(0);
  });
});
