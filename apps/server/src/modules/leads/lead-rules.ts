import type { Lead, Settings } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { LeadScope } from '../access/lead-policy';
import { createLeadLookups } from './lead-lookups';
import { createLeadsRepository } from './leads.repository';
import {
  checkCompanyAndContact,
  contactToCheck,
  linkCompanyByTin,
  tinToLookUp,
} from './save/company-contact';
import {
  applyExpectedCompletion,
  applyLeadTypeDefaults,
  applyLinesAndAmount,
  leadTypeToRead,
} from './save/defaults';
import {
  agreementToRead,
  directionFromAgreement,
  directionToRead,
  fitDirectionProductAgreement,
} from './save/direction-agreement';
import { changed, startSave, usable, type LeadInput } from './save/draft';
import { normalise, requireNameAndSource } from './save/normalise';
import { referencesToCheck, reportMissing } from './save/references';

export { draftOf, emptyDraft, type Draft, type LeadInput } from './save/draft';

export interface SaveContext {
  q: Queryable;
  settings: Settings;
  scope: LeadScope;
  actorId: string;
  /** `YYYY-MM-DD` as the database sees today. */
  today: string;
}

/** The reads of a save: the other modules' look-ups and the check of references pointing nowhere. */
export interface SaveReads {
  ask: Pick<
    ReturnType<typeof createLeadLookups>,
    | 'companyByTin'
    | 'contactCompany'
    | 'ownerError'
    | 'agreement'
    | 'directionProductIds'
    | 'leadType'
    | 'productPrices'
  >;
  missing: ReturnType<typeof createLeadsRepository>['missing'];
}

export const saveReadsOf = (q: Queryable): SaveReads => ({
  ask: createLeadLookups(q),
  missing: createLeadsRepository(q).missing,
});

/**
 * Applies an input to a lead (a new one when `current` is null) and every rule on save, step by step
 * (each step in save/, tested on its own). Returns the values to store, or every field error found;
 * nothing is written here, so a refused save leaves no trace. `commitContact` then runs the side
 * effects (contact de-duplication or creation) inside the caller's transaction.
 */
export async function applyLeadInput(
  ctx: SaveContext,
  input: LeadInput,
  current: Lead | null,
  /** What the save reads; an import passes one that remembers the answers for many rows. */
  reads: SaveReads = saveReadsOf(ctx.q),
) {
  const { ask } = reads;
  const s = startSave(input, current);

  normalise(s, ctx.settings.defaultPhoneRegion);

  const refs = referencesToCheck(s);
  reportMissing(s, refs, await reads.missing(refs.ids));
  requireNameAndSource(s);

  const tin = tinToLookUp(s);
  if (tin) linkCompanyByTin(s, await ask.companyByTin(tin));
  const contactId = contactToCheck(s);
  checkCompanyAndContact(s, contactId ? await ask.contactCompany(contactId) : undefined);

  if (usable(s, 'ownerId') && changed(s, 'ownerId')) {
    const ownerError = await ask.ownerError(s.v.ownerId!);
    if (ownerError) s.errors.push(ownerError);
  }

  const agreementId = agreementToRead(s);
  const agreement = agreementId ? await ask.agreement(agreementId) : undefined;
  directionFromAgreement(s, agreement);
  const directionId = directionToRead(s);
  const directionProducts = directionId ? await ask.directionProductIds(directionId) : new Set<string>();
  fitDirectionProductAgreement(s, agreement, directionProducts, ctx.scope);

  const leadTypeId = leadTypeToRead(s);
  applyLeadTypeDefaults(s, leadTypeId ? await ask.leadType(leadTypeId) : undefined);
  applyExpectedCompletion(s, current?.startDate ?? ctx.today);
  applyLinesAndAmount(
    s,
    refs.productIds.length ? await ask.productPrices(refs.productIds) : new Map(),
    ctx.settings.defaultCurrency,
  );

  return { values: s.v, errors: s.errors };
}
