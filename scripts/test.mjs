// `npm test`: the integration suite, then the browser tests. The integration suite leaves a core idle for
// much of its run (timers, child servers, PostgreSQL's answers), so the web interface the browser tests
// serve is built meanwhile, its output kept and shown only when it fails.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, webBuildCommand, webBuildNeeded } from './web-build.mjs';

const run = (command, args, stdio = 'inherit') =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

// Without Chromium the browser tests are skipped (scripts/e2e.mjs), and nothing needs the build.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let build = Promise.resolve(0);
let log;
if (existsSync(chromium) && process.env.LEADLINE_SKIP_WEB_BUILD !== '1' && webBuildNeeded()) {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadline-web-build-'));
  log = path.join(dir, 'build.log');
  const out = openSync(log, 'w');
  build = run(...webBuildCommand, ['ignore', out, out]);
}

const integration = await run('npm', ['run', 'test:integration']);
const built = await build;
if (built !== 0) {
  console.error(`Building the web interface failed (exit ${built}):\n${readFileSync(log, 'utf8')}`);
}
if (log) rmSync(path.dirname(log), { recursive: true, force: true });
if (integration !== 0) process.exit(integration);
if (built !== 0) process.exit(built);
const args = process.argv.slice(2);
process.exit(await run('npm', ['run', 'test:e2e', ...(args.length ? ['--', ...args] : [])]));
