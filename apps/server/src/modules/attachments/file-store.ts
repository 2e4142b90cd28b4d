import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where the bytes of attachments live, by the SHA-256 of their content: the same file attached twice is
 * stored once. The built-in store keeps them on disk under `LEADLINE_DATA_DIR/files`; an S3-compatible
 * bucket implements the same three operations.
 */
export interface FileStore {
  /** Takes over a finished upload (a temporary file) as the content `sha256`. */
  put(tempPath: string, sha256: string): Promise<void>;
  /** The content's bytes, or null when it is missing. */
  open(sha256: string): Promise<Readable | null>;
  remove(sha256: string): Promise<void>;
  /** A directory for uploads in progress. */
  readonly tempDir: string;
}

const validHash = (h: string) => /^[0-9a-f]{64}$/.test(h);

export function createDiskFileStore(dataDir: string): FileStore {
  const root = path.join(dataDir, 'files');
  const tempDir = path.join(root, 'tmp');
  const pathOf = (sha256: string) => {
    if (!validHash(sha256)) throw new Error('not a content hash');
    return path.join(root, sha256.slice(0, 2), sha256);
  };
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
  };
}
