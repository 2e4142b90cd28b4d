import path from 'node:path';
import type { Config } from '../../config';
import { createDiskFileStore, type FileStore } from './file-store';
import { createS3FileStore } from './s3-file-store';
import { parseS3Url } from './s3-location';

/** The attachment store the configuration names: the S3 bucket of `S3_URL`, or the data directory. */
export function fileStoreOf(config: Pick<Config, 'dataDir' | 's3Url'>): FileStore {
  if (!config.s3Url) return createDiskFileStore(config.dataDir);
  return createS3FileStore(parseS3Url(config.s3Url), path.join(config.dataDir, 'files', 'tmp'));
}
