import type { Queryable } from '../../../db/client';
import { conflict, fieldError, invalid } from '../../../http/errors';
import { createStatusesRepository } from '../../pipeline';
import type { Perform } from './action';

/** An open, active status chosen by the user for move and reopen. */
export async function openStatus(q: Queryable, statusId: string, action: 'move' | 'reopen') {
  const s = await createStatusesRepository(q).statusById(statusId);
  if (!s) throw invalid([fieldError('statusId', 'not_found', 'no such status')]);
  if (s.phase !== 'new' && s.phase !== 'in_progress') {
    if (action === 'reopen')
      throw invalid([fieldError('statusId', 'closed_status', 'a lead is reopened to an open status')]);
    // Won, lost and dropped have their own actions (qualify, disqualify, drop) with their own fields.
    throw conflict(
      `"${s.name}" is a closed status: it is reached only through its action (qualify, disqualify or drop).`,
      'closed_status',
    );
  }
  if (!s.active) throw invalid([fieldError('statusId', 'inactive', 'this status is retired')]);
  return s;
}

export const move: Perform<'move'> = async ({ tx }, { statusId }) => {
  const s = await openStatus(tx, statusId, 'move');
  return { changes: { statusId: s.id, phase: s.phase } };
};
