import type { PartnerPortal, PortalAgreement } from '@leadline/contract';
import type { Database } from '../../db/client';
import { forbidden, notFound } from '../../http/errors';
import { hasRole } from '../access/policy';
import type { Principal } from '../access/principal';
import { createCatalogRepository } from '../catalog';
import { createStatusesRepository } from '../pipeline';
import { createPartnerPortalRepository } from './partner-portal.repository';

/** The partner company of a partner's employee; anyone else has no portal. */
function partnerCompanyOf(p: Principal): string {
  if (!hasRole(p, 'partner') || !p.partnerCompanyId)
    throw forbidden('The partner portal is for the employees of a partner company.');
  return p.partnerCompanyId;
}

/**
 * The partner portal's reference data: only what a partner needs to follow and register the leads of
 * their company's agreements. Another company's agreement is not theirs to see (404).
 */
export function createPartnerPortalService({ db }: { db: Database }) {
  return {
    async overview(p: Principal): Promise<PartnerPortal> {
      const companyId = partnerCompanyOf(p);
      const repo = createPartnerPortalRepository(db);
      const [name, agreements, statuses, people, companies, sourceId] = await Promise.all([
        repo.companyName(companyId),
        createCatalogRepository(db).partnerAgreements(companyId),
        createStatusesRepository(db).listStatuses(),
        repo.people(companyId),
        repo.leadCompanies(companyId),
        repo.portalSourceId(),
      ]);
      return {
        company: { id: companyId, name: name ?? '' },
        agreements,
        statuses: statuses.map(({ id, name, color, phase, position }) => ({
          id,
          name,
          color,
          phase,
          position,
        })),
        people,
        companies,
        sourceId,
      };
    },

    async agreement(p: Principal, id: string): Promise<PortalAgreement> {
      const [agreement] = await createCatalogRepository(db).partnerAgreements(partnerCompanyOf(p), id);
      if (!agreement) throw notFound('partnership agreement');
      return agreement;
    },
  };
}
export type PartnerPortalService = ReturnType<typeof createPartnerPortalService>;
