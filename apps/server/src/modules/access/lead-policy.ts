import type { Visibility } from '@leadline/contract';
import type { z } from 'zod';
import { forbidden } from '../../http/errors';
import { hasRole, isAdmin, isCrmUser } from './policy';
import type { Principal } from './principal';

/**
 * Which leads a user may see, edit and comment on. One scope answers both questions "may this user see
 * this lead" (in memory) and "which rows may a list return" (as SQL), so lists, counts and single reads
 * can never disagree.
 */
export type LeadScope =
  | { kind: 'all' }
  | { kind: 'team'; userId: string; unitIds: string[] }
  | { kind: 'partner'; partnerCompanyId: string }
  | { kind: 'none' };

export interface LeadAccessFacts {
  ownerId: string | null;
  unitId: string | null;
  partnerCompanyId: string | null;
}

/**
 * `teamUnitIds` are the user's units and the units collaborating with them (either way round); the
 * service reads them from the database, the policy only decides.
 */
export function leadScope(
  p: Principal,
  visibility: z.infer<typeof Visibility>,
  teamUnitIds: string[],
): LeadScope {
  if (isCrmUser(p)) {
    if (visibility === 'all' || hasRole(p, 'crm_admin', 'crm_manager')) return { kind: 'all' };
    return { kind: 'team', userId: p.userId, unitIds: teamUnitIds };
  }
  // A partner's employee works only the leads of their company's partnership agreements.
  if (hasRole(p, 'partner') && p.partnerCompanyId) {
    return { kind: 'partner', partnerCompanyId: p.partnerCompanyId };
  }
  return { kind: 'none' };
}

export function canSeeLead(scope: LeadScope, lead: LeadAccessFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'team':
      return lead.ownerId === scope.userId || (lead.unitId !== null && scope.unitIds.includes(lead.unitId));
    case 'partner':
      return lead.partnerCompanyId === scope.partnerCompanyId;
    case 'none':
      return false;
  }
}

/** The same rule as canSeeLead, as a condition on the leads table aliased `alias`. */
export function leadScopeSql(scope: LeadScope, alias: string, params: unknown[]): string {
  switch (scope.kind) {
    case 'all':
      return 'TRUE';
    case 'team':
      params.push(scope.userId);
      params.push(scope.unitIds);
      return `(${alias}.owner_id = $${params.length - 1} OR ${alias}.unit_id = ANY ($${params.length}::uuid[]))`;
    case 'partner':
      params.push(scope.partnerCompanyId);
      return `${alias}.partner_company_id = $${params.length}`;
    case 'none':
      return 'FALSE';
  }
}

/** Anyone who can see a lead works it (edit, comment); the pipeline's actions add their own rules. */
export const canEditLead = (scope: LeadScope, lead: LeadAccessFacts) => canSeeLead(scope, lead);

export function authorizeLeadList(scope: LeadScope) {
  if (scope.kind === 'none') throw forbidden('Your roles do not give access to leads.');
}

export function authorizeLeadCreate(p: Principal) {
  if (!isCrmUser(p) && !(hasRole(p, 'partner') && p.partnerCompanyId))
    throw forbidden('Your roles do not allow you to create leads.');
}

/** Deleting a lead erases its history: administrators only. */
export function authorizeLeadDelete(p: Principal) {
  if (!isAdmin(p)) throw forbidden('Only an administrator deletes leads.');
}
