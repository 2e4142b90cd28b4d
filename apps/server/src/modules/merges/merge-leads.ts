import type { FieldError, LeadMerge, MergeableLeadField } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { AppError, invalid, notFound } from '../../http/errors';
import { canEditLead } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { draftOf } from '../leads/lead-rules';
import { ownSearchText } from '../leads/lead-search';
import { createLeadsRepository } from '../leads/leads.repository';
import { createActivitiesRepository } from '../activities/activities.repository';
import { columnsOf } from './merge-columns';
import { createMergesRepository } from './merges.repository';

/**
 * The records of a merge (leads, contacts or companies), checked: the kept one is not among the merged
 * ones, and each chosen field names one of them. 422 naming every field at fault otherwise.
 */
export function checkMergeInput(input: {
  keepId: string;
  mergeIds: string[];
  fields: Record<string, string>;
}) {
  const errors: FieldError[] = [];
  const mergeIds = [...new Set(input.mergeIds)];
  if (mergeIds.includes(input.keepId))
    errors.push({ field: 'mergeIds', code: 'includes_kept', message: 'must not include keepId' });
  const all = [input.keepId, ...mergeIds];
  for (const [field, id] of Object.entries(input.fields))
    if (!all.includes(id))
      errors.push({
        field: `fields.${field}`,
        code: 'not_merged',
        message: 'must be keepId or one of mergeIds',
      });
  if (errors.length) throw invalid(errors);
  return { mergeIds, all };
}

/**
 * Merges leads into one, in the caller's transaction: the kept lead takes the chosen value of each
 * field; events, tags, marketing-list memberships, opportunities and earlier merges move to it; each
 * merged lead keeps its row as a snapshot and points at the kept one. Every lead is locked first (in
 * one order): of two merges of the same leads, the second finds them merged and answers 409.
 */
export async function mergeLeads(tx: Queryable, p: Principal, input: LeadMerge) {
  const { mergeIds, all } = checkMergeInput(input);

  const { scope } = await leadContextOf(tx, p);
  const repo = createMergesRepository(tx);
  const leads = createLeadsRepository(tx);
  const locked = await repo.lock(all);
  for (const id of all) {
    const lead = locked.has(id) ? await leads.get(id) : undefined;
    if (!lead || !canEditLead(scope, lead)) throw notFound('lead');
  }
  const already = all.filter((id) => locked.get(id)!.merged_into_id !== null);
  if (already.length)
    throw new AppError('lead_merged', 409, 'Some of these leads are already merged into another.', [
      ...already.map((id) => ({
        field: id === input.keepId ? 'keepId' : 'mergeIds',
        code: 'merged',
        message: id,
      })),
    ]);

  const snapshots = await repo.snapshots(all);
  const bySource = new Map<string, string[]>();
  for (const [field, leadId] of Object.entries(input.fields) as [MergeableLeadField, string][]) {
    if (leadId === input.keepId) continue;
    bySource.set(leadId, [...(bySource.get(leadId) ?? []), ...columnsOf(field)]);
  }
  for (const [sourceId, columns] of bySource) await repo.copyColumns(input.keepId, sourceId, columns);
  const moved = await repo.moveTo(input.keepId, mergeIds);
  // The kept lead's next and last event dates now count the activities it received.
  await createActivitiesRepository(tx).refreshLeadEvents(input.keepId);
  await repo.markMerged(input.keepId, mergeIds);
  const keptVersion = await repo.bumpVersion(input.keepId);
  const kept = (await leads.get(input.keepId))!;
  await leads.setOwnSearchText([{ id: kept.id, own: ownSearchText(draftOf(kept)) }]);
  const mergeId = await repo.insert({
    keepId: input.keepId,
    mergeIds,
    fields: input.fields,
    snapshots,
    moved,
    keptVersion,
    actorId: p.userId,
  });
  const numbers = mergeIds.map((id) => String(snapshots[id].number));
  await leads.addEvents(input.keepId, p.userId, [
    {
      kind: 'merged',
      payload: { mergeId, mergedIds: mergeIds, mergedNumbers: numbers, fields: input.fields },
    },
  ]);
  for (const id of mergeIds)
    await leads.addEvents(id, p.userId, [
      { kind: 'merged_into', payload: { mergeId, keptId: kept.id, keptNumber: kept.number } },
    ]);
  return { mergeId, lead: kept };
}
