import type { Company, CompanyMerge, Contact, ContactMerge, FieldError } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import { AppError, conflict, notFound } from '../../http/errors';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { createCompaniesRepository } from '../companies/companies.repository';
import { COMPANY_RENAMED } from '../companies/events';
import { createContactsRepository } from '../contacts/contacts.repository';
import { CONTACT_RENAMED } from '../contacts/events';
import { checkMergeInput } from './merge-leads';
import { createMergesRepository, type MergeRow } from './merges.repository';
import { createRecordRefsRepository, type RecordRef } from './record-refs.repository';

/** What differs between merging contacts and merging companies: their table and what refers to them. */
interface RecordKind<R> {
  type: 'contact' | 'company';
  table: 'contacts' | 'companies';
  refs: RecordRef[];
  get(q: Queryable, id: string): Promise<R | undefined>;
  /** The job that refreshes the search text of the leads referring to a record (its name is in it). */
  leadsJob: { name: string; payload: (id: string) => object };
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const addressColumns = [
  'address_street',
  'address_postal_code',
  'address_city',
  'address_region',
  'address_country',
];
const columnsOf = (field: string) => (field === 'address' ? addressColumns : [snake(field)]);

const ref = (table: string, column: string): RecordRef => ({ table, column });

export const contactKind: RecordKind<Contact> = {
  type: 'contact',
  table: 'contacts',
  refs: [
    ref('leads', 'contact_id'),
    ref('leads', 'partner_contact_id'),
    ref('leads', 'converted_contact_id'),
    ref('opportunities', 'contact_id'),
    ref('contacts', 'merged_into_id'),
  ],
  get: (q, id) => createContactsRepository(q).get(id),
  leadsJob: { name: CONTACT_RENAMED, payload: (contactId) => ({ contactId }) },
};

export const companyKind: RecordKind<Company> = {
  type: 'company',
  table: 'companies',
  refs: [
    ref('leads', 'company_id'),
    ref('leads', 'partner_company_id'),
    ref('leads', 'converted_company_id'),
    ref('opportunities', 'company_id'),
    ref('contacts', 'company_id'),
    ref('users', 'partner_company_id'),
    ref('partnership_agreements', 'partner_company_id'),
    ref('companies', 'merged_into_id'),
  ],
  get: (q, id) => createCompaniesRepository(q).get(id),
  leadsJob: { name: COMPANY_RENAMED, payload: (companyId) => ({ companyId }) },
};

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/** Runs `fn`; a unique value (a company's TIN) taken by another record meanwhile answers 409. */
async function uniqueOr409<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict('A value of the merge (such as the TIN) belongs to another record now.', 'unique_taken');
    throw err;
  }
}

/**
 * Merges contacts or companies into one, in the caller's transaction, as leads merge: the kept record
 * takes the chosen value of each field; the leads, opportunities, contacts, partner users and agreements
 * referring to a merged record refer to the kept one; each merged record keeps its row as a snapshot and
 * points at the kept one (lists and look-ups leave it out). Locked in one order; 409 when merged already.
 */
