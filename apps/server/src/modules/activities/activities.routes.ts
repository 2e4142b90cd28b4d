import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  ActivityPatch,
  IdParams,
  LeadActivitiesQuery,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { ActivitiesService } from './activities.service';

export function activitiesRoutes(app: FastifyInstance, activities: ActivitiesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Activities'];

  r.get('/api/v1/leads/:id/activities', {
    schema: {
      tags,
      summary: "A lead's activities, soonest first (sort=dueAt|createdAt; done=true|false)",
      params: IdParams,
      querystring: LeadActivitiesQuery,
      response: { 200: page(Activity) },
    },
    handler: (req) => activities.listForLead(requirePrincipal(req), req.params.id, req.query),
  });
  r.post('/api/v1/leads/:id/activities', {
    schema: {
      tags,
      summary: 'Plan (or record) an activity on a lead; its next and last event dates follow',
      params: IdParams,
      body: ActivityCreate,
      response: { 201: Activity },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await activities.create(requirePrincipal(req), req.params.id, req.body)),
  });
  r.get('/api/v1/activities', {
    schema: {
      tags,
      summary:
        'Activities of the leads the user may see: the agenda is assignee=me&due=overdue|today|week (tz: the time zone of "today")',
      querystring: ActivityListQuery,
      response: { 200: page(Activity) },
    },
    handler: (req) => activities.list(requirePrincipal(req), req.query),
  });
  r.get('/api/v1/activities/:id', {
    schema: { tags, summary: 'One activity', params: IdParams, response: { 200: Activity } },
    handler: (req) => activities.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/activities/:id', {
    schema: {
      tags,
      summary: 'Change an activity, mark it done (with its outcome); If-Match: version (412 when stale)',
      params: IdParams,
      body: ActivityPatch,
      response: { 200: Activity },
    },
    handler: (req) => activities.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/activities/:id', {
    schema: { tags, summary: 'Delete an activity', params: IdParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await activities.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
