import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, PartnerPortal, PortalAgreement } from '@leadline/contract';
import { requirePrincipal } from '../../http/auth';
import type { PartnerPortalService } from './partner-portal.service';

export function partnerPortalRoutes(app: FastifyInstance, portal: PartnerPortalService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Partner portal'];

  r.get('/api/v1/partner-portal', {
    schema: {
      tags,
      summary:
        "A partner user's reference data: their company, its agreements with the directions and products of " +
        'their programs, the status names, the names of the people working their leads, the portal lead source',
      response: { 200: PartnerPortal },
    },
    handler: (req) => portal.overview(requirePrincipal(req)),
  });
  r.get('/api/v1/partner-portal/agreements/:id', {
    schema: {
      tags,
      summary: "One agreement of the partner user's company (another company's answers 404)",
      params: IdParams,
      response: { 200: PortalAgreement },
    },
    handler: (req) => portal.agreement(requirePrincipal(req), req.params.id),
  });
}
