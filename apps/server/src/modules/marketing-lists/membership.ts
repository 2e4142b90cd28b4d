import type { Queryable } from '../../db/client';
import { createMarketingListsRepository } from './marketing-lists.repository';

/**
 * The one way leads join a marketing list (the list's members endpoint and the lead action both come
 * here): the leads not yet members are added and the list's version moves when its members changed.
 * Returns the ids added; the caller has checked the list and the leads, and records the action in
 * each lead's history.
 */
export async function addLeadsToList(q: Queryable, listId: string, leadIds: string[], actorId: string) {
  const repo = createMarketingListsRepository(q);
  const added = await repo.addMembers(listId, [...new Set(leadIds)], actorId);
  if (added.length) await repo.touch(listId);
  return added;
}

/** Whether a list is active; undefined when there is no such list. */
export const listActive = (q: Queryable, listId: string) =>
  createMarketingListsRepository(q).activeOf(listId);
