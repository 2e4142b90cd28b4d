import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CommunicationRule,
  CommunicationRuleCreate,
  CommunicationRuleLogEntry,
  CommunicationRulePatch,
  IdParams,
  ListQuery,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { CommunicationRulesService } from './communication-rules.service';

export function communicationRulesRoutes(app: FastifyInstance, rules: CommunicationRulesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Communications'];
  r.get('/api/v1/communication-rules', {
    schema: {
      tags,
      summary: 'Communication rules',
      querystring: ListQuery,
      response: { 200: page(CommunicationRule) },
    },
    handler: (req) => rules.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/communication-rules', {
    schema: {
      tags,
      summary: 'Send a template automatically on a lead event (crm_admin)',
      body: CommunicationRuleCreate,
      response: { 201: CommunicationRule },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await rules.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/communication-rules/:id', {
    schema: {
      tags,
      summary: 'One communication rule',
      params: IdParams,
      response: { 200: CommunicationRule },
    },
    handler: (req) => rules.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/communication-rules/:id', {
    schema: {
      tags,
      summary: 'Change a communication rule (crm_admin); If-Match: version',
      params: IdParams,
      body: CommunicationRulePatch,
      response: { 200: CommunicationRule },
    },
    handler: (req) => rules.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/communication-rules/:id', {
    schema: {
      tags,
      summary: 'Delete a communication rule (crm_admin)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await rules.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/communication-rules/:id/log', {
    schema: {
      tags,
      summary: 'What the rule sent, or why it sent nothing, newest first',
      params: IdParams,
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: {
        200: z.object({ items: z.array(CommunicationRuleLogEntry), nextCursor: z.string().nullable() }),
      },
    },
    handler: (req) => rules.log(requirePrincipal(req), req.params.id, req.query),
  });
}
