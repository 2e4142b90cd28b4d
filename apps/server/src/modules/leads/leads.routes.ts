import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CommentCreate,
  IdParams,
  Lead,
  LeadBatch,
  LeadBatchResult,
  LeadCreate,
  LeadCreated,
  LeadFieldsQuery,
  LeadListItem,
  LeadListQuery,
  LeadPatch,
  LeadSummary,
  LeadSummaryQuery,
  ListQuery,
  TimelineItem,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { localizeItemError, requestLocale } from '../../http/errors';
import { sparseWriter } from '../../http/sparse';
import { ifMatchVersion } from '../../http/versioning';
import type { LeadsService } from './leads.service';

export function leadsRoutes(app: FastifyInstance, leads: LeadsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Leads'];
  const sparse = sparseWriter(Lead);
  const sparseList = sparseWriter(LeadListItem);

  r.get('/api/v1/leads', {
    schema: {
      tags,
      summary:
        'List leads: views, filters, full-text q, sort on any listed column, keyset cursor; ' +
        'fields=name,statusId sends only those fields of each lead (and its id)',
      querystring: LeadListQuery.extend(LeadFieldsQuery.shape),
      response: { 200: page(LeadListItem) },
    },
    handler: async (req, reply) => {
      const { fields, ...query } = req.query;
      return sparseList.page(reply, fields, await leads.list(requirePrincipal(req), query, fields));
    },
  });
  r.get('/api/v1/leads/summary', {
    schema: {
      tags,
      summary:
        'Count and target-amount sum per status of the leads the list filters select (groupBy=statusId). ' +
        'targetAmountSum is in the default currency when the status has it; targetAmountSums lists every currency',
      querystring: LeadSummaryQuery,
      response: { 200: LeadSummary },
    },
    handler: (req) => leads.summary(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/leads', {
    schema: {
      tags,
      summary: 'Create a lead (every rule on save applies; 422 lists every field at fault)',
      body: LeadCreate,
      response: { 201: LeadCreated },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await leads.create(requirePrincipal(req), req.body)),
  });
  r.post('/api/v1/leads/batch', {
    schema: {
      tags,
      summary: 'Create several leads; each item succeeds or fails on its own',
      body: LeadBatch,
      response: { 200: LeadBatchResult },
    },
    handler: async (req) => {
      const { results } = await leads.createBatch(requirePrincipal(req), req.body.items);
      const locale = requestLocale(req);
      return {
        results: results.map((r) =>
          r.status < 300 ? r : { ...r, ...localizeItemError(locale, { ...r, detail: r.detail ?? '' }) },
        ),
      };
    },
  });
  r.get('/api/v1/leads/:id', {
    schema: {
      tags,
      summary: 'Get a lead; fields=name,statusId sends only those fields (and its id)',
      params: IdParams,
      querystring: LeadFieldsQuery,
      response: { 200: Lead },
    },
    handler: async (req, reply) =>
      sparse.one(reply, req.query.fields, await leads.get(requirePrincipal(req), req.params.id)),
  });
  r.patch('/api/v1/leads/:id', {
    schema: {
      tags,
      summary: 'Change a lead; If-Match: version (412 when stale); an inactive lead accepts only `active`',
      params: IdParams,
      body: LeadPatch,
      response: { 200: Lead },
    },
    handler: (req) => leads.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/leads/:id', {
    schema: { tags, summary: 'Delete a lead (crm_admin)', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await leads.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.get('/api/v1/leads/:id/timeline', {
    schema: {
      tags,
      summary: "The lead's history and comments, newest first",
      params: IdParams,
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: { 200: z.object({ items: z.array(TimelineItem), nextCursor: z.string().nullable() }) },
    },
    handler: (req) => leads.timeline(requirePrincipal(req), req.params.id, req.query),
  });
  r.post('/api/v1/leads/:id/comments', {
    schema: {
      tags,
      summary: 'Comment on a lead (with an icon and a colour)',
      params: IdParams,
      body: CommentCreate,
      response: { 201: TimelineItem },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await leads.addComment(requirePrincipal(req), req.params.id, req.body)),
  });
}
