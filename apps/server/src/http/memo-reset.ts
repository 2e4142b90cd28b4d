import type { FastifyInstance } from 'fastify';
import type { Memo } from '../lib/memo';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes that change leads and the records around them, never settings, statuses, users, units,
 * sessions or tokens: what the memo holds stays true after them. Everything else that changes
 * something empties the memo before its answer leaves, so that the next request sees the change.
 */
const dataRoutes = [
  '/api/v1/leads',
  '/api/v1/contacts',
  '/api/v1/companies',
  '/api/v1/opportunities',
  '/api/v1/marketing-lists',
  '/api/v1/saved-views',
];

export function registerMemoReset(app: FastifyInstance, memo: Memo) {
  app.addHook('onSend', async (request, _reply, payload) => {
    if (SAFE_METHODS.has(request.method)) return payload;
    const route = request.routeOptions.url ?? request.url;
    if (!dataRoutes.some((prefix) => route === prefix || route.startsWith(`${prefix}/`))) memo.clear();
    return payload;
  });
}
