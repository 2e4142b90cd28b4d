import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AssignmentRule,
  AssignmentRuleCreate,
  AssignmentRulePatch,
  IdParams,
  ListQuery,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { AssignmentService } from './assignment.service';

export function assignmentRoutes(app: FastifyInstance, rules: AssignmentService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Assignment'];
  r.get('/api/v1/assignment-rules', {
    schema: {
      tags,
      summary: 'Assignment rules, by position',
      querystring: ListQuery,
      response: { 200: page(AssignmentRule) },
    },
    handler: (req) => rules.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/assignment-rules', {
    schema: {
      tags,
      summary: 'Add an assignment rule (crm_admin): new leads without an owner go to its target',
      body: AssignmentRuleCreate,
      response: { 201: AssignmentRule },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await rules.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/assignment-rules/:id', {
    schema: { tags, summary: 'One assignment rule', params: IdParams, response: { 200: AssignmentRule } },
    handler: (req) => rules.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/assignment-rules/:id', {
    schema: {
      tags,
      summary: 'Change an assignment rule (crm_admin); If-Match: version',
      params: IdParams,
      body: AssignmentRulePatch,
      response: { 200: AssignmentRule },
    },
    handler: (req) => rules.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/assignment-rules/:id', {
    schema: {
      tags,
      summary: 'Delete an assignment rule (crm_admin)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await rules.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
