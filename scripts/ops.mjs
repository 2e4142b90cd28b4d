// `npm run backup -- FILE` / `npm run restore -- FILE [--force]`: the server's TypeScript, run through tsx.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { register } = await import('tsx/esm/api');
register();
await import(path.join(root, 'apps/server/src/ops/backup-cli.ts'));
