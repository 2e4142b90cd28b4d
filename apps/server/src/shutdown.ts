import type { Logger } from './lib/logger';

/** How long a stop may take before the process gives up on it. */
export const SHUTDOWN_LIMIT_MS = 10_000;

/**
 * Stops the process on SIGTERM (a service manager, `kill`) or SIGINT (Ctrl-C) alike, from the first moment
 * of the start: `stop` finishes the requests in flight and closes the database, then the process ends on
 * its own, with status 0, once nothing is left to do. A stop that has not ended after `limitMs` (the stop
 * itself, or whatever still keeps the process alive after it) is logged with what it waits for, and the
 * process exits 1. A repeated signal (npm passes the terminal's signal on to the server, which also
 * received it) changes nothing and only says what the stop waits for.
 */
export function stopOnSignals(
  log: Logger,
  stop: (waitingFor: (what: string) => void) => Promise<void>,
  limitMs = SHUTDOWN_LIMIT_MS,
) {
  let waitingFor: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (waitingFor) {
      log.warn({ signal, waitingFor }, 'already shutting down');
      return;
    }
    waitingFor = 'the stop to begin';
    log.info({ signal }, 'shutting down: finishing requests in flight');
    // Unreferenced: it must not be what keeps the process alive, only what ends a stop that hangs.
    setTimeout(() => {
      log.error(
        { waitingFor, limitMs, activeResources: process.getActiveResourcesInfo() },
        'shutdown did not finish in time',
      );
      process.exit(1);
    }, limitMs).unref();
    stop((what) => (waitingFor = what)).then(
      () => {
        waitingFor = 'the remaining handles to close';
        process.exitCode = 0;
        log.info('stopped cleanly');
      },
      (err: Error) => {
        log.error({ msg: err.message, waitingFor }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
