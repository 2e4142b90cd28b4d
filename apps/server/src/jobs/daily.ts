import type { Logger } from '../lib/logger';
import { OVERDUE_RULES_JOB } from '../modules/communications/communication-rule-hooks';
import type { Jobs } from './queue';

/** Jobs run once a day (and once soon after a start): each is safe to run more often than that. */
export const dailyJobs = [OVERDUE_RULES_JOB] as const;

const HOUR = 3600_000;

/**
 * Queues each daily job a minute after the start and then every six hours: the jobs themselves decide
 * what is due (an overdue rule fires once per lead and overdue spell), so a missed or extra run is harmless.
 */
export function startDailyJobs(
  jobs: Pick<Jobs, 'send'>,
  log: Logger,
  everyMs = 6 * HOUR,
  firstAfterMs = 60_000,
) {
  const run = () => {
    for (const name of dailyJobs)
      jobs
        .send(name, {})
        .catch((err: Error) => log.error({ msg: err.message, job: name }, 'queuing a daily job failed'));
  };
  const first = setTimeout(run, firstAfterMs);
  const every = setInterval(run, everyMs);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
