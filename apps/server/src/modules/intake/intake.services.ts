import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { JobDefinition, Jobs } from '../../jobs/queue';
import type { Logger } from '../../lib/logger';
import type { LeadHooks } from '../leads/lead-hooks';
import type { LeadsService } from '../leads/leads.service';
import { createFormIntake } from './form-submission';
import { createImportRunner, IMPORT_JOB, type ImportRunner } from './import-runner';
import { createImportsService } from './imports.service';
import { createIntakeQueueService } from './intake-queue.service';
import { createLeadExport } from './lead-export';
import { createWebFormsService } from './web-forms.service';

const runners = new WeakMap<Database, ImportRunner>();

/** One import runner per database: the job workers run imports, the API reads their live progress. */
export function importRunnerOf(db: Database, log: Logger, config: Config) {
  let runner = runners.get(db);
  if (!runner) {
    runner = createImportRunner({ db, log, chunkRows: config.imports.chunkRows });
    runners.set(db, runner);
  }
  return runner;
}

/** Stops the imports running on this database at their next chunk (shutdown); they resume on the next start. */
export function stopImportRunner(db: Database) {
  runners.get(db)?.stop();
  runners.delete(db);
}

/** The jobs of the intake: running an import. */
export function intakeJobs(deps: { db: Database; log: Logger; config: Config }): JobDefinition[] {
  const runner = importRunnerOf(deps.db, deps.log, deps.config);
  return [
    {
      name: IMPORT_JOB,
      retryLimit: 1,
      handler: async (data) => runner.run((data as { id: string }).id),
    },
  ];
}

/** The ways leads come in and go out in bulk: exports, web forms, imports. */
export function createIntakeServices(deps: {
  db: Database;
  config: Config;
  log: Logger;
  jobs?: Jobs;
  leads: LeadsService;
  /** What other modules do when a lead is created: forms and imports fire them as any save does. */
  hooks?: LeadHooks;
}) {
  const { db } = deps;
  const runner = importRunnerOf(db, deps.log, deps.config);
  if (deps.hooks) runner.useHooks(deps.hooks);
  const queue = createIntakeQueueService({ db, hooks: deps.hooks, log: deps.log });
  return {
    leadExport: createLeadExport(deps),
    webForms: createWebFormsService({ db }),
    formIntake: createFormIntake({ ...deps, queue }),
    queue,
    imports: createImportsService({ db, jobs: deps.jobs, runner }),
    importRunner: runner,
  };
}
export type IntakeServices = ReturnType<typeof createIntakeServices>;
