import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Company, CompanyCreate, CompanyListQuery, CompanyPatch, IdParams, page } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import { ifMatchVersion } from '../../http/versioning';
import type { CompaniesService } from './companies.service';

export function companiesRoutes(app: FastifyInstance, companies: CompaniesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Companies'];
  r.get('/api/v1/companies', {
    schema: {
      tags,
      summary: 'List companies (q: part of the name or a TIN; type; active)',
      querystring: CompanyListQuery,
      response: { 200: page(Company) },
    },
    handler: (req) => companies.list(requirePrincipal(req), req.query),
  });
  r.post('/api/v1/companies', {
    schema: { tags, summary: 'Create a company', body: CompanyCreate, response: { 201: Company } },
    handler: async (req, reply) =>
      reply.status(201).send(await companies.create(requirePrincipal(req), req.body)),
  });
  r.get('/api/v1/companies/:id', {
    schema: { tags, summary: 'Get a company', params: IdParams, response: { 200: Company } },
    handler: (req) => companies.get(requirePrincipal(req), req.params.id),
  });
  r.patch('/api/v1/companies/:id', {
    schema: {
      tags,
      summary: 'Change a company; If-Match: version',
      params: IdParams,
      body: CompanyPatch,
      response: { 200: Company },
    },
    handler: (req) => companies.update(requirePrincipal(req), req.params.id, req.body, ifMatchVersion(req)),
  });
  r.delete('/api/v1/companies/:id', {
    schema: {
      tags,
      summary: 'Delete a company that nothing refers to',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await companies.remove(requirePrincipal(req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
