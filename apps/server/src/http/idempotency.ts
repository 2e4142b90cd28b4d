import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client';
import { sha256 } from '../lib/tokens';
import { AppError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principalId: string; key: string } | null;
  }
}

const ANONYMOUS = '00000000-0000-0000-0000-000000000000';
const WAIT_MS = 15_000;

/**
 * `Idempotency-Key` on any POST: the first answer is kept for 24 hours and replayed to every repeat.
 * The key is claimed with an INSERT before the handler runs, so of two concurrent requests with one key
 * exactly one does the work; the other waits for its answer.
 */
export function registerIdempotency(app: FastifyInstance, db: Queryable) {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new AppError('bad_request', 400, 'Idempotency-Key must be 1-200 visible ASCII characters.', [
        { field: 'Idempotency-Key', code: 'invalid', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const principalId = request.principal?.userId ?? ANONYMOUS;
    const path = request.url.split('?')[0];
    const hash = requestHash(request);
    await db.query(
      `DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2 AND created_at < now() - interval '24 hours'`,
      [principalId, key],
    );
    const claimed = await db.query(
      `INSERT INTO idempotency_keys (principal_id, key, method, path, request_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
      [principalId, key, request.method, path, hash],
    );
    if (claimed.length > 0) {
      request.idempotency = { principalId, key };
      return;
    }
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const [row] = await db.query<{
        state: string;
        request_hash: string;
        status_code: number | null;
        content_type: string | null;
        body: string | null;
      }>(
        `SELECT state, request_hash, status_code, content_type, body FROM idempotency_keys
          WHERE principal_id = $1 AND key = $2`,
        [principalId, key],
      );
      if (!row) {
        // The first request failed and released the key: this one may do the work instead.
        const again = await db.query(
          `INSERT INTO idempotency_keys (principal_id, key, method, path, request_hash)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
          [principalId, key, request.method, path, hash],
        );
        if (again.length > 0) {
          request.idempotency = { principalId, key };
          return;
        }
        continue;
      }
      if (row.request_hash !== hash) {
        throw new AppError(
          'idempotency_key_reused',
          422,
          'This Idempotency-Key was already used for a different request.',
          [{ field: 'Idempotency-Key', code: 'reused', message: 'was used for a different request' }],
        );
      }
      if (row.state === 'done') {
        return reply
          .status(row.status_code ?? 200)
          .header('content-type', row.content_type ?? 'application/json; charset=utf-8')
          .header('idempotent-replayed', 'true')
          .send(row.body ?? '');
      }
      if (Date.now() > deadline) {
        throw new AppError(
          'idempotency_in_progress',
          409,
          'A request with this Idempotency-Key is still running.',
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      // Nothing durable to replay: free the key so that a retry does the work.
      await db.query('DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2', [
        claim.principalId,
        claim.key,
      ]);
      return payload;
    }
    await db.query(
      `UPDATE idempotency_keys SET state = 'done', status_code = $3, content_type = $4, body = $5
        WHERE principal_id = $1 AND key = $2`,
      [
        claim.principalId,
        claim.key,
        reply.statusCode,
        String(reply.getHeader('content-type') ?? ''),
        payload,
      ],
    );
    return payload;
  });
}

function requestHash(request: FastifyRequest) {
  return sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
}

export async function purgeIdempotencyKeys(db: Queryable) {
  await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`);
}
