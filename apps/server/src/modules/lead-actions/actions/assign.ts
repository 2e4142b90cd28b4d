import { assertAssignableOwner } from '../../users';
import { firstInProgress, type Perform } from './action';

/** Reassign changes the owner only; Assign also starts work on a new lead. */
export const reassign: Perform<'reassign'> = async ({ tx }, { ownerId }) => {
  await assertAssignableOwner(tx, ownerId);
  return { changes: { ownerId } };
};

export const assign: Perform<'assign'> = async ({ tx }, { ownerId }) => {
  await assertAssignableOwner(tx, ownerId);
  const next = await firstInProgress(tx);
  return { changes: { ownerId, statusId: next.id, phase: next.phase } };
};
