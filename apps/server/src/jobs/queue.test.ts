import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';

let t: TestApp;
/** Every run of the test job, by the marker it was sent with. */
const runs: string[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  t = await createTestApp({
    jobPollingSeconds: 0.5,
    extraJobs: [
      {
        name: 'queue-test-record',
        handler: async (data) => {
          runs.push((data as { marker: string }).marker);
        },
      },
      {
        name: 'queue-test-flaky',
        retryLimit: 3,
        handler: async (data) => {
          if (failuresLeft > 0) {
            failuresLeft--;
            throw new Error('failing on purpose');
          }
          runs.push((data as { marker: string }).marker);
        },
      },
    ],
  });
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for the job');
    await sleep(50);
  }
}

describe('jobs enqueued in a transaction', () => {
  it('runs a job whose transaction commits exactly once, and never one whose transaction rolls back', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await t.rt.jobs.send('queue-test-record', { marker: 'rolled-back' }, { tx });
        throw new Error('the change fails after the job was enqueued');
      }),
    ).rejects.toThrow('the change fails');

    await t.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO settings (key, value) VALUES ('queue-test', '1')`);
      await t.rt.jobs.send('queue-test-record', { marker: 'committed' }, { tx });
    });

    await waitFor(() => runs.includes('committed'));
    // Several more polling rounds: a leaked rolled-back job or a second run would show up by now.
    await sleep(2_500);
    expect(runs.filter((m) => m === 'committed')).toEqual(['committed']);
    expect(runs).not.toContain('rolled-back');
  });

  it('does not run a job before its transaction commits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = t.db.transaction(async (q) => {
      await t.rt.jobs.send('queue-test-record', { marker: 'slow-commit' }, { tx: q });
      // On PostgreSQL the workers keep polling meanwhile; the job must stay invisible to them.
      if (t.db.kind === 'postgres') await sleep(1_500);
      await gate;
    });
    if (t.db.kind === 'postgres') {
      await sleep(1_500);
      expect(runs).not.toContain('slow-commit');
    }
    release();
    await tx;
    await waitFor(() => runs.includes('slow-commit'));
  });

  it('runs a job sent without a transaction', async () => {
    await t.rt.jobs.send('queue-test-record', { marker: 'direct' });
    await waitFor(() => runs.includes('direct'));
  });

  it('rolls back a job enqueued in a savepoint that rolls back, while the outer transaction commits', async () => {
    await t.db.transaction(async (tx) => {
      await t.rt.jobs.send('queue-test-record', { marker: 'outer' }, { tx });
      await tx
        .transaction(async (sp) => {
          await t.rt.jobs.send('queue-test-record', { marker: 'inner-rolled-back' }, { tx: sp });
          throw new Error('inner step fails');
        })
        .catch(() => undefined);
    });
    await waitFor(() => runs.includes('outer'));
    await sleep(1_500);
    expect(runs).not.toContain('inner-rolled-back');
  });

  it('retries a failing job until it succeeds', async () => {
    failuresLeft = 1;
    await t.rt.jobs.send('queue-test-flaky', { marker: 'flaky' });
    await waitFor(() => runs.includes('flaky'), 25_000);
    expect(failuresLeft).toBe(0);
    expect(runs.filter((m) => m === 'flaky')).toHaveLength(1);
  }, 40_000);
});
