import type { LeadAction } from '@leadline/contract';
import type { Perform } from './action';
import { activate, deactivate } from './activation';
import { addToMarketingList } from './add-to-marketing-list';
import { assign, reassign } from './assign';
import { disqualify } from './disqualify';
import { drop } from './drop';
import { move } from './move';
import { qualify } from './qualify';
import { reopen } from './reopen';
import { take } from './take';

/** Every action and the file that runs it; the type makes a new action in the contract need a line here. */
export const actions: { [A in LeadAction]: Perform<A> } = {
  assign,
  reassign,
  take,
  accept: take,
  move,
  qualify,
  convert: qualify,
  disqualify,
  drop,
  reopen,
  activate,
  deactivate,
  'add-to-marketing-list': addToMarketingList,
};

export type { ActionContext, Bodies, Outcome } from './action';
