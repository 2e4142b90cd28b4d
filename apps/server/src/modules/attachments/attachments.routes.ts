import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { Attachment, IdParams, ListQuery, page } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { AppError, fieldError, invalid } from '../../http/errors';
import type { AttachmentsService, Upload } from './attachments.service';

const HEAD_BYTES = 4100;

/** What the bytes are: the type `file-type` recognises, plain text, or just bytes. Never HTML. */
export async function sniffType(head: Buffer): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  if (head.length > 0 && !head.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
      return 'text/plain';
    } catch {
      /* not text */
    }
  }
  return 'application/octet-stream';
}

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', 413, `The file is larger than ${maxBytes} bytes.`, [
    fieldError('file', 'too_large', `must be at most ${maxBytes} bytes`),
  ]);

/** The multipart field `file`, written to a temporary file as it arrives, hashed and sniffed. */
async function receive(req: FastifyRequest, tempDir: string, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart())
    throw new AppError('unsupported_media_type', 415, 'Send the file as multipart/form-data.', [
      fieldError('Content-Type', 'unsupported_media_type', 'must be multipart/form-data'),
    ]);
  await mkdir(tempDir, { recursive: true });
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } });
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw invalid([fieldError('file', 'required', 'attach the file as the field "file"')]);
  }
  const tempPath = path.join(tempDir, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(part.file, tap, createWriteStream(tempPath));
    if (part.file.truncated) throw tooLarge(maxBytes);
  } catch (err) {
    await rm(tempPath, { force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw err;
  }
  return {
    name: part.filename || 'file',
    size,
    sha256: hash.digest('hex'),
    contentType: await sniffType(Buffer.concat(head)),
    tempPath,
  };
}

/** `attachment; filename="..."; filename*=UTF-8''...`: ASCII fallback and the exact name. */
export function contentDisposition(name: string) {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function attachmentsRoutes(app: FastifyInstance, attachments: AttachmentsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Attachments'];

  r.get('/api/v1/leads/:id/attachments', {
    schema: {
      tags,
      summary: "A lead's attachments, newest first",
      params: IdParams,
      querystring: ListQuery.omit({ sort: true }),
      response: { 200: page(Attachment) },
    },
    handler: (req) => attachments.list(requirePrincipal(req), req.params.id, req.query),
  });
  r.post('/api/v1/leads/:id/attachments', {
    schema: {
      tags,
      summary:
        'Attach a file to a lead (multipart field "file"; 413 beyond the setting attachmentMaxBytes, 25 MB by default)',
      consumes: ['multipart/form-data'],
      params: IdParams,
      response: { 201: Attachment },
    },
    handler: async (req, reply) => {
      const p = requirePrincipal(req);
      const maxBytes = await attachments.uploadLimit(p, req.params.id);
      const upload = await receive(req, attachments.store.tempDir, maxBytes);
      try {
        return reply.status(201).send(await attachments.add(p, req.params.id, upload));
      } finally {
        await rm(upload.tempPath, { force: true });
      }
    },
  });
  r.get('/api/v1/attachments/:id', {
    schema: {
      tags,
      summary: 'The bytes of an attachment, always as a download (never shown inline)',
      params: IdParams,
    },
    handler: async (req, reply) => {
      const { attachment, stream } = await attachments.open(requirePrincipal(req), req.params.id);
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.size))
        .header('content-disposition', contentDisposition(attachment.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  });
  r.delete('/api/v1/attachments/:id', {
    schema: { tags, summary: 'Delete an attachment', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await attachments.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
