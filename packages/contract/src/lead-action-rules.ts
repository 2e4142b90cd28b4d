import { crmRoles, phases, type Phase, type Role } from './common';
import { leadActions, type LeadAction } from './lead-actions';
import type { Lead } from './leads';

/**
 * The action table of the pipeline, as data: the phases an action starts from, the roles that may run
 * it at all, and what ownership it needs on top. The server refuses with it and the web offers with it,
 * so a button is shown exactly when the server would run the action.
 */
type Ownership = 'none' | 'assign' | 'owner' | 'unit-member';

export interface ActionRule {
  phases: readonly Phase[];
  roles: readonly Role[];
  ownership: Ownership;
  /** An inactive lead cannot be reassigned, qualified, disqualified or dropped. */
  refusesInactive?: boolean;
  /** A lead owned only by a unit cannot be qualified, disqualified or dropped until a user owns it. */
  needsUserOwner?: boolean;
}

const open: readonly Phase[] = ['new', 'in_progress'];
const closedOutcome: Omit<ActionRule, 'phases'> = {
  roles: crmRoles,
  ownership: 'owner',
  refusesInactive: true,
  needsUserOwner: true,
};

export const actionRules: Readonly<Record<LeadAction, ActionRule>> = {
  assign: { phases: ['new'], roles: crmRoles, ownership: 'assign' },
  reassign: { phases: ['in_progress'], roles: crmRoles, ownership: 'assign', refusesInactive: true },
  take: { phases: open, roles: crmRoles, ownership: 'none' },
  accept: { phases: ['new'], roles: crmRoles, ownership: 'unit-member' },
  move: { phases: open, roles: crmRoles, ownership: 'none' },
  qualify: { phases: ['in_progress'], ...closedOutcome },
  convert: { phases: ['in_progress'], ...closedOutcome },
  disqualify: { phases: ['in_progress'], ...closedOutcome },
  drop: {
    phases: open,
    roles: ['crm_admin', 'crm_manager'],
    ownership: 'none',
    refusesInactive: true,
    needsUserOwner: true,
  },
  reopen: { phases: ['won', 'lost', 'dropped'], roles: ['crm_admin'], ownership: 'none' },
  activate: { phases, roles: crmRoles, ownership: 'none' },
  deactivate: { phases, roles: crmRoles, ownership: 'none' },
  'add-to-marketing-list': {
    phases,
    roles: ['crm_admin', 'crm_manager', 'crm_sales'],
    ownership: 'none',
  },
};

/** Who asks: a signed-in user or an API token's integration user. */
export interface ActionActor {
  userId: string;
  roles: readonly Role[];
  unitIds: readonly string[];
}

/** The parts of a lead the table looks at. */
export type ActionLead = Pick<Lead, 'phase' | 'active' | 'ownerId' | 'unitId'>;

/**
 * Which rule of the table refused: the web words each one in the user's language (and groups a bulk
 * result by it).
 */
export type RefusalReason =
  | 'role'
  | 'phase'
  | 'inactive'
  | 'unit_owned'
  | 'not_assigner'
  | 'not_owner'
  | 'not_in_unit_queue'
  | 'not_unit_member';

/** Why an action is refused: the HTTP status and problem code the server answers with, and its text. */
export interface ActionRefusal {
  status: 403 | 409;
  code: 'forbidden' | 'wrong_phase' | 'lead_inactive' | 'unit_owned' | 'not_in_unit_queue';
  reason: RefusalReason;
  message: string;
}

/** The roles in words, for messages (never the role codes). */
const roleWords: Record<Role, string> = {
  crm_admin: 'an administrator',
  crm_manager: 'a manager',
  crm_sales: 'a sales user',
  crm_marketeer: 'a marketeer',
  partner: "a partner's employee",
};
const inWords = (roles: readonly Role[]) => {
  const words = roles.map((r) => roleWords[r]);
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
};

