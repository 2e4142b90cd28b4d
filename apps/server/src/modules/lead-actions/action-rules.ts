import type { Lead, LeadAction, Phase, Role } from '@leadline/contract';
import { AppError, conflict, forbidden } from '../../http/errors';
import { hasRole, isAdmin, isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';

/**
 * The action table of SPEC section 2, as data: the phases an action starts from, the roles that may
 * run it at all, and what ownership it needs on top. `checkAction` applies it in a fixed order so that
 * every refusal has one answer: 403 for a role that never may, 409 for the lead's state (phase,
 * inactive, owned only by a unit), then 403 for ownership or unit membership.
 */
type Ownership = 'none' | 'assign' | 'owner' | 'unit-member';

interface Rule {
  phases: readonly Phase[];
  roles: readonly Role[];
  ownership: Ownership;
  /** An inactive lead refuses it (SPEC: reassigned, qualified, disqualified, dropped). */
  refusesInactive?: boolean;
  /** A lead owned only by a unit refuses it until a user owns it. */
  needsUserOwner?: boolean;
}

const anyPhase: readonly Phase[] = ['new', 'in_progress', 'won', 'lost', 'dropped'];
const open: readonly Phase[] = ['new', 'in_progress'];
const crm: readonly Role[] = ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer'];
const assigners: readonly Role[] = crm;

export const actionRules: Record<LeadAction, Rule> = {
  assign: { phases: ['new'], roles: assigners, ownership: 'assign' },
  reassign: { phases: ['in_progress'], roles: assigners, ownership: 'assign', refusesInactive: true },
  take: { phases: open, roles: crm, ownership: 'none' },
  accept: { phases: ['new'], roles: crm, ownership: 'unit-member' },
  move: { phases: open, roles: crm, ownership: 'none' },
  qualify: {
    phases: ['in_progress'],
    roles: crm,
    ownership: 'owner',
    refusesInactive: true,
    needsUserOwner: true,
  },
  convert: {
    phases: ['in_progress'],
    roles: crm,
    ownership: 'owner',
    refusesInactive: true,
    needsUserOwner: true,
  },
  disqualify: {
    phases: ['in_progress'],
    roles: crm,
    ownership: 'owner',
    refusesInactive: true,
    needsUserOwner: true,
  },
  drop: {
    phases: open,
    roles: ['crm_admin', 'crm_manager'],
    ownership: 'none',
    refusesInactive: true,
    needsUserOwner: true,
  },
  reopen: { phases: ['won', 'lost', 'dropped'], roles: ['crm_admin'], ownership: 'none' },
  activate: { phases: anyPhase, roles: crm, ownership: 'none' },
  deactivate: { phases: anyPhase, roles: crm, ownership: 'none' },
  'add-to-marketing-list': {
    phases: anyPhase,
    roles: ['crm_admin', 'crm_manager', 'crm_sales'],
    ownership: 'none',
  },
};

const phaseNames: Record<Phase, string> = {
  new: 'new',
  in_progress: 'in progress',
  won: 'won',
  lost: 'lost',
  dropped: 'dropped',
};

/** Throws the refusal for `p` running `action` on `lead` (already known to be visible), or returns. */
export function checkAction(p: Principal, action: LeadAction, lead: Lead): void {
  const rule = actionRules[action];
  if (!isCrmUser(p) || !hasRole(p, ...rule.roles)) {
    throw forbidden(`Your roles do not allow the ${action} action (it needs ${rule.roles.join(', ')}).`);
  }
  if (!rule.phases.includes(lead.phase)) {
    throw conflict(
      `A ${phaseNames[lead.phase]} lead cannot be given the ${action} action; it needs a lead that is ${rule.phases
        .map((ph) => phaseNames[ph])
        .join(' or ')}.`,
      'wrong_phase',
    );
  }
  if (rule.refusesInactive && !lead.active) {
    throw conflict(`This lead is inactive: activate it before the ${action} action.`, 'lead_inactive');
  }
  if (rule.needsUserOwner && lead.ownerId === null && lead.unitId !== null) {
    throw conflict(
      `This lead is assigned only to a unit: someone must accept or take it before the ${action} action.`,
      'unit_owned',
    );
  }
  switch (rule.ownership) {
    case 'assign':
      // crm_marketeer and crm_manager assign only the leads they own; admins and sales assign any.
      if (!hasRole(p, 'crm_admin', 'crm_sales') && lead.ownerId !== p.userId)
        throw forbidden(`Only the owner, crm_admin or crm_sales may ${action} this lead.`);
      break;
    case 'owner':
      if (lead.ownerId !== p.userId && !isAdmin(p))
        throw forbidden(`Only the lead's owner may ${action === 'convert' ? 'qualify' : action} it.`);
      break;
    case 'unit-member':
      if (lead.ownerId !== null || lead.unitId === null)
        throw new AppError(
          'not_in_unit_queue',
          409,
          'Only a lead waiting in a unit queue (a unit and no owner) can be accepted.',
        );
      if (!p.unitIds.includes(lead.unitId))
        throw forbidden('Only a member of the unit the lead is assigned to may accept it.');
      break;
    case 'none':
      break;
  }
}

/**
 * The action a change of owner or unit outside the actions (PATCH, a partner's registration) stands
 * for: Assign on a new lead, Reassign otherwise (which refuses the closed phases with 409).
 */
export const ownershipAction = (lead: Pick<Lead, 'phase'>): 'assign' | 'reassign' =>
  lead.phase === 'new' ? 'assign' : 'reassign';
