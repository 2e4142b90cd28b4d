import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActiveFilter,
  DisqualificationCode,
  DisqualificationCodeCreate,
  DisqualificationCodePatch,
  IdParams,
  LeadStatus,
  LeadStatusCreate,
  LeadStatusPatch,
  LeadStatusReorder,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { StatusesService } from './statuses.service';

const activeOf = (q: { active?: 'true' | 'false' }) =>
  q.active === undefined ? undefined : q.active === 'true';

export function statusesRoutes(app: FastifyInstance, s: StatusesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Pipeline configuration'];

  r.get('/api/v1/lead-statuses', {
    schema: {
      tags,
      summary: 'Statuses in pipeline order',
      querystring: ActiveFilter,
      response: { 200: page(LeadStatus) },
    },
    handler: (req) => s.listStatuses(requirePrincipal(req), activeOf(req.query)),
  });
  r.post('/api/v1/lead-statuses', {
    schema: {
      tags,
      summary: 'Add a status (crm_admin)',
      body: LeadStatusCreate,
      response: { 201: LeadStatus },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await s.createStatus(requirePrincipal(req), req.body)),
  });
  r.post('/api/v1/lead-statuses/reorder', {
    schema: {
      tags,
      summary: 'Set the order of the statuses (crm_admin)',
      body: LeadStatusReorder,
      response: { 200: page(LeadStatus) },
    },
    handler: (req) => s.reorderStatuses(requirePrincipal(req), req.body.ids),
  });
  r.get('/api/v1/lead-statuses/:id', {
    schema: { tags, summary: 'Get a status', params: IdParams, response: { 200: LeadStatus } },
    handler: (req) => s.getStatus(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/lead-statuses/:id', {
    schema: {
      tags,
      summary: 'Rename, recolour, move or retire a status (crm_admin)',
      params: IdParams,
      body: LeadStatusPatch,
      response: { 200: LeadStatus },
    },
    handler: (req) => s.updateStatus(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/lead-statuses/:id', {
    schema: {
      tags,
      summary: 'Delete an unused status (crm_admin); a used one is retired instead',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await s.deleteStatus(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/disqualification-codes', {
    schema: {
      tags,
      summary: 'Disqualification codes',
      querystring: ActiveFilter,
      response: { 200: page(DisqualificationCode) },
    },
    handler: (req) => s.listCodes(requirePrincipal(req), activeOf(req.query)),
  });
  r.post('/api/v1/disqualification-codes', {
    schema: {
      tags,
      summary: 'Add a code (crm_admin)',
      body: DisqualificationCodeCreate,
      response: { 201: DisqualificationCode },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await s.createCode(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/disqualification-codes/:id', {
    schema: { tags, summary: 'Get a code', params: IdParams, response: { 200: DisqualificationCode } },
    handler: (req) => s.getCode(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/disqualification-codes/:id', {
    schema: {
      tags,
      summary: 'Change a code (crm_admin)',
      params: IdParams,
      body: DisqualificationCodePatch,
      response: { 200: DisqualificationCode },
    },
    handler: (req) => s.updateCode(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/disqualification-codes/:id', {
    schema: {
      tags,
      summary: 'Delete an unused code (crm_admin)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await s.deleteCode(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
