import {
  allowedActions,
  crmRoles,
  type ActionActor,
  type Lead,
  type LeadAction,
  type User,
} from '@leadline/contract';

export const actorOf = (user: User): ActionActor => ({
  userId: user.id,
  roles: user.roles,
  unitIds: user.unitIds,
});

/**
 * The actions to show for a lead: those the shared action table allows, less the ones that would change
 * nothing (activating an active lead, deactivating an inactive one, taking an in-progress lead one owns).
 */
export function offeredActions(lead: Lead, user: User | null): Set<LeadAction> {
  if (!user) return new Set();
  const out = allowedActions(actorOf(user), lead);
  out.delete(lead.active ? 'activate' : 'deactivate');
  if (lead.phase === 'in_progress' && lead.ownerId === user.id) out.delete('take');
  return out;
}

/**
 * Whether the lead form may change the owner and the unit: where Assign (a new lead) or Reassign would be
 * allowed, which is what the server checks on save; on a new record any CRM user chooses them, a partner
 * never.
 */
export function mayChooseOwner(lead: Lead | null, user: User | null): boolean {
  if (!user) return false;
  if (!lead) return user.roles.some((r) => crmRoles.includes(r));
  return allowedActions(actorOf(user), lead).has(lead.phase === 'new' ? 'assign' : 'reassign');
}

export const actionLabels: Record<LeadAction, string> = {
  assign: 'Assign',
  reassign: 'Reassign',
  take: 'Take in charge',
  accept: 'Accept',
  move: 'Move',
  qualify: 'Qualify',
  convert: 'Convert',
  disqualify: 'Disqualify',
  drop: 'Drop',
  reopen: 'Reopen',
  activate: 'Activate',
  deactivate: 'Deactivate',
  'add-to-marketing-list': 'Add to marketing list',
};
