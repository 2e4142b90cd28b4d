import { loadConfig } from './config';
import { DEMO_PASSWORD, loadDemo } from './modules/setup/demo';
import { startRuntime } from './runtime';

async function main() {
  const config = loadConfig();
  const rt = await startRuntime(config);
  const { log } = rt;
  const demoLoaded = config.demo ? await loadDemo(rt.app, rt.db, log) : false;
  const address = await rt.app.listen({ host: config.host, port: config.port });
  const b = rt.bootstrapResult;
  const lines = [`Leadline is listening on ${address}`, `Database: ${rt.db.describe}`];
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await rt.close();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ msg: (err as Error).message }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: Error) => {
  console.error(`Leadline could not start: ${err.message}`);
  process.exit(1);
});
