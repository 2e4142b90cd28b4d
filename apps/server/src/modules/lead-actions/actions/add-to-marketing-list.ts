import { fieldError, invalid } from '../../../http/errors';
import { addLeadsToList, listActive } from '../../marketing-lists';
import type { Perform } from './action';

export const addToMarketingList: Perform<'add-to-marketing-list'> = async (
  { tx, lead, p },
  { marketingListId },
) => {
  const active = await listActive(tx, marketingListId);
  if (active === undefined)
    throw invalid([fieldError('marketingListId', 'not_found', 'no such marketing list')]);
  if (!active)
    throw invalid([fieldError('marketingListId', 'inactive', 'this marketing list is not active')]);
  const added = await addLeadsToList(tx, marketingListId, [lead.id], p.userId);
  return { changes: {}, record: { added: added.length > 0 } };
};
