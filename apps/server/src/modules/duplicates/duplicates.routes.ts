import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DuplicateCandidates,
  DuplicateCheck,
  DuplicateGroups,
  DuplicateScan,
  DuplicateGroup,
  DuplicateScanCreate,
  DuplicateScanRun,
  IdParams,
  ListQuery,
  RecordDuplicateCandidates,
  page,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { idRoutes } from '../../http/id-routes';
import type { DuplicatesService } from './duplicates.service';

export function duplicatesRoutes(app: FastifyInstance, duplicates: DuplicatesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Duplicates'];
  const byId = idRoutes(app, tags);

  byId.get(
    '/api/v1/leads/:id/duplicates',
    'Likely duplicates of a lead, nearest first, each with its score and the reasons per field ' +
      '("same e-mail +8.1", "name 0.92 similar +4.3", "other company -2.0")',
    DuplicateCandidates,
    (p, id) => duplicates.ofLead(p, id),
  );
  byId.get(
    '/api/v1/contacts/:id/duplicates',
    'Likely duplicate contacts, nearest first, with score and reasons (e-mail, phone, name similarity, company)',
    RecordDuplicateCandidates,
    (p, id) => duplicates.ofContact(p, id),
  );
  byId.get(
    '/api/v1/companies/:id/duplicates',
    'Likely duplicate companies, nearest first, with score and reasons (TIN, name without legal form, e-mail, phone)',
    RecordDuplicateCandidates,
    (p, id) => duplicates.ofCompany(p, id),
  );
  r.post('/api/v1/leads/duplicates/check', {
    schema: {
      tags,
      summary: 'Likely duplicates of a lead still being typed (names, e-mails, phones, TIN, company)',
      body: DuplicateCheck,
      response: { 200: DuplicateCandidates },
    },
    handler: (req) => duplicates.check(requirePrincipal(req), req.body),
  });
  r.post('/api/v1/leads/duplicates', {
    schema: {
      tags,
      summary:
        'Groups of leads (the chosen ones, or every visible one) agreeing on every chosen field; over more ' +
        'than 20,000 visible leads without ids, 202 with a scan run as a job (see duplicate-scans)',
      body: DuplicateScan,
      response: { 200: DuplicateGroups, 202: DuplicateScanRun },
    },
    handler: async (req, reply) => {
      const result = await duplicates.scan(requirePrincipal(req), req.body);
      return 'run' in result ? reply.status(202).send(result.run) : reply.send(result);
    },
  });
  r.post('/api/v1/duplicate-scans', {
    schema: {
      tags,
      summary: 'Scan every visible lead for groups agreeing on the chosen fields, as a job with progress',
      body: DuplicateScanCreate,
      response: { 202: DuplicateScanRun },
    },
    handler: async (req, reply) =>
      reply.status(202).send(await duplicates.startScan(requirePrincipal(req), req.body)),
  });
  byId.get(
    '/api/v1/duplicate-scans/:id',
    'Progress of a duplicate scan (its requester only)',
    DuplicateScanRun,
    (p, id) => duplicates.scanRun(p, id),
  );
  r.get('/api/v1/duplicate-scans/:id/groups', {
    schema: {
      tags,
      summary: 'The groups a finished scan found, largest first, paged (limit, cursor)',
      params: IdParams,
      querystring: ListQuery.pick({ limit: true, cursor: true }),
      response: { 200: page(DuplicateGroup) },
    },
    handler: (req) => duplicates.scanGroups(requirePrincipal(req), req.params.id, req.query),
  });
  byId.post(
    '/api/v1/duplicate-scans/:id/cancel',
    'Cancel a duplicate scan still queued or running',
    DuplicateScanRun,
    (p, id) => duplicates.cancelScan(p, id),
  );
}
