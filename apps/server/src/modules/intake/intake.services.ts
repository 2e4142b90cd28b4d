import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { Logger } from '../../lib/logger';
import type { LeadsService } from '../leads/leads.service';
import { createFormIntake } from './form-submission';
import { createIntakeQueueService } from './intake-queue.service';
import { createLeadExport } from './lead-export';
import { createWebFormsService } from './web-forms.service';

/** The ways leads come in and go out in bulk: exports, web forms, imports. */
export function createIntakeServices(deps: {
  db: Database;
  config: Config;
  log: Logger;
  leads: LeadsService;
}) {
  const { db } = deps;
  return {
    leadExport: createLeadExport(deps),
    webForms: createWebFormsService({ db }),
    formIntake: createFormIntake(deps),
    queue: createIntakeQueueService({ db }),
  };
}
export type IntakeServices = ReturnType<typeof createIntakeServices>;
