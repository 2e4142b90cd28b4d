import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  CreatedReport,
  DirectionsReport,
  FunnelReport,
  OutcomesReport,
  OwnersReport,
  ReportQuery,
  SourcesReport,
  TimeInStatusReport,
  type ReportName,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { Principal } from '../access/principal';
import { reportCsv } from './report-csv';
import type { ReportsService } from './reports.service';

const wantsCsv = (query: ReportQuery, accept: string | undefined) =>
  query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(accept ?? ''));

export function reportsRoutes(app: FastifyInstance, reports: ReportsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Reports'];

  function report(
    name: ReportName,
    schema: z.ZodType,
    summary: string,
    build: (p: Principal, q: ReportQuery) => Promise<unknown>,
  ) {
    r.get(`/api/v1/reports/${name}`, {
      schema: {
        tags,
        summary: `${summary} Over the leads the user may see; ?format=csv or Accept: text/csv for a CSV file.`,
        querystring: ReportQuery,
        response: { 200: schema },
      },
      handler: async (req, reply) => {
        const data = await build(requirePrincipal(req), req.query);
        if (!wantsCsv(req.query, req.headers.accept)) return data;
        // A string is sent as it is: the JSON schema of the answer does not apply to the file.
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(reportCsv(name, data));
      },
    });
  }

  report(
    'funnel',
    FunnelReport,
    'Leads per phase and status, with conversion rates (from/to: creation).',
    (p, q) => reports.funnel(p, q),
  );
  report('created', CreatedReport, 'Leads created per week and source.', (p, q) => reports.created(p, q));
  report(
    'outcomes',
    OutcomesReport,
    'Won, lost and dropped leads per month of closing, and the most used disqualification codes.',
    (p, q) => reports.outcomes(p, q),
  );
  report(
    'time-in-status',
    TimeInStatusReport,
    'Average time in each status (stays that ended in the period) and from creation to qualification.',
    (p, q) => reports.timeInStatus(p, q),
  );
  report('owners', OwnersReport, 'Open, overdue and no-next-step leads per owner.', (p, q) =>
    reports.owners(p, q),
  );
  report(
    'sources',
    SourcesReport,
    'Leads, qualified leads, conversion in percent and won opportunity value per source and campaign.',
    (p, q) => reports.sources(p, q),
  );
  report(
    'directions',
    DirectionsReport,
    'Open leads and the sum of their target amounts per sales direction.',
    (p, q) => reports.directions(p, q),
  );
}
