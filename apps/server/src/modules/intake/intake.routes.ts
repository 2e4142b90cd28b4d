import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LeadExportQuery } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { Config } from '../../config';
import { formsRoutes } from './forms.routes';
import { importsRoutes } from './imports.routes';
import type { IntakeServices } from './intake.services';
import { webFormsRoutes } from './web-forms.routes';

const today = () => new Date().toISOString().slice(0, 10);

export function intakeRoutes(app: FastifyInstance, intake: IntakeServices, config: Config) {
  webFormsRoutes(app, intake.webForms, intake.queue);
  formsRoutes(app, intake.formIntake, config);
  // The submissions answered before closing are made leads before the database goes.
  app.addHook('onClose', () => intake.queue.settled());
  importsRoutes(app, intake.imports, config);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Leads'];

  r.get('/api/v1/leads/export.csv', {
    schema: {
      tags,
      summary:
        'Export the leads of a list (the same view, filters and sort as GET /api/v1/leads) as CSV, UTF-8 ' +
        'with BOM; `columns` chooses and orders the columns, `ids` keeps only the selected leads',
      querystring: LeadExportQuery,
      produces: ['text/csv'],
    },
    handler: async (req, reply) => {
      const body = await intake.leadExport.csv(requirePrincipal(req), req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="leads-${today()}.csv"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });
  r.get('/api/v1/leads/export.xlsx', {
    schema: {
      tags,
      summary: 'Export the leads of a list as an XLSX workbook (the same parameters as export.csv)',
      querystring: LeadExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
    handler: async (req, reply) => {
      const body = await intake.leadExport.xlsx(requirePrincipal(req), req.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="leads-${today()}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });
}
