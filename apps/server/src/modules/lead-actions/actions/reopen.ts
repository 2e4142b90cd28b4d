import type { Perform } from './action';
import { openStatus } from './move';

/** The outcome of the closed lead is undone; the opportunity and converted records stay linked. */
export const reopen: Perform<'reopen'> = async ({ tx }, { statusId }) => {
  const s = await openStatus(tx, statusId, 'reopen');
  return {
    changes: {
      statusId: s.id,
      phase: s.phase,
      actualCompletedDate: null,
      disqualificationCodeId: null,
      disqualificationReason: null,
      dropReason: null,
    },
  };
};
