import { actionRefusal, type Lead, type LeadAction } from '@leadline/contract';
import { AppError } from '../../http/errors';
import type { Principal } from '../access/principal';

/** Throws the refusal of the shared action table for `p` running `action` on `lead` (already visible). */
export function checkAction(p: Principal, action: LeadAction, lead: Lead): void {
  const refusal = actionRefusal(p, action, lead);
  if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
}

/**
 * The action a change of owner or unit outside the actions (PATCH, a partner's registration) stands
 * for: Assign on a new lead, Reassign otherwise (which refuses the closed phases with 409).
 */
export const ownershipAction = (lead: Pick<Lead, 'phase'>): 'assign' | 'reassign' =>
  lead.phase === 'new' ? 'assign' : 'reassign';
