import { mayOwnLeads, type FieldError } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';
import { createUsersRepository } from './users.repository';

/**
 * Who may own a lead: an active person (not an integration's user) with a CRM role. A partner's
 * employee works leads but never owns them. Saving a lead and the Assign actions ask this one rule,
 * so that no path accepts an owner another path refuses.
 */
export async function assignableOwnerError(
  q: Queryable,
  ownerId: string,
  field = 'ownerId',
): Promise<FieldError | null> {
  const u = await createUsersRepository(q).ownerCandidate(ownerId);
  if (!u) return fieldError(field, 'not_found', 'no such user');
  if (!u.active || u.is_integration) return fieldError(field, 'inactive_user', 'must be an active user');
  if (!mayOwnLeads(u)) return fieldError(field, 'not_crm_user', 'must be a user with a CRM role');
  return null;
}

/** Refuses (422 naming the field) a user who may not own leads. */
export async function assertAssignableOwner(q: Queryable, ownerId: string, field = 'ownerId') {
  const error = await assignableOwnerError(q, ownerId, field);
  if (error) throw invalid([error]);
}
