import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IdParams,
  IntakeListQuery,
  IntakePatch,
  IntakeSubmission,
  ListQuery,
  WebForm,
  WebFormCreate,
  WebFormPatch,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { IntakeQueueService } from './intake-queue.service';
import type { WebFormsService } from './web-forms.service';

/** Administration of the web forms and of the submissions needing attention. */
export function webFormsRoutes(app: FastifyInstance, forms: WebFormsService, queue: IntakeQueueService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Web forms'];

  r.get('/api/v1/web-forms', {
    schema: {
      tags,
      summary: 'List web forms (crm_admin)',
      querystring: ListQuery,
      response: { 200: page(WebForm) },
    },
    handler: (req) => forms.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/web-forms', {
    schema: {
      tags,
      summary: 'Create a web form (crm_admin); its page is served at /forms/{slug}',
      body: WebFormCreate,
      response: { 201: WebForm },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await forms.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/web-forms/:id', {
    schema: { tags, summary: 'Get a web form', params: IdParams, response: { 200: WebForm } },
    handler: (req) => forms.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/web-forms/:id', {
    schema: {
      tags,
      summary: 'Change a web form; If-Match: version. A new consent text gets the next consent version',
      params: IdParams,
      body: WebFormPatch,
      response: { 200: WebForm },
    },
    handler: (req) => forms.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/web-forms/:id', {
    schema: {
      tags,
      summary: 'Delete a web form that never received a submission (409 otherwise: deactivate it)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await forms.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/intake', {
    schema: {
      tags,
      summary: 'Form submissions, oldest first; state=failed lists those needing attention (crm_admin)',
      querystring: IntakeListQuery,
      response: { 200: page(IntakeSubmission) },
    },
    handler: (req) => queue.list(requirePrincipal(req), req.query),
  });
  r.get('/api/v1/intake/:id', {
    schema: { tags, summary: 'Get a form submission', params: IdParams, response: { 200: IntakeSubmission } },
    handler: (req) => queue.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/intake/:id', {
    schema: {
      tags,
      summary: 'Correct a refused submission with lead fields (used by the next retry); If-Match: version',
      params: IdParams,
      body: IntakePatch,
      response: { 200: IntakeSubmission },
    },
    handler: (req) => queue.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.post('/api/v1/intake/:id/retry', {
    schema: {
      tags,
      summary: 'Turn a submission into a lead again, by the rules of any save (409 when it already is one)',
      params: IdParams,
      response: { 200: IntakeSubmission },
    },
    handler: (req) => queue.retry(requirePrincipal(req), req.params.id),
  });
}
