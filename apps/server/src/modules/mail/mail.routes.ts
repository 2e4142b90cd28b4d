import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, ListQuery, OutboxListQuery, OutboxMessage, page } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { OutboxService } from './mail.service';

export function mailRoutes(app: FastifyInstance, outbox: OutboxService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Mail'];
  r.get('/api/v1/outbox', {
    schema: {
      tags,
      summary: 'Messages sent or kept in the built-in outbox, newest first (crm_admin)',
      querystring: ListQuery.extend(OutboxListQuery.shape),
      response: { 200: page(OutboxMessage) },
    },
    handler: (req) => outbox.list(requirePrincipal(req), req.query),
  });
  r.get('/api/v1/outbox/:id', {
    schema: { tags, summary: 'One message (crm_admin)', params: IdParams, response: { 200: OutboxMessage } },
    handler: (req) => outbox.get(requirePrincipal(req), req.params.id),
  });
}
