/**
 * `npm run backup -- FILE [--logical]` and `npm run restore -- FILE [--force]`, with the same environment
 * as the server (DATABASE_URL or LEADLINE_DATA_DIR).
 *
 * On PGlite only one process may open the data directory. While the server runs, the backup is asked
 * of it (`GET /api/v1/admin/backup` at LEADLINE_URL, by default http://127.0.0.1:$PORT, with the API
 * token of an administrator in LEADLINE_BACKUP_TOKEN); when it is stopped, the directory is dumped here.
 * A restore on PGlite needs the server stopped.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { loadConfig } from '../config';
import { openPglite, openPostgres } from '../db/client';
import { restoreBackup, writeBackup } from './backup';

async function serverAnswers(base: string) {
  try {
    await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const [command, file, ...rest] = process.argv.slice(2);
  if (!['backup', 'restore'].includes(command ?? '') || !file) {
    console.error('usage: npm run backup -- FILE [--logical] | npm run restore -- FILE [--force]');
    process.exit(2);
  }
  const config = loadConfig();
  const base = process.env.LEADLINE_URL ?? `http://127.0.0.1:${config.port}`;

  if (command === 'backup') {
    if (config.databaseUrl) {
      const db = openPostgres(config.databaseUrl, { max: 1 });
      try {
        const m = await writeBackup({
          db,
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          out: createWriteStream(file),
          // Through the driver even where pg_dump is installed.
          method: rest.includes('--logical') ? 'logical' : undefined,
        });
        console.log(`Backup written to ${file}: ${m.counts.leads} leads, ${m.counts.files} files.`);
      } finally {
        await db.close();
      }
      return;
    }
    if (await serverAnswers(base)) {
      const token = process.env.LEADLINE_BACKUP_TOKEN;
      if (!token)
        throw new Error(
          `The server at ${base} holds the data directory: set LEADLINE_BACKUP_TOKEN to an administrator's API token and the backup goes through it.`,
        );
      const res = await fetch(`${base}/api/v1/admin/backup`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok || !res.body) throw new Error(`The server answered ${res.status}: ${await res.text()}`);
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(file));
      console.log(`Backup written to ${file} by the server at ${base}.`);
      return;
    }
    const db = await openPglite(config.dataDir);
    try {
      const m = await writeBackup({ db, dataDir: config.dataDir, out: createWriteStream(file) });
      console.log(`Backup written to ${file}: ${m.counts.leads} leads, ${m.counts.files} files.`);
    } finally {
      await db.close();
    }
    return;
  }

  if (!config.databaseUrl && (await serverAnswers(base)))
    throw new Error(`Stop the server at ${base} first: a restore replaces the data directory it holds.`);
  const { manifest, movedAside } = await restoreBackup({
    input: createReadStream(file),
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    force: rest.includes('--force'),
  });
  console.log(
    `Restored the backup of ${manifest.createdAt}: ${manifest.counts.leads} leads, ${manifest.counts.files} files.` +
      (movedAside ? ` The data directory it replaced is kept in ${movedAside}.` : ''),
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
