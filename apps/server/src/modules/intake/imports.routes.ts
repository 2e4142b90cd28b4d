import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  ImportMapping,
  ImportMappingQuery,
  ImportOptions,
  ImportStatus,
  ListQuery,
  page,
  type FieldError,
} from '@leadline/contract';
import type { Config } from '../../config';
import { requirePrincipal } from '../../http/auth';
import { AppError, fieldError, invalid } from '../../http/errors';
import { idRoutes } from '../../http/id-routes';
import type { ImportsService } from './imports.service';

const textFields = ['mapping', 'defaults', 'duplicatePolicy', 'mode', 'dryRun', 'headers'] as const;

/** What a file is from its name, or from its first bytes (an XLSX is a zip archive). */
const formatOf = (name: string, head: Buffer): 'csv' | 'xlsx' =>
  /\.xlsx$/i.test(name) || (head[0] === 0x50 && head[1] === 0x4b) ? 'xlsx' : 'csv';

/**
 * Reads the multipart upload: the file goes straight to disk as it arrives (never whole in memory),
 * the other fields are small text. Anything wrong removes the stored file.
 */
async function receive(req: FastifyRequest, dir: string, maxBytes: number) {
  if (!req.isMultipart())
    throw new AppError('unsupported_media_type', 415, 'Send the file as multipart/form-data.', [
      fieldError('Content-Type', 'unsupported_media_type', 'must be multipart/form-data'),
    ]);
  await mkdir(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let file: { name: string; path: string; head: Buffer } | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          continue;
        }
        const target = path.join(dir, `${randomUUID()}.upload`);
        file = { name: part.filename || 'upload', path: target, head: Buffer.alloc(0) };
        const current = file;
        part.file.once('data', (chunk: Buffer) => {
          current.head = chunk.subarray(0, 8);
        });
        await pipeline(part.file, createWriteStream(target));
      } else if ((textFields as readonly string[]).includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    if (file) await rm(file.path, { force: true });
    throw err;
  }
  return { fields, file };
}

function optionsOf(fields: Record<string, string>) {
  const errors: FieldError[] = [];
  const jsonOf = (name: 'mapping' | 'defaults') => {
    if (fields[name] === undefined) return undefined;
    try {
      return JSON.parse(fields[name]) as unknown;
    } catch {
      errors.push(fieldError(name, 'invalid_json', 'must be JSON'));
      return undefined;
    }
  };
  const raw = {
    mapping: jsonOf('mapping'),
    defaults: jsonOf('defaults'),
    duplicatePolicy: fields.duplicatePolicy || undefined,
    mode: fields.mode || undefined,
    dryRun: fields.dryRun === undefined ? undefined : /^(true|1|yes|on)$/i.test(fields.dryRun.trim()),
  };
  if (errors.length) throw invalid(errors);
  if (raw.mapping === undefined) throw invalid([fieldError('mapping', 'required', 'is required')]);
  const headers = headersOf(fields.headers);
  if (headers === 'invalid')
    throw invalid([fieldError('headers', 'invalid', "must be a JSON list of the file's column headers")]);
  const parsed = ImportOptions.safeParse(raw);
  if (!parsed.success)
    for (const i of parsed.error.issues)
      errors.push(fieldError(i.path.map(String).join('.') || 'body', i.code, i.message));
  if (errors.length || !parsed.success) throw invalid(errors);
  return { options: parsed.data, headers };
}

/** The optional `headers` field: the file's column headers as the client read them. */
function headersOf(raw: string | undefined): string[] | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    if (Array.isArray(v) && v.length <= 500 && v.every((h) => typeof h === 'string' && h.length <= 200))
      return v as string[];
  } catch {
    // answered below
  }
  return 'invalid';
}

export function importsRoutes(app: FastifyInstance, imports: ImportsService, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Imports'];
  const dir = path.join(config.dataDir, 'imports');

  r.post('/api/v1/imports', {
    schema: {
      tags,
      summary:
        'Import leads from a CSV or XLSX file (multipart: file, mapping JSON { "<column>": "<lead field>" }, ' +
        'defaults JSON, duplicatePolicy skip|update|create, mode all-or-nothing|keep-good-rows, dryRun); ' +
        '202 { id }, then follow GET /api/v1/imports/{id}',
      consumes: ['multipart/form-data'],
      response: { 202: z.object({ id: z.uuid() }) },
    },
    handler: async (req, reply) => {
      const p = requirePrincipal(req);
      const { fields, file } = await receive(req, dir, config.imports.maxBytes);
      try {
        const { options, headers } = optionsOf(fields);
        if (!file) throw invalid([fieldError('file', 'required', 'attach the file as the field "file"')]);
        const { size } = await stat(file.path);
        const started = await imports.start(
          p,
          { name: file.name.slice(0, 300), path: file.path, size, format: formatOf(file.name, file.head) },
          options,
          headers,
        );
        return reply.status(202).send(started);
      } catch (err) {
        if (file) await rm(file.path, { force: true });
        throw err;
      }
    },
  });
  r.get('/api/v1/imports', {
    schema: {
      tags,
      summary: 'The imports the user started, newest first (an administrator sees every import)',
      querystring: ListQuery,
      response: { 200: page(ImportStatus) },
    },
    handler: (req) => imports.list(requirePrincipal(req), req.query),
  });
  r.get('/api/v1/imports/mapping', {
    schema: {
      tags,
      summary:
        'The mapping, defaults, policy and mode the user last chose for a file with the same headers ' +
        '(remembered when an import is started with its `headers`); null fields when there is none',
      querystring: ImportMappingQuery,
      response: { 200: ImportMapping },
    },
    handler: (req) => imports.mapping(requirePrincipal(req), req.query.header),
  });
  const byId = idRoutes(app, tags);
  byId.get(
    '/api/v1/imports/:id',
    'Progress and outcome of an import: state, counts, rows per second',
    ImportStatus,
    (p, id) => imports.get(p, id),
  );
  byId.post(
    '/api/v1/imports/:id/cancel',
    'Cancel an import: keep-good-rows keeps the chunks already written, the other modes nothing',
    ImportStatus,
    (p, id) => imports.cancel(p, id),
  );
  r.get('/api/v1/imports/:id/rejects.csv', {
    schema: {
      tags,
      summary: 'Every rejected row of an import: line, column, reason (CSV, UTF-8 with BOM)',
      params: IdParams,
      produces: ['text/csv'],
    },
    handler: async (req, reply) => {
      const body = await imports.rejects(requirePrincipal(req), req.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${req.params.id}-rejects.csv"`)
        .send(body);
    },
  });
}
