import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';
import type { FieldError } from '@leadline/contract';

/**
 * PostgreSQL cannot store a NUL character in text; refusing it here, field by field, keeps every
 * such request a 422 (or 400 in a query) instead of a database error.
 */
export async function rejectNulBytes(request: FastifyRequest) {
  const bodyErrors = findNul(request.body, '');
  if (bodyErrors.length > 0) {
    throw new AppError('validation_failed', 422, 'Text must not contain NUL characters.', bodyErrors);
  }
  const queryErrors = [...findNul(request.query, ''), ...findNul(request.params, '')];
  if (queryErrors.length > 0) {
    throw new AppError('bad_request', 400, 'The query must not contain NUL characters.', queryErrors);
  }
}

function findNul(value: unknown, path: string, out: FieldError[] = [], depth = 0): FieldError[] {
  if (depth > 20 || out.length > 50) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      out.push({ field: path || 'body', code: 'nul_character', message: 'must not contain NUL characters' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNul(v, path ? `${path}.${i}` : String(i), out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000'))
        out.push({
          field: path || 'body',
          code: 'nul_character',
          message: 'keys must not contain NUL characters',
        });
      findNul(v, path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
  return out;
}
