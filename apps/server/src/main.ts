import { loadConfig } from './config';
import { createLogger } from './lib/logger';
import { DEMO_PASSWORD, loadDemo } from './modules/setup/demo';
import { startRuntime, type Runtime } from './runtime';
import { stopOnSignals } from './shutdown';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  let rt: Runtime | undefined;
  let stopping = false;
  const start = (async () => {
    rt = await startRuntime(config, { log });
    // A signal during the start lets the start end at the next step instead of cutting it off.
    if (stopping) return undefined;
    const demoLoaded = config.demo ? await loadDemo(rt.app, rt.db, log) : false;
    if (stopping) return undefined;
    const address = await rt.app.listen({ host: config.host, port: config.port });
    return { rt, demoLoaded, address };
  })();
  // Installed before the database opens: a signal during the start must not kill it half-written.
  stopOnSignals(log, async (waitingFor) => {
    stopping = true;
    waitingFor('the start to end');
    await start.catch(() => undefined);
    await rt?.close(waitingFor);
  });

  const started = await start;
  if (!started) return;
  const { address, demoLoaded } = started;
  const b = started.rt.bootstrapResult;
  const lines = [`Leadline is listening on ${address}`, `Database: ${started.rt.db.describe}`];
  if (b.createdAdmin) {
    lines.push(
      b.generatedPassword
        ? `Administrator created: ${b.email} with password ${b.generatedPassword} (shown only this once)`
        : `Administrator created: ${b.email} (password from LEADLINE_ADMIN_PASSWORD)`,
    );
  }
  if (demoLoaded) {
    lines.push(
      `Demo data loaded. Demo users (password ${DEMO_PASSWORD}): manager@demo.leadline, sam@demo.leadline, ` +
        'sara@demo.leadline, mark@demo.leadline, paula@partner.demo (partner)',
    );
  }
  lines.push(`API documentation: ${address}/api/docs`);
  console.log(lines.join('\n'));
}

main().catch((err: Error) => {
  console.error(`Leadline could not start: ${err.message}`);
  process.exit(1);
});
