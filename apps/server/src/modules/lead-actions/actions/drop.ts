import { fieldError, invalid } from '../../../http/errors';
import { blank, settingStatus, type Perform } from './action';

export const drop: Perform<'drop'> = async ({ tx, settings }, { reason }) => {
  if (blank(reason)) throw invalid([fieldError('reason', 'required', 'give the reason for dropping')]);
  const dropped = await settingStatus(tx, settings.defaultDroppedStatusId, 'dropped');
  return { changes: { statusId: dropped.id, phase: dropped.phase, dropReason: reason!.trim() } };
};
