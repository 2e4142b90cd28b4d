import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

/** Reads `If-Match: 3` (also `"3"` or `W/"3"`) for optimistic concurrency; undefined when absent. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw[0] : raw).trim();
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!m) {
    throw new AppError('bad_request', 400, 'If-Match must be the record version, e.g. If-Match: 3.', [
      { field: 'If-Match', code: 'invalid', message: 'must be a version number' },
    ]);
  }
  return Number(m[1]);
}

export const staleVersion = (current: number) =>
  new AppError(
    'stale_version',
    412,
    `Someone else saved this record first (it is now at version ${current}). Reload it and apply your change again.`,
  );
