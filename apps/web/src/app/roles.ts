import { crmRoles, type User } from '@leadline/contract';

/** A partner company's employee without a CRM role: they get the partner portal, not the CRM. */
export const isPartnerUser = (user: Pick<User, 'roles'> | null | undefined): boolean =>
  !!user && user.roles.includes('partner') && !user.roles.some((r) => crmRoles.includes(r));
