import type { Jobs } from '../../jobs/queue';
import { publishWebhookEvent } from '../webhooks/webhook-outbox';
import type { CompanyMerge, ContactMerge, LeadMerge } from '@leadline/contract';
import type { Database } from '../../db/client';
import type { Principal } from '../access/principal';
import { mergeLeads } from './merge-leads';
import { undoMerge } from './undo-merge';
import { companyKind, contactKind, mergeRecords } from './merge-records';

export function createMergesService({ db, jobs }: { db: Database; jobs?: Pick<Jobs, 'send'> }) {
  return {
    merge: (p: Principal, input: LeadMerge) =>
      db.transaction(async (tx) => {
        const merged = await mergeLeads(tx, p, input);
        // Webhooks hear of it through the outbox, in the merge's own transaction.
        await publishWebhookEvent(tx, jobs, 'lead.merged', {
          ...merged.lead,
          merge: { id: merged.mergeId, mergedIds: [...new Set(input.mergeIds)] },
        });
        return merged;
      }),
    mergeContacts: (p: Principal, input: ContactMerge) =>
      db.transaction(async (tx) => {
        const { mergeId, record } = await mergeRecords(tx, p, contactKind, input, jobs);
        return { mergeId, contact: record };
      }),
    mergeCompanies: (p: Principal, input: CompanyMerge) =>
      db.transaction(async (tx) => {
        const { mergeId, record } = await mergeRecords(tx, p, companyKind, input, jobs);
        return { mergeId, company: record };
      }),
    undo: (p: Principal, mergeId: string) => db.transaction((tx) => undoMerge(tx, p, mergeId, jobs)),
  };
}
export type MergesService = ReturnType<typeof createMergesService>;
