import type { CompanyCreate, CompanyPatch, FieldError } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';
import { emptyAddress, patchAddress, trimOrNull } from '../../lib/text';
import { normalizeEmails, normalizePhones } from '../../lib/contact-points';
import { readSettings } from '../settings/settings.service';
import { createCompaniesRepository, type CompanyValues } from './companies.repository';
import { normalizeTin, normalizeWebsite } from './normalize';

/**
 * What other modules (the lead record) call inside their own transaction. Field errors name the
 * company's own fields (tin, website, emails.0...); callers that offer other field names validate first
 * with normalizeTin / normalizeWebsite.
 */

/** Validates a create or a patch (merged onto `current`) and returns what is to be stored. */
export async function prepareCompany(
  q: Queryable,
  input: CompanyCreate | CompanyPatch,
  current?: CompanyValues & { id: string },
): Promise<CompanyValues> {
  const repo = createCompaniesRepository(q);
  const errors: FieldError[] = [];
  const base: CompanyValues = current ?? {
    name: '',
    tin: null,
    website: null,
    type: 'prospect',
    industryId: null,
    size: null,
    keyAccount: false,
    emails: [],
    phones: [],
    address: emptyAddress(),
    description: null,
    active: true,
  };
  const v: CompanyValues = { ...base, address: { ...base.address } };
  if (input.name !== undefined) v.name = input.name.trim();
  if (!v.name) errors.push(fieldError('name', 'required', 'is required'));
  if (input.tin !== undefined) {
    const tin = normalizeTin('tin', input.tin);
    if (tin.error) errors.push(tin.error);
    v.tin = tin.value;
    if (tin.value) {
      const owner = await repo.byTin(tin.value);
      if (owner && owner.id !== current?.id) {
        errors.push(fieldError('tin', 'taken', `the company "${owner.name}" already has this TIN`));
      }
    }
  }
  if (input.website !== undefined) {
    const website = normalizeWebsite('website', input.website);
    if (website.error) errors.push(website.error);
    v.website = website.value;
  }
  if (input.type !== undefined) v.type = input.type;
  if (input.industryId !== undefined) {
    v.industryId = input.industryId;
    if (input.industryId && !(await repo.industryExists(input.industryId))) {
      errors.push(fieldError('industryId', 'not_found', 'no such industry'));
    }
  }
  if (input.size !== undefined) v.size = trimOrNull(input.size);
  if (input.keyAccount !== undefined) v.keyAccount = input.keyAccount;
  if (input.emails !== undefined) {
    const emails = normalizeEmails('emails', input.emails);
    errors.push(...emails.errors);
    v.emails = emails.values;
  }
  if (input.phones !== undefined) {
    const { defaultPhoneRegion } = await readSettings(q);
    const phones = normalizePhones('phones', input.phones, defaultPhoneRegion);
    errors.push(...phones.errors);
    v.phones = phones.values;
  }
  v.address = patchAddress(v.address, input.address);
  if (input.description !== undefined) v.description = trimOrNull(input.description);
  if (input.active !== undefined) v.active = input.active;
  if (errors.length) throw invalid(errors);
  return v;
}

/** The company that has this TIN (digits only, as normalizeTin returns it). */
export async function findCompanyByTin(
  q: Queryable,
  tin: string,
): Promise<{ id: string; name: string } | undefined> {
  return createCompaniesRepository(q).byTin(tin);
}

/** Validates, normalises and inserts a company; returns its id. Throws a 422 naming bad fields. */
export async function insertCompany(
  q: Queryable,
  input: CompanyCreate,
  createdById: string | null,
): Promise<string> {
  const values = await prepareCompany(q, input);
  return createCompaniesRepository(q).insert(values, createdById);
}
