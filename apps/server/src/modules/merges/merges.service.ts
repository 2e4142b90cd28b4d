import type { LeadMerge } from '@leadline/contract';
import type { Database } from '../../db/client';
import type { Principal } from '../access/principal';
import { mergeLeads } from './merge-leads';
import { undoMerge } from './undo-merge';

export function createMergesService({ db }: { db: Database }) {
  return {
    merge: (p: Principal, input: LeadMerge) => db.transaction((tx) => mergeLeads(tx, p, input)),
    undo: (p: Principal, mergeId: string) => db.transaction((tx) => undoMerge(tx, p, mergeId)),
  };
}
export type MergesService = ReturnType<typeof createMergesService>;
