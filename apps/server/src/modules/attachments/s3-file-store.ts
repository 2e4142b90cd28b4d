import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { contentKey, type FileStore, type StoredFile } from './file-store';
import type { S3Location } from './s3-location';

const missing = (err: unknown) =>
  err instanceof S3ServiceException &&
  (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);

/**
 * Attachments in an S3-compatible bucket, one object per content (`<prefix><aa>/<sha256>`): the same
 * file attached twice is uploaded once. Uploads wait in `tempDir` on local disk until their hash is
 * known, then go up as one stream and the temporary file is removed.
 */
export function createS3FileStore(location: S3Location, tempDir: string): FileStore & { client: S3Client } {
  const client = new S3Client({
    region: location.region,
    endpoint: location.endpoint,
    forcePathStyle: location.endpoint !== undefined,
    credentials: location.credentials,
    // Services that only speak plain S3 refuse the newer streamed checksums; ask for them only when needed.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = location.bucket;
  const keyOf = (sha256: string) => `${location.prefix}${contentKey(sha256)}`;

  async function exists(sha256: string) {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(sha256) }));
      return true;
    } catch (err) {
      if (missing(err)) return false;
      throw err;
    }
  }

  return {
    client,
    tempDir,
    async put(tempPath, sha256) {
      try {
        if (await exists(sha256)) return;
        const { size } = await stat(tempPath);
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: keyOf(sha256),
            Body: createReadStream(tempPath),
            ContentLength: size,
            ContentType: 'application/octet-stream',
          }),
        );
      } finally {
        await rm(tempPath, { force: true });
      }
    },
    async open(sha256) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(sha256) }));
        return res.Body instanceof Readable ? res.Body : null;
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
    async remove(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(sha256) }));
    },
    async *list(): AsyncIterable<StoredFile> {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: location.prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          const sha256 = path.posix.basename(o.Key ?? '');
          if (/^[0-9a-f]{64}$/.test(sha256) && o.Key === keyOf(sha256)) yield { sha256, size: o.Size ?? 0 };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
