import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** One stored content: its hash and its size in bytes. */
export interface StoredFile {
  sha256: string;
  size: number;
}

/**
 * Where the bytes of attachments live, by the SHA-256 of their content: the same file attached twice is
 * stored once. The built-in store keeps them on disk under `LEADLINE_DATA_DIR/files`; with `S3_URL` set
 * they live in an S3-compatible bucket (s3-file-store.ts). Backups read and restore through it.
 */
export interface FileStore {
  /** Takes over a finished upload (a temporary file) as the content `sha256`. */
  put(tempPath: string, sha256: string): Promise<void>;
  /** The content's bytes, or null when it is missing. */
  open(sha256: string): Promise<Readable | null>;
  remove(sha256: string): Promise<void>;
  /** Every stored content (for a backup). */
  list(): AsyncIterable<StoredFile>;
  /** A directory for uploads in progress. */
  readonly tempDir: string;
}

const validHash = (h: string) => /^[0-9a-f]{64}$/.test(h);

/** The name of a content inside the store, `<first two hex digits>/<sha256>`: on disk and in a bucket. */
export function contentKey(sha256: string) {
  if (!validHash(sha256)) throw new Error('not a content hash');
  return `${sha256.slice(0, 2)}/${sha256}`;
}

export function createDiskFileStore(dataDir: string): FileStore {
  const root = path.join(dataDir, 'files');
  const tempDir = path.join(root, 'tmp');
  const pathOf = (sha256: string) => path.join(root, ...contentKey(sha256).split('/'));
  return {
    tempDir,
    async put(tempPath, sha256) {
      const target = pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true });
      // Same content, same bytes: a rename over an existing copy changes nothing.
      await rename(tempPath, target);
    },
    async open(sha256) {
      const file = pathOf(sha256);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return createReadStream(file);
    },
    async remove(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
    async *list() {
      if (!existsSync(root)) return;
      for (const dir of (await readdir(root, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        if (!dir.isDirectory() || !/^[0-9a-f]{2}$/.test(dir.name)) continue;
        for (const name of (await readdir(path.join(root, dir.name))).sort()) {
          if (!validHash(name) || !name.startsWith(dir.name)) continue;
          const { size } = await stat(path.join(root, dir.name, name));
          yield { sha256: name, size };
        }
      }
    },
  };
}
