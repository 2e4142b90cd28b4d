import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  ListQuery,
  Opportunity,
  OpportunityCreate,
  OpportunityHistoryItem,
  OpportunityListQuery,
  OpportunityPatch,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { OpportunitiesService } from './opportunities.service';

export function opportunitiesRoutes(app: FastifyInstance, s: OpportunitiesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Opportunities'];
  r.get('/api/v1/opportunities', {
    schema: {
      tags,
      summary: 'List opportunities',
      querystring: ListQuery.extend(OpportunityListQuery.shape),
      response: { 200: page(Opportunity) },
    },
    handler: (req) => s.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/opportunities', {
    schema: {
      tags,
      summary: 'Create an opportunity',
      body: OpportunityCreate,
      response: { 201: Opportunity },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/opportunities/:id', {
    schema: { tags, summary: 'Get an opportunity', params: IdParams, response: { 200: Opportunity } },
    handler: (req) => s.get(requirePrincipal(req), req.params.id),
  });
  r.get('/api/v1/opportunities/:id/history', {
    schema: {
      tags,
      summary: "The opportunity's history (created, changed field by field), newest first",
      params: IdParams,
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: {
        200: z.object({ items: z.array(OpportunityHistoryItem), nextCursor: z.string().nullable() }),
      },
    },
    handler: (req) => s.history(requirePrincipal(req), req.params.id, req.query),
  });
  r.patch('/api/v1/opportunities/:id', {
    schema: {
      tags,
      summary: 'Change an opportunity; stage won turns a prospect company into a customer',
      params: IdParams,
      body: OpportunityPatch,
      response: { 200: Opportunity },
    },
    handler: (req) => s.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/opportunities/:id', {
    schema: {
      tags,
      summary: 'Delete an opportunity (crm_admin)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await s.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
