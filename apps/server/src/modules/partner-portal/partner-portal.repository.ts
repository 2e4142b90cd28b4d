import type { Queryable } from '../../db/client';

/** The few names a partner's employee may read besides their leads. */
export function createPartnerPortalRepository(q: Queryable) {
  return {
    async companyName(id: string) {
      const [row] = await q.query<{ name: string }>('SELECT name FROM companies WHERE id = $1', [id]);
      return row?.name;
    },

    /** The people who own or registered a lead of the partner company: the names its lists show. */
    async people(partnerCompanyId: string) {
      return q.query<{ id: string; name: string }>(
        `SELECT u.id, u.name FROM users u
          WHERE u.id IN (SELECT l.owner_id FROM leads l WHERE l.partner_company_id = $1 AND l.owner_id IS NOT NULL
                         UNION
                         SELECT l.created_by_id FROM leads l WHERE l.partner_company_id = $1 AND l.created_by_id IS NOT NULL)
          ORDER BY u.name, u.id`,
        [partnerCompanyId],
      );
    },

    /** The companies the partner company's leads are about: their lists and pages show the names. */
    async leadCompanies(partnerCompanyId: string) {
      return q.query<{ id: string; name: string }>(
        `SELECT c.id, c.name FROM companies c
          WHERE c.id IN (SELECT l.company_id FROM leads l WHERE l.partner_company_id = $1 AND l.company_id IS NOT NULL)
          ORDER BY c.name, c.id`,
        [partnerCompanyId],
      );
    },

    /** The lead source a registration on the portal carries, while it is active. */
    async portalSourceId() {
      const [row] = await q.query<{ id: string }>(
        `SELECT id FROM lead_sources WHERE code = 'partner' AND active`,
      );
      return row?.id ?? null;
    },
  };
}
