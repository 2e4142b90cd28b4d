import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LeadActionParams, LeadActionResult, LeadBulkBody, LeadBulkResult } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { localizeItemError, requestLocale } from '../../http/errors';
import { ifMatchVersion } from '../../http/versioning';
import type { LeadActionsService } from './lead-actions.service';

export function leadActionsRoutes(app: FastifyInstance, s: LeadActionsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Lead actions'];
  r.post('/api/v1/leads/:id/actions/:action', {
    schema: {
      tags,
      summary:
        'Run a pipeline action (assign, reassign, take, accept, move, qualify/convert, disqualify, drop, reopen, activate, deactivate, add-to-marketing-list)',
      description:
        'The body depends on the action (see API.md). Moving to a won, lost or dropped status answers 409: those are reached only through qualify, disqualify and drop.',
      params: LeadActionParams,
      // Each action validates its own body, so that a bad field answers 422 after the access checks.
      body: z.record(z.string(), z.unknown()).nullable().optional(),
      response: { 200: LeadActionResult },
    },
    handler: (req) =>
      s.run(requirePrincipal(req), req.params.id, req.params.action, req.body ?? {}, ifMatchVersion(req)),
  });
  r.post('/api/v1/leads/bulk', {
    schema: {
      tags,
      summary:
        'Run one action over many leads (at most 500); a result per id, a failing id does not stop the others',
      body: LeadBulkBody,
      response: { 200: LeadBulkResult },
    },
    handler: async (req) => {
      const { results } = await s.bulk(requirePrincipal(req), req.body);
      const locale = requestLocale(req);
      return {
        results: results.map((r) => {
          if (!r.error) return r;
          const { detail, errors } = localizeItemError(locale, {
            status: r.status,
            ...r.error,
            detail: r.error.message,
          });
          return { ...r, error: { ...r.error, message: detail, ...(errors ? { errors } : {}) } };
        }),
      };
    },
  });
}
