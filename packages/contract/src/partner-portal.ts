import { z } from 'zod';
import { Phase } from './common';

const Named = z.object({ id: z.uuid(), name: z.string() });

/**
 * One partnership agreement of the partner's company, with what its program offers: the sales
 * directions and the products a lead registered under it may carry.
 */
export const PortalAgreement = z.object({
  id: z.uuid(),
  number: z.string(),
  programName: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Only an active agreement takes new leads. */
  active: z.boolean(),
  salesDirections: z.array(Named),
  products: z.array(Named),
});
export type PortalAgreement = z.infer<typeof PortalAgreement>;

/**
 * What the partner portal reads: the partner's company, its agreements, the names of the
 * statuses, of the people working its leads and of the companies they are about, and the lead source its registrations carry. A partner
 * reads nothing else of the configuration.
 */
export const PartnerPortal = z.object({
  company: Named,
  agreements: z.array(PortalAgreement),
  statuses: z.array(
    z.object({ id: z.uuid(), name: z.string(), color: z.string(), phase: Phase, position: z.number().int() }),
  ),
  people: z.array(Named),
  /** The existing companies her leads are linked to. */
  companies: z.array(Named),
  /** The lead source of a lead registered on the portal ("Partner"); null when an administrator retired it. */
  sourceId: z.uuid().nullable(),
});
export type PartnerPortal = z.infer<typeof PartnerPortal>;
