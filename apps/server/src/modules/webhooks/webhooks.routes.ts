import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  ListQuery,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookPatch,
  WebhookWithSecret,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { WebhooksService } from './webhooks.service';

export function webhooksRoutes(app: FastifyInstance, webhooks: WebhooksService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Webhooks'];
  const pageOf = <T extends z.ZodType>(item: T) =>
    z.object({ items: z.array(item), nextCursor: z.string().nullable() });
  r.get('/api/v1/webhooks', {
    schema: {
      tags,
      summary: 'Webhooks (crm_admin)',
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: { 200: pageOf(Webhook) },
    },
    handler: (req) => webhooks.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/webhooks', {
    schema: {
      tags,
      summary:
        'Create a webhook (crm_admin); the answer holds its signing secret (whsec_...), shown this once',
      body: WebhookCreate,
      response: { 201: WebhookWithSecret },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await webhooks.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/webhooks/:id', {
    schema: { tags, summary: 'One webhook', params: IdParams, response: { 200: Webhook } },
    handler: (req) => webhooks.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/webhooks/:id', {
    schema: {
      tags,
      summary: 'Change a webhook; active=true switches a disabled one on again',
      params: IdParams,
      body: WebhookPatch,
      response: { 200: Webhook },
    },
    handler: (req) => webhooks.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/webhooks/:id', {
    schema: { tags, summary: 'Delete a webhook', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await webhooks.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/webhooks/:id/deliveries', {
    schema: {
      tags,
      summary: 'The delivery log: status, attempts, duration and an excerpt of the answer, newest first',
      params: IdParams,
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: { 200: pageOf(WebhookDelivery) },
    },
    handler: (req) => webhooks.deliveries(requirePrincipal(req), req.params.id, req.query),
  });
  r.post('/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver', {
    schema: {
      tags,
      summary: 'Send a delivery again now',
      params: z.object({ id: z.uuid(), deliveryId: z.uuid() }),
      response: { 200: WebhookDelivery },
    },
    handler: (req) => webhooks.redeliver(requirePrincipal(req), req.params.id, req.params.deliveryId),
  });
}
