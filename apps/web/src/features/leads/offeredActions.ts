import { useTranslation } from 'react-i18next';
import {
  actionRefusal,
  allowedActions,
  crmRoles,
  type ActionActor,
  type Lead,
  type LeadAction,
  type RefusalReason,
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

/** The names of the actions, in the user's language. */
export function useActionLabels(): Record<LeadAction, string> {
  const { t } = useTranslation('leads');
  return {
    assign: t('action.assign'),
    reassign: t('action.reassign'),
    take: t('action.take'),
    accept: t('action.accept'),
    move: t('action.move'),
    qualify: t('action.qualify'),
    convert: t('action.convert'),
    disqualify: t('action.disqualify'),
    drop: t('action.drop'),
    reopen: t('action.reopen'),
    activate: t('action.activate'),
    deactivate: t('action.deactivate'),
    'add-to-marketing-list': t('action.addToMarketingList'),
  };
}

/**
 * Why the action table refuses `action` on `lead` for `user`, in the user's language; null when the table
 * allows it (the server may still refuse for another reason, which it then words itself).
 */
export function useRefusalWords(): (user: User, action: LeadAction, lead: Lead) => string | null {
  const { t } = useTranslation('leads');
  const words: Record<RefusalReason, string> = {
    role: t('leadwork:refusal.role'),
    phase: t('leadwork:refusal.phase'),
    inactive: t('leadwork:refusal.inactive'),
    unit_owned: t('leadwork:refusal.unitOwned'),
    not_assigner: t('leadwork:refusal.notAssigner'),
    not_owner: t('leadwork:refusal.notOwner'),
    not_in_unit_queue: t('leadwork:refusal.notInUnitQueue'),
    not_unit_member: t('leadwork:refusal.notUnitMember'),
  };
  return (user, action, lead) => {
    const refusal = actionRefusal(actorOf(user), action, lead);
    return refusal ? words[refusal.reason] : null;
  };
}
