import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../db/client';
import type { Logger } from '../lib/logger';

export interface JobDefinition<T extends object = object> {
  name: string;
  handler: (data: T) => Promise<void>;
  retryLimit?: number;
  /**
   * Jobs a worker fetches at once and how many of them run at the same time (1 and 1 by default). A
   * batch that comes back full is followed by the next fetch at once, without the polling pause.
   */
  batchSize?: number;
  concurrency?: number;
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

export interface Jobs {
  /** Enqueues a job; with `tx` the job exists only if that transaction commits. */
  send<T extends object>(
    name: string,
    data: T,
    opts?: { tx?: Queryable; startAfterSeconds?: number; singletonKey?: string },
  ): Promise<string | null>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Jobs per queue and state, finished ones left out: waiting (created, retry), active, failed. */
  counts(): Promise<{ queue: string; state: string; count: number }[]>;
}

const asBossDb = (q: Queryable) => ({
  executeSql: async (text: string, values: unknown[]) => ({
    rows: values && values.length > 0 ? await q.query(text, values) : await q.exec(text),
  }),
});

/**
 * pg-boss on either database. On PGlite it runs through our single connection (PGlite serialises
 * every statement); on PostgreSQL it keeps its own small pool.
 */
export function createJobs(opts: {
  db: Database;
  databaseUrl?: string;
  schema?: string;
  definitions: JobDefinition[];
  workers: boolean;
  log: Logger;
  pollingIntervalSeconds?: number;
  batchSize?: number;
}): Jobs {
  const { db, definitions, log } = opts;
  const pglite = db.kind === 'pglite';
  // What the queue still does on our behalf: its statements on PGlite, and the handlers it runs.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => inFlight.delete(p);
    p.then(done, done);
    return p;
  };
  let stopped = false;
  const schema = opts.schema ?? 'pgboss';
  const boss = new PgBoss({
    ...(pglite
      ? {
          db: {
            executeSql: (text: string, values: unknown[]) =>
              track(
                (async () => ({
                  rows: values && values.length > 0 ? await db.query(text, values) : await db.exec(text),
                }))(),
              ),
          },
        }
      : { connectionString: opts.databaseUrl, max: 3 }),
    schema,
    // Maintenance and schedules are light; on the embedded database every poll shares one connection.
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: 300,
  });
  boss.on('error', (err: Error) => log.error({ msg: err.message }, 'job queue error'));
  let started = false;

  return {
    async send(name, data, o = {}) {
      if (!started) throw new Error('job queue is not started');
      return boss.send(name, data, {
        ...(o.tx ? { db: asBossDb(o.tx) } : {}),
        ...(o.startAfterSeconds ? { startAfter: o.startAfterSeconds } : {}),
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
        retryLimit: definitions.find((d) => d.name === name)?.retryLimit ?? 5,
        retryBackoff: true,
      });
    },
    async start() {
      await boss.start();
      started = true;
      for (const def of definitions) {
        await boss.createQueue(def.name);
        if (opts.workers) {
          const batchSize = def.batchSize ?? opts.batchSize ?? 1;
          const workerId: string = await boss.work(
            def.name,
            { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize },
            (jobs) => {
              // A poll that was under way when the queue stopped may still hand over jobs: they are
              // failed, to be retried by the next start, rather than run against a closed database.
              if (stopped) return Promise.reject(new Error('the job queue has stopped'));
              // More are likely waiting: the worker fetches again without pausing.
              if (jobs.length >= batchSize && batchSize > 1) boss.notifyWorker(workerId);
              if (jobs.length === 1) return track(def.handler(jobs[0].data as object));
              // Each job of a batch succeeds or fails (and is retried) on its own: a failed one is
              // marked here, and pg-boss completes the others when the batch resolves.
              return track(
                eachBounded(jobs, def.concurrency ?? 1, async (job) => {
                  try {
                    await def.handler(job.data as object);
                  } catch (err) {
                    await boss.fail(def.name, job.id, { message: (err as Error).message });
                  }
                }),
              );
            },
          );
        }
      }
    },
    async counts() {
      return db.query<{ queue: string; state: string; count: number }>(
        `SELECT name AS queue, state::text AS state, count(*)::int AS count FROM "${schema}".job
          WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`,
      );
    },
    async stop() {
      if (!started) return;
      started = false;
      // graceful: wait for running handlers, then close; on PGlite the database itself is closed by the owner.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: !pglite });
      // pg-boss waits for the jobs it hands out, not for a worker's poll still on its way nor for the
      // completion it records without waiting: those must end before the owner closes the database.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      stopped = true;
    },
  };
}
