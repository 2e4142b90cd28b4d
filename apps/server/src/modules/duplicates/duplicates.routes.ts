import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DuplicateCandidates,
  DuplicateCheck,
  DuplicateGroups,
  DuplicateScan,
  IdParams,
  RecordDuplicateCandidates,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { DuplicatesService } from './duplicates.service';

export function duplicatesRoutes(app: FastifyInstance, duplicates: DuplicatesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Duplicates'];

  r.get('/api/v1/leads/:id/duplicates', {
    schema: {
      tags,
      summary:
        'Likely duplicates of a lead, nearest first, each with its score and the reasons per field ' +
        '("same e-mail +8.1", "name 0.92 similar +4.3", "other company -2.0")',
      params: IdParams,
      response: { 200: DuplicateCandidates },
    },
    handler: (req) => duplicates.ofLead(requirePrincipal(req), req.params.id),
  });
  r.get('/api/v1/contacts/:id/duplicates', {
    schema: {
      tags,
      summary:
        'Likely duplicate contacts, nearest first, with score and reasons (e-mail, phone, name similarity, company)',
      params: IdParams,
      response: { 200: RecordDuplicateCandidates },
    },
    handler: (req) => duplicates.ofContact(requirePrincipal(req), req.params.id),
  });
  r.get('/api/v1/companies/:id/duplicates', {
    schema: {
      tags,
      summary:
        'Likely duplicate companies, nearest first, with score and reasons (TIN, name without legal form, e-mail, phone)',
      params: IdParams,
      response: { 200: RecordDuplicateCandidates },
    },
    handler: (req) => duplicates.ofCompany(requirePrincipal(req), req.params.id),
  });
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
      summary: 'Groups of leads (the chosen ones, or every visible one) agreeing on every chosen field',
      body: DuplicateScan,
      response: { 200: DuplicateGroups },
    },
    handler: (req) => duplicates.scan(requirePrincipal(req), req.body),
  });
}
