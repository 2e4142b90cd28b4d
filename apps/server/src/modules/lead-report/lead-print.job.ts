import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { JobDefinition, Jobs } from '../../jobs/queue';
import { createActivitiesService } from '../activities/activities.service';
import { fileStoreOf } from '../attachments/store-of-config';
import { createLeadsService } from '../leads/leads.service';
import { createOpportunitiesService } from '../opportunities/opportunities.service';
import { createLeadPrintService, LEAD_PRINT_JOB } from './lead-print.service';
import { createLeadReportService } from './lead-report.service';

/** The bulk print job: the report's readers are built here (they only read), as the job runs outside a request. */
export function leadPrintJobs(deps: {
  db: Database;
  config: Pick<Config, 'dataDir' | 's3Url'>;
  jobs: Pick<Jobs, 'send'>;
}): JobDefinition[] {
  const { db } = deps;
  const prints = createLeadPrintService({
    db,
    store: fileStoreOf(deps.config),
    reports: createLeadReportService({
      db,
      leads: createLeadsService({ db }),
      activities: createActivitiesService({ db, jobs: deps.jobs }),
      opportunities: createOpportunitiesService({ db }),
    }),
  });
  return [
    { name: LEAD_PRINT_JOB, retryLimit: 1, handler: (data) => prints.run((data as { id: string }).id) },
  ];
}
