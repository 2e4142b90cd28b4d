import { actionRefusal, type Lead, type LeadAction } from '@leadline/contract';
import { AppError } from '../../http/errors';
import type { Principal } from '../access/principal';

/** Throws the refusal of the shared action table for `p` running `action` on `lead` (already visible). */
export function checkAction(p: Principal, action: LeadAction, lead: Lead): void {
  const refusal = actionRefusal(p, action, lead);
  if (refusal) throw new AppError(refusal.code, refusal.status, refusal.message);
}
