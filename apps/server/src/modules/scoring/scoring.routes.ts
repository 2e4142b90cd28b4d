import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  ListQuery,
  ScoringRule,
  ScoringRuleCreate,
  ScoringRulePatch,
  ScoringRun,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { ScoringService } from './scoring.service';

const RuleFactsSchema = z.object({
  lead: z.record(z.string(), z.unknown()),
  company: z.record(z.string(), z.unknown()).nullable(),
  contact: z.record(z.string(), z.unknown()).nullable(),
  events: z.record(z.string(), z.unknown()),
});

export function scoringRoutes(app: FastifyInstance, scoring: ScoringService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Scoring'];
  r.get('/api/v1/scoring-rules', {
    schema: { tags, summary: 'Scoring rules', querystring: ListQuery, response: { 200: page(ScoringRule) } },
    handler: (req) => scoring.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/scoring-rules', {
    schema: {
      tags,
      summary: 'Add a scoring rule (crm_admin); every open lead is re-scored by a job',
      body: ScoringRuleCreate,
      response: { 201: ScoringRule },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await scoring.create(requirePrincipal(req), req.body)),
  });
  r.post('/api/v1/scoring-rules/recompute', {
    schema: {
      tags,
      summary: 'Re-score every open lead (crm_admin): answers the run, whose progress GET scoring-runs gives',
      response: { 202: ScoringRun },
    },
    handler: async (req, reply) => reply.status(202).send(await scoring.recompute(requirePrincipal(req))),
  });
  r.get('/api/v1/leads/:id/rule-facts', {
    schema: {
      tags,
      summary:
        'What scoring and assignment rule conditions read of a lead (`{ lead, company, contact, events }`)',
      params: IdParams,
      response: { 200: RuleFactsSchema },
    },
    handler: (req) => scoring.facts(requirePrincipal(req), req.params.id),
  });
  r.get('/api/v1/scoring-runs/:id', {
    schema: { tags, summary: 'Progress of a re-scoring', params: IdParams, response: { 200: ScoringRun } },
    handler: (req) => scoring.run(requirePrincipal(req), req.params.id),
  });
  r.get('/api/v1/scoring-rules/:id', {
    schema: { tags, summary: 'One scoring rule', params: IdParams, response: { 200: ScoringRule } },
    handler: (req) => scoring.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/scoring-rules/:id', {
    schema: {
      tags,
      summary: 'Change a scoring rule (crm_admin); If-Match: version',
      params: IdParams,
      body: ScoringRulePatch,
      response: { 200: ScoringRule },
    },
    handler: (req) => scoring.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/scoring-rules/:id', {
    schema: {
      tags,
      summary: 'Delete a scoring rule (crm_admin)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await scoring.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
