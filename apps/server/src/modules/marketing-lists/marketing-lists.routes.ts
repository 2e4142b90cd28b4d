import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  LeadListItem,
  ListQuery,
  MarketingList,
  MarketingListCreate,
  MarketingListMemberParams,
  MarketingListMembersAdd,
  MarketingListMembersAdded,
  MarketingListPatch,
  MarketingListQuery,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { MarketingListsService } from './marketing-lists.service';

export function marketingListsRoutes(app: FastifyInstance, s: MarketingListsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Marketing lists'];
  r.get('/api/v1/marketing-lists', {
    schema: {
      tags,
      summary: 'List marketing lists',
      querystring: MarketingListQuery,
      response: { 200: page(MarketingList) },
    },
    handler: (req) => s.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/marketing-lists', {
    schema: {
      tags,
      summary: 'Create a marketing list (crm_admin)',
      body: MarketingListCreate,
      response: { 201: MarketingList },
    },
    handler: async (req, reply) => reply.status(201).send(await s.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/marketing-lists/:id', {
    schema: { tags, summary: 'Get a marketing list', params: IdParams, response: { 200: MarketingList } },
    handler: (req) => s.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/marketing-lists/:id', {
    schema: {
      tags,
      summary: 'Change a marketing list (crm_admin)',
      params: IdParams,
      body: MarketingListPatch,
      response: { 200: MarketingList },
    },
    handler: (req) => s.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/marketing-lists/:id', {
    schema: {
      tags,
      summary: 'Delete a marketing list (crm_admin)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await s.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/marketing-lists/:id/members', {
    schema: {
      tags,
      summary: 'The members of a list: the leads the user may see',
      params: IdParams,
      querystring: ListQuery,
      response: { 200: page(LeadListItem) },
    },
    handler: (req) => s.members(requirePrincipal(req), req.params.id, req.query),
  });
  r.post('/api/v1/marketing-lists/:id/members', {
    schema: {
      tags,
      summary: 'Add leads to a list (crm_admin, crm_manager, crm_sales)',
      params: IdParams,
      body: MarketingListMembersAdd,
      response: { 200: MarketingListMembersAdded },
    },
    handler: (req) => s.addMembers(requirePrincipal(req), req.params.id, req.body.leadIds),
  });
  r.delete('/api/v1/marketing-lists/:id/members/:leadId', {
    schema: {
      tags,
      summary: 'Remove a lead from a list (crm_admin, crm_manager, crm_sales)',
      params: MarketingListMemberParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await s.removeMember(requirePrincipal(req), req.params.id, req.params.leadId);
      return reply.status(204).send(null);
    },
  });
}
