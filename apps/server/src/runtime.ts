import { SCORING_DECAY_JOB, secondsUntilNightly } from './modules/scoring';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { migrate } from './db/migrate';
import { createJobs, type JobDefinition, type Jobs } from './jobs/queue';
import { jobDefinitions, nextNight } from './jobs/registry';
import { createLogger, type Logger } from './lib/logger';
import { startEmbeddedUpkeep } from './db/embedded-upkeep';
import { createMailer, type Mailer } from './modules/mail/mailer';
import { fileStoreOf } from './modules/attachments';
import { startDailyJobs } from './jobs/daily';
import { bootstrap } from './modules/setup/bootstrap';
import { importRunnerOf, intakeJobs, stopImportRunner } from './modules/intake/intake.services';
import { createSmsSender } from './modules/communications/sms';
import { leadPrintJobs } from './modules/lead-report/lead-print.job';

export interface Runtime {
  app: FastifyInstance;
  db: Database;
  jobs: Jobs;
  log: Logger;
  mailer: Mailer;
  bootstrapResult: Awaited<ReturnType<typeof bootstrap>>;
  /** Stops in order; `waitingFor` hears each step, for a stop that takes too long to say where it is. */
  close(waitingFor?: (what: string) => void): Promise<void>;
}

/** Opens the database, applies migrations, creates the first admin, starts the job queue, builds the app. */
export async function startRuntime(
  config: Config,
  opts: {
    db?: Database;
    log?: Logger;
    bossSchema?: string;
    extraJobs?: JobDefinition[];
    /** How often idle workers look for jobs (pg-boss accepts 0.5 at least); tests lower it. */
    jobPollingSeconds?: number;
    /** Jobs a worker fetches at a time from each queue (1 by default). */
    jobBatchSize?: number;
  } = {},
): Promise<Runtime> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrate(db);
  const bootstrapResult = await bootstrap(db, {
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
    locale: config.locale,
  });
  // The mailer enqueues jobs and the mail job uses the mailer: it reaches the queue once it exists.
  const mailer = createMailer(
    config,
    db,
    { send: (name, data, o) => jobs.send(name, data, o) },
    fileStoreOf(config),
  );
  const sms = createSmsSender(config, db, { send: (name, data, o) => jobs.send(name, data, o) });
  const jobs: Jobs = createJobs({
    db,
    databaseUrl: config.databaseUrl,
    schema: opts.bossSchema,
    definitions: [
      ...jobDefinitions({ db, mailer, sms, jobs: { send: (name, data, o) => jobs.send(name, data, o) } }),
      ...intakeJobs({ db, log, config }),
      ...leadPrintJobs({ db, config, jobs: { send: (name, data, o) => jobs.send(name, data, o) } }),
      ...(opts.extraJobs ?? []),
    ],
    workers: config.jobs,
    log,
    pollingIntervalSeconds: opts.jobPollingSeconds,
    batchSize: opts.jobBatchSize,
  });
  await jobs.start();
  // The nightly score decay is a job that queues its next run; the first one is queued here.
  if (config.jobs)
    await jobs.send(
      SCORING_DECAY_JOB,
      {},
      { startAfterSeconds: secondsUntilNightly(), singletonKey: `decay-${nextNight()}` },
    );
  const app = await buildApp({ config, db, log, jobs, mailer });
  // Form submissions stored by a process that stopped before making their leads are finished now.
  await app.services.intake.queue
    .resumeStalled()
    .catch((err: Error) => log.error({ msg: err.message }, 'resuming form submissions failed'));
  // Imports a stopped process left unfinished go on from their last committed chunk.
  void importRunnerOf(db, log, config)
    .resumeAll()
    .catch((err: Error) => log.error({ msg: err.message }, 'resuming imports failed'));
  const stopUpkeep = startEmbeddedUpkeep(db, log);
  const stopDaily = config.jobs ? startDailyJobs(jobs, log) : () => {};
  let closed = false;
  return {
    app,
    db,
    jobs,
    log,
    mailer,
    bootstrapResult,
    async close(waitingFor = () => {}) {
      if (closed) return;
      closed = true;
      stopUpkeep();
      stopDaily();
      waitingFor('the requests in flight');
      // Stops accepting and lets requests in flight finish. A keep-alive connection whose request ends
      // after this point would otherwise hold the shutdown for the whole keep-alive timeout (72 s).
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      stopImportRunner(db);
      waitingFor('the job workers');
      await jobs.stop();
      mailer.close();
      waitingFor('the database to close');
      if (!opts.db) await db.close();
    },
  };
}
