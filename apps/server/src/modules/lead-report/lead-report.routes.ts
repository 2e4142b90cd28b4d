import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, LeadPrintBody, LeadPrintJob } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { requestLocale } from '../../http/errors';
import type { LeadPrintService } from './lead-print.service';
import type { LeadReportService } from './lead-report.service';

const fileHeaders = { 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' };

export function leadReportRoutes(app: FastifyInstance, reports: LeadReportService, prints: LeadPrintService) {
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
        .headers(fileHeaders)
        .header('content-type', 'application/pdf')
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${fileName}"`)
        .send(pdf);
    },
  });
  r.post('/api/v1/leads/report', {
    schema: {
      tags: ['Leads'],
      summary:
        'Print selected leads: up to 50 answer the file at once (a ZIP of PDFs, or one PDF; leads the user may not see are left out and named in X-Refused-Leads); more answer 202 with a print job to follow',
      body: LeadPrintBody,
      response: { 202: LeadPrintJob },
    },
    handler: async (req, reply) => {
      const out = await prints.print(requirePrincipal(req), req.body, requestLocale(req));
      if (out.kind === 'job')
        return reply.status(202).header('location', `/api/v1/lead-prints/${out.job.id}`).send(out.job);
      return (
        reply
          .headers(fileHeaders)
          .header('content-type', out.contentType)
          .header('content-disposition', `attachment; filename="${out.fileName}"`)
          .header('x-refused-leads', out.refused.join(','))
          // A Buffer is sent as it is: the schema of the 202 answer does not apply to the file.
          .send(out.body as never)
      );
    },
  });
  r.get('/api/v1/lead-prints/:id', {
    schema: {
      tags: ['Leads'],
      summary: "A bulk print's progress; downloadUrl once done (only its requester sees it)",
      params: IdParams,
      response: { 200: LeadPrintJob },
    },
    handler: (req) => prints.get(requirePrincipal(req), req.params.id),
  });
  r.get('/api/v1/lead-prints/:id/file', {
    schema: {
      tags: ['Leads'],
      summary: 'The file of a finished bulk print (409 while it runs)',
      params: IdParams,
    },
    handler: async (req, reply) => {
      const f = await prints.file(requirePrincipal(req), req.params.id);
      return reply
        .headers(fileHeaders)
        .header('content-type', f.contentType)
        .header('content-length', String(f.size))
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.stream);
    },
  });
}
