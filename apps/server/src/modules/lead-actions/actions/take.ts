import { firstInProgress, type ActionContext, type Outcome } from './action';

/** Take in charge (and a partner's Accept): the user becomes the owner; a new lead starts work. */
export async function take({ tx, lead, p }: ActionContext): Promise<Outcome> {
  if (lead.phase !== 'new') return { changes: { ownerId: p.userId } };
  const next = await firstInProgress(tx);
  return { changes: { ownerId: p.userId, statusId: next.id, phase: next.phase } };
}
