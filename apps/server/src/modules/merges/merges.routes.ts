import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CompanyMerge,
  CompanyMergeResult,
  ContactMerge,
  ContactMergeResult,
  IdParams,
  LeadMerge,
  LeadMergeResult,
  MergeUndoResult,
} from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { MergesService } from './merges.service';

export function mergesRoutes(app: FastifyInstance, merges: MergesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Merges'];

  r.post('/api/v1/leads/merge', {
    schema: {
      tags,
      summary:
        'Merge leads into keepId, taking each field in `fields` from the lead named; related records move ' +
        'to it; 409 when one of the leads is already merged',
      body: LeadMerge,
      response: { 200: LeadMergeResult },
    },
    handler: (req) => merges.merge(requirePrincipal(req), req.body),
  });
  r.post('/api/v1/contacts/merge', {
    schema: {
      tags,
      summary:
        'Merge contacts into keepId, taking each field in `fields` from the contact named; leads and ' +
        'opportunities referring to a merged contact follow it; 409 when one is already merged',
      body: ContactMerge,
      response: { 200: ContactMergeResult },
    },
    handler: (req) => merges.mergeContacts(requirePrincipal(req), req.body),
  });
  r.post('/api/v1/companies/merge', {
    schema: {
      tags,
      summary:
        'Merge companies into keepId, taking each field in `fields` from the company named; leads, ' +
        'contacts, opportunities, partner users and agreements follow it; 409 when one is already merged',
      body: CompanyMerge,
      response: { 200: CompanyMergeResult },
    },
    handler: (req) => merges.mergeCompanies(requirePrincipal(req), req.body),
  });
  r.post('/api/v1/merges/:id/undo', {
    schema: {
      tags,
      summary: 'Undo a merge within 30 days (409 listing what changed since, when something did)',
      params: IdParams,
      response: { 200: MergeUndoResult },
    },
    handler: (req) => merges.undo(requirePrincipal(req), req.params.id),
  });
}
