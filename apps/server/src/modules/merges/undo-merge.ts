import { createActivitiesRepository } from '../activities/activities.repository';
import type { FieldError } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { AppError, conflict, notFound } from '../../http/errors';
import { canEditLead } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { draftOf } from '../leads/lead-rules';
import { ownSearchText } from '../leads/lead-search';
import { createLeadsRepository } from '../leads/leads.repository';
import type { MergeableLeadField } from '@leadline/contract';
import { columnsOf } from './merge-columns';
import { createMergesRepository } from './merges.repository';
import { companyKind, contactKind, undoRecordMerge } from './merge-records';
import type { Jobs } from '../../jobs/queue';

/**
 * Undoes a merge within 30 days: the merged leads come back and what moved goes back to them, the kept
 * lead's chosen fields take their earlier values. Refused (409, listing what) when what moved has
 * changed since, so that an undo never throws away later work.
 */
export async function undoMerge(tx: Queryable, p: Principal, mergeId: string, jobs?: Pick<Jobs, 'send'>) {
  const repo = createMergesRepository(tx);
  const leads = createLeadsRepository(tx);
  const m = await repo.lockMerge(mergeId);
  if (!m) throw notFound('merge');
  if (m.record_type === 'contact') return undoRecordMerge(tx, p, contactKind, m, jobs);
  if (m.record_type === 'company') return undoRecordMerge(tx, p, companyKind, m, jobs);
  const { scope } = await leadContextOf(tx, p);
  const all = [m.kept_lead_id, ...m.merged_lead_ids];
  const locked = await repo.lock(all);
  for (const id of all) {
    const lead = locked.has(id) ? await leads.get(id) : undefined;
    if (!lead || !canEditLead(scope, lead)) throw notFound('merge');
  }
  if (m.undone_at) throw conflict('This merge was undone already.', 'merge_undone');
  if (!m.undoable) throw conflict('A merge can be undone within 30 days only.', 'merge_expired');

  const changed: FieldError[] = [];
  const kept = locked.get(m.kept_lead_id)!;
  if (kept.version !== m.kept_version)
    changed.push({ field: 'lead', code: 'changed', message: 'the kept lead was changed after the merge' });
  for (const id of m.merged_lead_ids)
    if (locked.get(id)!.merged_into_id !== m.kept_lead_id)
      changed.push({
        field: 'mergedLeads',
        code: 'changed',
        message: `${String(m.snapshots[id].number)} is no longer merged here`,
      });
  const since = await repo.changedSince(m.kept_lead_id, m.moved);
  for (const number of since.opportunities)
    changed.push({ field: 'opportunities', code: 'changed', message: `${number} moved to another lead` });
  if (since.tagsRemoved)
    changed.push({ field: 'tags', code: 'changed', message: 'tags that came with the merge were removed' });
  if (since.listsLeft)
    changed.push({
      field: 'marketingLists',
      code: 'changed',
      message: 'the lead left marketing lists it joined with the merge',
    });
  if (changed.length)
    throw new AppError(
      'merge_changed',
      409,
      'What the merge moved has changed since; it cannot be undone.',
      changed,
    );

  await repo.moveBack(m.kept_lead_id, m.moved);
  const events = createActivitiesRepository(tx);
  for (const id of [m.kept_lead_id, ...m.merged_lead_ids]) await events.refreshLeadEvents(id);
  const columns = (Object.keys(m.fields) as MergeableLeadField[])
    .filter((f) => m.fields[f] !== m.kept_lead_id)
    .flatMap(columnsOf);
  await repo.restoreColumns(m.kept_lead_id, m.snapshots[m.kept_lead_id], columns);
  await repo.unmark(m.merged_lead_ids);
  await repo.bumpVersion(m.kept_lead_id);
  await repo.markUndone(m.id, p.userId);
  const lead = (await leads.get(m.kept_lead_id))!;
  await leads.setOwnSearchText([{ id: lead.id, own: ownSearchText(draftOf(lead)) }]);
  await leads.addEvents(lead.id, p.userId, [
    { kind: 'merge_undone', payload: { mergeId, restoredIds: m.merged_lead_ids } },
  ]);
  for (const id of m.merged_lead_ids)
    await leads.addEvents(id, p.userId, [{ kind: 'merge_undone', payload: { mergeId, keptId: lead.id } }]);
  return {
    mergeId,
    lead: (await leads.get(lead.id))!,
    restoredLeadIds: m.merged_lead_ids,
    restoredIds: m.merged_lead_ids,
  };
}
