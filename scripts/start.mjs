// `npm start`: builds the web interface when its sources changed, then runs the server in this process.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, webBuildCommand, webBuildNeeded } from './web-build.mjs';

if (process.env.LEADLINE_SKIP_WEB_BUILD !== '1' && webBuildNeeded()) {
  console.log('Building the web interface...');
  const r = spawnSync(...webBuildCommand, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import(path.join(root, 'apps/server/src/main.ts'));
