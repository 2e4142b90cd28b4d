import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { requestLocale } from '../../http/errors';
import type { LeadReportService } from './lead-report.service';

export function leadReportRoutes(app: FastifyInstance, reports: LeadReportService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/leads/:id/report.pdf', {
    schema: {
      tags: ['Leads'],
      summary:
        'The lead printed as a PDF: essentials, company, contact, qualification, opportunity, last activities, timeline',
      params: IdParams,
    },
    handler: async (req, reply) => {
      const { pdf, fileName } = await reports.pdf(requirePrincipal(req), req.params.id, requestLocale(req));
      const inline = (req.query as { download?: string }).download === undefined;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  });
}
