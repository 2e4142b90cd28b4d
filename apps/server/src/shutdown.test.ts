import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A process that stops with `stopOnSignals` and the given stop; answers its exit code and output. */
async function stopWith(stopBody: string, signals: NodeJS.Signals[]) {
  const script = `
    import { createLogger } from ${JSON.stringify(path.join(here, 'lib/logger.ts'))};
    import { stopOnSignals } from ${JSON.stringify(path.join(here, 'shutdown.ts'))};
    stopOnSignals(createLogger('info'), async (waitingFor) => { ${stopBody} }, 500);
    setInterval(() => {}, 1000).unref();
    const busy = setInterval(() => {}, 1000);
    process.on('SIGTERM', () => clearInterval(busy));
    process.on('SIGINT', () => clearInterval(busy));
    console.log('ready');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while (!out.includes('ready')) await new Promise((r) => setTimeout(r, 20));
  for (const signal of signals) {
    child.kill(signal);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { code: await exited, out };
}

describe('stopping on a signal', () => {
  it('exits 0 on its own once the stop is done, on SIGINT as on SIGTERM, a repeated signal changing nothing', async () => {
    // The stop lasts long enough for the repeated signal to arrive during it, not while the process exits.
    const { code, out } = await stopWith(
      "waitingFor('the database to close'); await new Promise((r) => setTimeout(r, 250));",
      ['SIGINT', 'SIGTERM'],
    );
    expect(code, out).toBe(0);
    expect(out).toContain('"signal":"SIGINT","msg":"shutting down');
    expect(out).toContain('stopped cleanly');
    expect(out).not.toContain('did not finish');
  }, 30_000);

  it('a stop that does not end in time is logged with what it waits for, and exits 1', async () => {
    const { code, out } = await stopWith(
      "waitingFor('the job workers'); await new Promise(() => setInterval(() => {}, 1000));",
      ['SIGTERM', 'SIGTERM'],
    );
    expect(code, out).toBe(1);
    expect(out).toMatch(/"waitingFor":"the job workers".*"msg":"already shutting down"/);
    expect(out).toMatch(
      /"waitingFor":"the job workers".*"activeResources":\[.*"Timeout".*"msg":"shutdown did not finish in time"/,
    );
    expect(out).not.toContain('stopped cleanly');
  }, 30_000);

  it('something left running after a clean stop is named, and the process exits 1', async () => {
    const { code, out } = await stopWith('setInterval(() => {}, 1000);', ['SIGTERM']);
    expect(code, out).toBe(1);
    expect(out).toContain('stopped cleanly');
    expect(out).toMatch(
      /"waitingFor":"the remaining handles to close".*"msg":"shutdown did not finish in time"/,
    );
  }, 30_000);
});