const phaseNames: Record<Phase, string> = {
  new: 'new',
  in_progress: 'in progress',
  won: 'won',
  lost: 'lost',
  dropped: 'dropped',
};

const hasAny = (actor: ActionActor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));

/** Whether any of these roles may ever run the action, whatever the lead: what a bulk bar may offer. */
export function rolesMayRun(roles: readonly Role[], action: LeadAction): boolean {
  const rule = actionRules[action];
  return roles.some((r) => crmRoles.includes(r)) && roles.some((r) => rule.roles.includes(r));
}

/**
 * The refusal for `actor` running `action` on `lead` (already known to be visible), or null when it is
 * allowed. The checks run in a fixed order so every refusal has one answer: 403 for a role that never
 * may, 409 for the lead's state (phase, inactive, owned only by a unit), then 403 for ownership or unit
 * membership.
 */
export function actionRefusal(
  actor: ActionActor,
  action: LeadAction,
  lead: ActionLead,
): ActionRefusal | null {
  const rule = actionRules[action];
  if (!rolesMayRun(actor.roles, action))
    return {
      status: 403,
      code: 'forbidden',
      reason: 'role',
      message: `Your roles do not allow the ${action} action (only ${inWords(rule.roles)} may).`,
    };
  if (!rule.phases.includes(lead.phase))
    return {
      status: 409,
      code: 'wrong_phase',
      reason: 'phase',
      message: `A ${phaseNames[lead.phase]} lead cannot be given the ${action} action; it needs a lead that is ${rule.phases
        .map((ph) => phaseNames[ph])
        .join(' or ')}.`,
    };
  if (rule.refusesInactive && !lead.active)
    return {
      status: 409,
      code: 'lead_inactive',
      reason: 'inactive',
      message: `This lead is inactive: activate it before the ${action} action.`,
    };
  if (rule.needsUserOwner && lead.ownerId === null && lead.unitId !== null)
    return {
      status: 409,
      code: 'unit_owned',
      reason: 'unit_owned',
      message: `This lead is assigned only to a unit: someone must accept or take it before the ${action} action.`,
    };
  switch (rule.ownership) {
    case 'assign':
      // crm_marketeer and crm_manager assign only the leads they own; admins and sales assign any.
      if (!hasAny(actor, ['crm_admin', 'crm_sales']) && lead.ownerId !== actor.userId)
        return {
          status: 403,
          code: 'forbidden',
          reason: 'not_assigner',
          message: `Only the lead's owner, ${inWords(['crm_admin', 'crm_sales'])} may ${action} this lead.`,
        };
      return null;
    case 'owner':
      if (lead.ownerId !== actor.userId && !hasAny(actor, ['crm_admin']))
        return {
          status: 403,
          code: 'forbidden',
          reason: 'not_owner',
          message: `Only the lead's owner may ${action === 'convert' ? 'qualify' : action} it.`,
        };
      return null;
    case 'unit-member':
      if (lead.ownerId !== null || lead.unitId === null)
        return {
          status: 409,
          code: 'not_in_unit_queue',
          reason: 'not_in_unit_queue',
          message: 'Only a lead waiting in a unit queue (a unit and no owner) can be accepted.',
        };
      if (!actor.unitIds.includes(lead.unitId))
        return {
          status: 403,
          code: 'forbidden',
          reason: 'not_unit_member',
          message: 'Only a member of the unit the lead is assigned to may accept it.',
        };
      return null;
    case 'none':
      return null;
  }
}

export const mayRunAction = (actor: ActionActor, action: LeadAction, lead: ActionLead): boolean =>
  actionRefusal(actor, action, lead) === null;

/** Every action the table allows `actor` on `lead`. */
export function allowedActions(actor: ActionActor, lead: ActionLead): Set<LeadAction> {
  return new Set(leadActions.filter((a) => mayRunAction(actor, a, lead)));
}
