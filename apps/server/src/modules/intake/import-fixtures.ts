import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Client } from '../../test/harness';

/** A multipart/form-data body as a browser sends it: text fields, then the file. */
export function multipart(
  fields: Record<string, unknown>,
  file?: { name: string; content: Buffer | string },
) {
  const boundary = `----leadline${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${text}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function upload(
  client: Client,
  fields: Record<string, unknown>,
  file?: { name: string; content: Buffer | string },
): Promise<LightMyRequestResponse> {
  const body = multipart(fields, file);
  return client.inject({
    method: 'POST',
    url: '/api/v1/imports',
    payload: body.payload,
    headers: body.headers,
  });
}

export interface ImportState {
  state: string;
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  error: string | null;
  cancelled: boolean;
  encoding: string | null;
  delimiter: string | null;
  rowsPerSecond: number | null;
}

/** Polls the import until it has ended. */
export async function finished(client: Client, id: string, timeoutMs = 60_000): Promise<ImportState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/imports/${id}`);
    const body = res.json<ImportState>();
    if (body.state === 'done' || body.state === 'failed') return body;
    if (Date.now() > until) throw new Error(`import ${id} still ${body.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Windows-1251 bytes of a text in Latin and Cyrillic letters (what Excel on a Russian Windows saves). */
export function windows1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (ch === 'ё') bytes.push(0xb8);
    else if (ch === 'Ё') bytes.push(0xa8);
    else throw new Error(`no Windows-1251 byte for ${ch}`);
  }
  return Buffer.from(bytes);
}

/** Solves the proof-of-work challenge of a form's page as its widget does, and answers the posted payload. */
export async function solvedProof(app: FastifyInstance, slug: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/forms/${slug}/challenge` });
  if (res.statusCode !== 200) throw new Error(`no challenge: ${res.statusCode} ${res.body}`);
  const challenge = res.json<Challenge>();
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the challenge was not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}
