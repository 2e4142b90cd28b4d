// Whether the built web interface is older than its sources, and the build itself: `npm start` and
// `npm test` ask the same question, so that a build one of them made is not made again.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const built = path.join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export const webBuildNeeded = () =>
  !existsSync(built) ||
  Math.max(newest(web), newest(path.join(root, 'packages/contract/src'))) > statSync(built).mtimeMs;

/** The build, as `spawn` or `spawnSync` take it. */
export const webBuildCommand = ['npm', ['run', 'build', '--workspace', 'apps/web']];
