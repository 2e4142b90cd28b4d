import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiToken, ApiTokenCreate, ApiTokenCreated, IdParams, page } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { ApiTokensService } from './api-tokens.service';

export function apiTokensRoutes(app: FastifyInstance, tokens: ApiTokensService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['API tokens'];
  r.get('/api/v1/api-tokens', {
    schema: { tags, summary: 'List API tokens (crm_admin)', response: { 200: page(ApiToken) } },
    handler: (req) => tokens.list(requirePrincipal(req)),
  });
  r.post('/api/v1/api-tokens', {
    schema: {
      tags,
      summary: 'Create an API token; the token is shown only in this answer',
      body: ApiTokenCreate,
      response: { 201: ApiTokenCreated },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await tokens.create(requirePrincipal(req), req.body)),
  });
  r.delete('/api/v1/api-tokens/:id', {
    schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await tokens.revoke(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
