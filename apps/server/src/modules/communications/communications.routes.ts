import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CommunicationCreate,
  IdParams,
  LeadMessage,
  ListQuery,
  RenderedMessage,
  Template,
  TemplateCreate,
  TemplatePatch,
  TemplatePreviewBody,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { CommunicationsService } from './communications.service';
import type { TemplatesService } from './templates.service';

export function communicationsRoutes(
  app: FastifyInstance,
  templates: TemplatesService,
  communications: CommunicationsService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Communications'];

  r.get('/api/v1/templates', {
    schema: { tags, summary: 'Message templates', querystring: ListQuery, response: { 200: page(Template) } },
    handler: (req) => templates.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/templates', {
    schema: {
      tags,
      summary:
        'Create a template (crm_admin): Liquid over lead, contact, company and owner; an unknown variable is refused with its position',
      body: TemplateCreate,
      response: { 201: Template },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await templates.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/templates/:id', {
    schema: { tags, summary: 'One template', params: IdParams, response: { 200: Template } },
    handler: (req) => templates.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/templates/:id', {
    schema: {
      tags,
      summary: 'Change a template (crm_admin); If-Match: version',
      params: IdParams,
      body: TemplatePatch,
      response: { 200: Template },
    },
    handler: (req) => templates.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/templates/:id', {
    schema: { tags, summary: 'Delete a template (crm_admin)', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await templates.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  r.post('/api/v1/templates/:id/preview', {
    schema: {
      tags,
      summary: 'The message the template makes for a lead (nothing is sent); SMS with its segment count',
      params: IdParams,
      body: TemplatePreviewBody,
      response: { 200: RenderedMessage },
    },
    handler: (req) => templates.preview(requirePrincipal(req), req.params.id, req.body.leadId),
  });

  r.post('/api/v1/leads/:id/communications', {
    schema: {
      tags,
      summary:
        "Send an e-mail to the lead's contact addresses from a template or free text; Do not email is always honoured (422 naming the flag)",
      params: IdParams,
      body: CommunicationCreate,
      response: { 201: LeadMessage },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await communications.send(requirePrincipal(req), req.params.id, req.body)),
  });
  r.get('/api/v1/leads/:id/communications', {
    schema: {
      tags,
      summary: 'Messages sent from a lead, newest first, each with its delivery state',
      params: IdParams,
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: { 200: z.object({ items: z.array(LeadMessage), nextCursor: z.string().nullable() }) },
    },
    handler: (req) => communications.list(requirePrincipal(req), req.params.id, req.query),
  });
}
