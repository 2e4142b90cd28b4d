import { fieldError } from '../../../http/errors';
import { changed, usable, type SaveState } from './draft';

/** The TIN whose company to look for: one set or changed by this save (rule on save 1). */
export const tinToLookUp = (s: SaveState) =>
  s.v.companyTin && changed(s, 'companyTin') ? s.v.companyTin : null;

/** A company that has the lead's TIN becomes the existing company instead of a new one. */
export function linkCompanyByTin(s: SaveState, match: { id: string } | null | undefined) {
  if (!match) return;
  s.v.companyId = match.id;
  s.v.newCompany = false;
}

/** The contact whose company must be the lead's: asked only when either of them changed. */
export const contactToCheck = (s: SaveState) =>
  s.v.newContact || !s.v.contactId
    ? null
    : usable(s, 'contactId') && usable(s, 'companyId') && (changed(s, 'contactId') || changed(s, 'companyId'))
      ? s.v.contactId
      : null;

/**
 * Step 3: a company prospect needs the existing company, or with New company set its name, website and
 * TIN; the lead needs the existing contact, or with New contact set the person's names; an existing
 * contact belongs to the existing company. `contactCompanyId` is the company of `contactToCheck`'s
 * contact (undefined when not asked or when the contact is unknown).
 */
export function checkCompanyAndContact(s: SaveState, contactCompanyId: string | null | undefined) {
  const { v, errors, bad } = s;
  if (v.prospectType === 'company') {
    if (v.newCompany) {
      if (!v.companyName) errors.push(fieldError('companyName', 'required', 'is required for a new company'));
      if (!v.companyWebsite && !errors.some((e) => e.field === 'companyWebsite'))
        errors.push(fieldError('companyWebsite', 'required', 'is required for a new company'));
      if (!v.companyTin && !errors.some((e) => e.field === 'companyTin'))
        errors.push(fieldError('companyTin', 'required', 'is required for a new company'));
    } else if (!v.companyId && !bad.has('companyId')) {
      errors.push(fieldError('companyId', 'required', 'choose the existing company or set New company'));
    }
  }
  if (v.newContact) {
    if (!v.firstName) errors.push(fieldError('firstName', 'required', 'is required for a new contact'));
    if (!v.lastName) errors.push(fieldError('lastName', 'required', 'is required for a new contact'));
  } else if (!v.contactId) {
    if (!bad.has('contactId'))
      errors.push(fieldError('contactId', 'required', 'choose the existing contact or set New contact'));
  } else if (contactCompanyId !== undefined && contactCompanyId !== v.companyId) {
    errors.push(fieldError('contactId', 'not_in_company', 'must be a contact of the existing company'));
  }
}
