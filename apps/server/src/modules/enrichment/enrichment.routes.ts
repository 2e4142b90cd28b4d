import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EnrichmentQuery, EnrichmentResult } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { EnrichmentService } from './enrichment.service';

export function enrichmentRoutes(app: FastifyInstance, enrichment: EnrichmentService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/enrichment/company', {
    schema: {
      tags: ['Enrichment'],
      summary:
        'The company register entry for a TIN (or an e-mail, when "company by e-mail" is on); `company` ' +
        'null while enrichment is off, or when the register knows none or could not answer in time',
      querystring: EnrichmentQuery,
      response: { 200: EnrichmentResult },
    },
    handler: (req) => {
      const { tin, email } = req.query;
      return enrichment.company(requirePrincipal(req), tin ? { tin } : { email: email! });
    },
  });
}
