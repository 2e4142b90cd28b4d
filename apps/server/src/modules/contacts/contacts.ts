import type { ContactCreate, ContactPatch, FieldError } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';
import { emptyAddress, patchAddress, trimOrNull } from '../../lib/text';
import { normalizeEmails, normalizeName, normalizePhones } from '../../lib/contact-points';
import { readSettings } from '../settings/settings.service';
import { createContactsRepository, type ContactValues } from './contacts.repository';

/** What other modules (the lead record) call inside their own transaction. */

/** Validates a create or a patch (merged onto `current`) and returns what is to be stored. */
export async function prepareContact(
  q: Queryable,
  input: ContactCreate | ContactPatch,
  current?: ContactValues,
  /** The settings' default phone region when the caller has read it already. */
  phoneRegion?: string,
): Promise<ContactValues> {
  const repo = createContactsRepository(q);
  const errors: FieldError[] = [];
  const base: ContactValues = current ?? {
    firstName: null,
    lastName: '',
    middleName: null,
    emails: [],
    phones: [],
    companyId: null,
    jobTitle: null,
    department: null,
    doNotEmail: false,
    doNotCall: false,
    address: emptyAddress(),
    active: true,
  };
  const v: ContactValues = { ...base, address: { ...base.address } };
  if (input.firstName !== undefined) v.firstName = trimOrNull(input.firstName);
  if (input.lastName !== undefined) v.lastName = input.lastName.trim();
  if (!v.lastName) errors.push(fieldError('lastName', 'required', 'is required'));
  if (input.middleName !== undefined) v.middleName = trimOrNull(input.middleName);
  if (input.emails !== undefined) {
    const emails = normalizeEmails('emails', input.emails);
    errors.push(...emails.errors);
    v.emails = emails.values;
  }
  if (input.phones !== undefined) {
    const region = phoneRegion ?? (await readSettings(q)).defaultPhoneRegion;
    const phones = normalizePhones('phones', input.phones, region);
    errors.push(...phones.errors);
    v.phones = phones.values;
  }
  if (input.companyId !== undefined) {
    v.companyId = input.companyId;
    if (input.companyId && !(await repo.companyExists(input.companyId))) {
      errors.push(fieldError('companyId', 'not_found', 'no such company'));
    }
  }
  if (input.jobTitle !== undefined) v.jobTitle = trimOrNull(input.jobTitle);
  if (input.department !== undefined) v.department = trimOrNull(input.department);
  if (input.doNotEmail !== undefined) v.doNotEmail = input.doNotEmail;
  if (input.doNotCall !== undefined) v.doNotCall = input.doNotCall;
  v.address = patchAddress(v.address, input.address);
  if (input.active !== undefined) v.active = input.active;
  if (errors.length) throw invalid(errors);
  return v;
}

/** Validates, normalises and inserts a contact; returns its id. Throws a 422 naming bad fields. */
export async function insertContact(
  q: Queryable,
  input: ContactCreate,
  createdById: string | null,
  phoneRegion?: string,
): Promise<string> {
  const values = await prepareContact(q, input, undefined, phoneRegion);
  return createContactsRepository(q).insert(values, createdById);
}

export interface ContactMatch {
  id: string;
  companyId: string | null;
  matches: { fullName: boolean; email: boolean; phone: boolean };
}

/**
 * Contact de-duplication for the lead record: an active contact matches when it has the same last
 * name, compared without case and spaces, AND at least two of: the same full name, a shared e-mail,
 * a shared phone. The full name matches when the first names are equal (and given) and the middle
 * names are equal or one side has none. E-mails and phones are normalised the same way they are
 * stored (lower case, E.164 in the settings' default region); unparseable ones simply match nothing.
 * Matches that meet all three come first, then the oldest contact.
 */
export async function findMatchingContacts(
  q: Queryable,
  person: {
    firstName?: string | null;
    lastName?: string | null;
    middleName?: string | null;
    emails?: string | string[] | null;
    phones?: string | string[] | null;
  },
  phoneRegion?: string,
): Promise<ContactMatch[]> {
  const lastName = normalizeName(person.lastName);
  if (!lastName) return [];
  const emails = new Set(normalizeEmails('emails', person.emails).values);
  const region = phoneRegion ?? (await readSettings(q)).defaultPhoneRegion;
  const phones = new Set(normalizePhones('phones', person.phones, region).values);
  // Two of three criteria, the full name being one: a match always shares an e-mail or a phone.
  if (emails.size === 0 && phones.size === 0) return [];
  const candidates = await createContactsRepository(q).matchCandidates(lastName, [...emails], [...phones]);
  return rankContactMatches({ ...person, emails, phones }, candidates);
}

/** A contact that may match, as `matchCandidates` reads it. */
export interface ContactCandidate {
  id: string;
  company_id: string | null;
  first_name: string | null;
  middle_name: string | null;
  emails: string[];
  phones: string[];
}

/**
 * The rule of `findMatchingContacts` over candidates already read (same last name, sharing an e-mail or a
 * phone, oldest first): those meeting two of three, those meeting all three first. `emails` and `phones`
 * are normalised as stored.
 */
export function rankContactMatches(
  person: { firstName?: string | null; middleName?: string | null; emails: Set<string>; phones: Set<string> },
  candidates: ContactCandidate[],
): ContactMatch[] {
  const { emails, phones } = person;
  const firstName = normalizeName(person.firstName);
  const middleName = normalizeName(person.middleName);

  const found: (ContactMatch & { score: number; order: number })[] = [];
  candidates.forEach((c, order) => {
    const cMiddle = normalizeName(c.middle_name);
    const matches = {
      fullName:
        firstName !== '' &&
        normalizeName(c.first_name) === firstName &&
        (middleName === '' || cMiddle === '' || cMiddle === middleName),
      email: c.emails.some((e) => emails.has(e)),
      phone: c.phones.some((p) => phones.has(p)),
    };
    const score = Number(matches.fullName) + Number(matches.email) + Number(matches.phone);
    if (score >= 2) found.push({ id: c.id, companyId: c.company_id, matches, score, order });
  });
  found.sort((a, b) => b.score - a.score || a.order - b.order);
  return found.map(({ id, companyId, matches }) => ({ id, companyId, matches }));
}
