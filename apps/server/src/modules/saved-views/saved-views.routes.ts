import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, ListQuery, SavedView, SavedViewCreate, SavedViewPatch, page } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { SavedViewsService } from './saved-views.service';

export function savedViewsRoutes(app: FastifyInstance, views: SavedViewsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Saved views'];

  r.get('/api/v1/saved-views', {
    schema: {
      tags,
      summary: "The user's own saved views and every shared one (partner users: their own only)",
      querystring: ListQuery,
      response: { 200: page(SavedView) },
    },
    handler: (req) => views.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/saved-views', {
    schema: {
      tags,
      summary: 'Save a view of the lead list (view, filters, sort, columns); shared=true publishes it',
      body: SavedViewCreate,
      response: { 201: SavedView },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await views.create(requirePrincipal(req), req.body)),
  });
  r.patch('/api/v1/saved-views/:id', {
    schema: {
      tags,
      summary: 'Change a saved view (its owner only); If-Match: version (412 when stale)',
      params: IdParams,
      body: SavedViewPatch,
      response: { 200: SavedView },
    },
    handler: (req) => views.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/saved-views/:id', {
    schema: {
      tags,
      summary: 'Delete a saved view (its owner; a crm_admin may delete a shared one)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await views.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