export async function mergeRecords<R>(
  tx: Queryable,
  p: Principal,
  kind: RecordKind<R>,
  input: ContactMerge | CompanyMerge,
  jobs?: Pick<Jobs, 'send'>,
) {
  const { mergeIds, all } = checkMergeInput(input);
  const repo = createMergesRepository(tx, kind.table);
  const locked = isCrmUser(p) ? await repo.lock(all) : new Map();
  if (all.some((id) => !locked.has(id))) throw notFound(kind.type);
  const already = all.filter((id) => locked.get(id)!.merged_into_id !== null);
  if (already.length)
    throw new AppError(
      `${kind.type}_merged`,
      409,
      `Some of these ${kind.table} are already merged into another.`,
      [
        ...already.map((id) => ({
          field: id === input.keepId ? 'keepId' : 'mergeIds',
          code: 'merged',
          message: id,
        })),
      ],
    );

  const snapshots = await repo.snapshots(all);
  const moved = await createRecordRefsRepository(tx).move(input.keepId, mergeIds, kind.refs);
  // Merged first, so that the kept record may take a value unique among the records in use (the TIN).
  await repo.markMerged(input.keepId, mergeIds);
  const bySource = new Map<string, string[]>();
  for (const [field, id] of Object.entries(input.fields)) {
    if (id === input.keepId) continue;
    bySource.set(id, [...(bySource.get(id) ?? []), ...columnsOf(field)]);
  }
  await uniqueOr409(async () => {
    for (const [sourceId, columns] of bySource) await repo.copyColumns(input.keepId, sourceId, columns);
  });
  const keptVersion = await repo.bumpVersion(input.keepId);
  const mergeId = await repo.insert({
    recordType: kind.type,
    keepId: input.keepId,
    mergeIds,
    fields: input.fields,
    snapshots,
    moved: { refs: moved },
    keptVersion,
    actorId: p.userId,
  });
  // The leads that now refer to the kept record are found by its name.
  if (jobs) await jobs.send(kind.leadsJob.name, kind.leadsJob.payload(input.keepId), { tx });
  return { mergeId, record: (await kind.get(tx, input.keepId))! };
}

/**
 * Undoes a merge of contacts or companies within 30 days: the merged records come back, what referred
 * to them refers to them again, the kept record's chosen fields take their earlier values. 409 listing
 * what changed when the kept record or what moved has changed since.
 */
export async function undoRecordMerge<R>(
  tx: Queryable,
  p: Principal,
  kind: RecordKind<R>,
  m: MergeRow,
  jobs?: Pick<Jobs, 'send'>,
) {
  const repo = createMergesRepository(tx, kind.table);
  const keptId = m.kept_lead_id;
  const all = [keptId, ...m.merged_lead_ids];
  const locked = isCrmUser(p) ? await repo.lock(all) : new Map();
  if (all.some((id) => !locked.has(id))) throw notFound('merge');
  if (m.undone_at) throw conflict('This merge was undone already.', 'merge_undone');
  if (!m.undoable) throw conflict('A merge can be undone within 30 days only.', 'merge_expired');

  const refs = createRecordRefsRepository(tx);
  const moved = m.moved.refs ?? [];
  const changed: FieldError[] = [];
  if (locked.get(keptId)!.version !== m.kept_version)
    changed.push({
      field: kind.type,
      code: 'changed',
      message: `the kept ${kind.type} was changed after the merge`,
    });
  for (const id of m.merged_lead_ids)
    if (locked.get(id)!.merged_into_id !== keptId)
      changed.push({ field: 'merged', code: 'changed', message: `${id} is no longer merged here` });
  for (const r of await refs.changedSince(keptId, moved))
    changed.push({
      field: r.table === kind.table ? 'merged' : r.table,
      code: 'changed',
      message: `${r.id} no longer refers to the kept ${kind.type} (${r.column})`,
    });
  if (changed.length)
    throw new AppError(
      'merge_changed',
      409,
      'What the merge moved has changed since; it cannot be undone.',
      changed,
    );

  await refs.moveBack(moved);
  const columns = Object.keys(m.fields)
    .filter((f) => m.fields[f] !== keptId)
    .flatMap(columnsOf);
  await uniqueOr409(async () => {
    await repo.restoreColumns(keptId, m.snapshots[keptId], columns);
    await repo.unmark(m.merged_lead_ids);
  });
  await repo.bumpVersion(keptId);
  await repo.markUndone(m.id, p.userId);
  if (jobs) for (const id of all) await jobs.send(kind.leadsJob.name, kind.leadsJob.payload(id), { tx });
  return { mergeId: m.id, [kind.type]: (await kind.get(tx, keptId))!, restoredIds: m.merged_lead_ids };
}
