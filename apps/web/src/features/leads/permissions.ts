import type { Lead, LeadAction, Phase, Role, User } from '@leadline/contract';

/**
 * Which actions to offer for a lead, following the action table of the product (phase, roles,
 * ownership). The server decides; this only hides buttons that would be refused.
 */
const crm: Role[] = ['crm_admin', 'crm_manager', 'crm_sales', 'crm_marketeer'];
const open: Phase[] = ['new', 'in_progress'];

export function allowedActions(lead: Lead, user: User): Set<LeadAction> {
  const out = new Set<LeadAction>();
  const has = (...roles: Role[]) => user.roles.some((r) => roles.includes(r));
  if (!has(...crm)) return out;
  const admin = has('crm_admin');
  const owner = lead.ownerId === user.id;
  const unitOnly = lead.ownerId === null && lead.unitId !== null;
  const mayAssign = has('crm_admin', 'crm_sales') || owner;
  if (lead.phase === 'new' && mayAssign) out.add('assign');
  if (lead.phase === 'in_progress' && mayAssign && lead.active) out.add('reassign');
  if (open.includes(lead.phase) && !owner) out.add('take');
  if (lead.phase === 'new' && unitOnly && user.unitIds.includes(lead.unitId!)) out.add('accept');
  if (open.includes(lead.phase)) out.add('move');
  if (lead.phase === 'in_progress' && lead.active && !unitOnly && (owner || admin)) {
    out.add('qualify');
    out.add('disqualify');
  }
  if (open.includes(lead.phase) && lead.active && !unitOnly && has('crm_admin', 'crm_manager'))
    out.add('drop');
  if (['won', 'lost', 'dropped'].includes(lead.phase) && admin) out.add('reopen');
  out.add(lead.active ? 'deactivate' : 'activate');
  if (has('crm_admin', 'crm_manager', 'crm_sales')) out.add('add-to-marketing-list');
  return out;
}

/**
 * Whether the lead form may change the owner and the unit: as Assign (a new lead) or Reassign would
 * allow, which is what the server checks on save; on a new record any CRM user chooses them, a
 * partner never.
 */
export function mayChooseOwner(lead: Lead | null, user: User): boolean {
  if (!lead) return user.roles.some((r) => crm.includes(r));
  return allowedActions(lead, user).has(lead.phase === 'new' ? 'assign' : 'reassign');
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
