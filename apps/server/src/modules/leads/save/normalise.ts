import { fieldError } from '../../../http/errors';
import { normalizeEmails, normalizePhones } from '../../../lib/contact-points';
import { richTextOrNull } from '../../../lib/rich-text';
import { patchAddress, trimOrNull } from '../../../lib/text';
import { normalizeTin, normalizeWebsite } from '../../companies';
import { plainFields, textFields } from '../lead-fields';
import { emptyDraft, given, type SaveState } from './draft';

/** Tags as stored: trimmed, one per name whatever its case, in alphabetical order. */
export function normaliseTags(raw: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const name of (raw ?? []).map((t) => t.trim())) {
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      tags.push(name);
    }
  }
  return tags.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** Rich text that shows nothing (only empty markup) is no description. */
export function normaliseDescription(raw: string | null | undefined): string | null {
  return richTextOrNull(raw);
}

/**
 * Step 1: every given field in its stored form, with the errors of the values that cannot be stored
 * (TIN, website, e-mails, phones) and of the partner company, which is read-only (taken from the
 * agreement). Reads nothing.
 */
export function normalise(s: SaveState, defaultPhoneRegion: string) {
  const { input, v } = s;
  for (const f of textFields) if (given(s, f)) v[f] = trimOrNull(input[f]);
  for (const f of plainFields) {
    if (!given(s, f)) continue;
    const value = input[f];
    // Flags and enums have a value on the record: null there means "back to the default".
    (v as Record<string, unknown>)[f] = value === null ? emptyDraft()[f] : value;
  }
  if (given(s, 'description')) v.description = normaliseDescription(input.description);
  if (given(s, 'companyTin')) {
    const tin = normalizeTin('companyTin', input.companyTin);
    if (tin.error) s.errors.push(tin.error);
    v.companyTin = tin.value;
  }
  if (given(s, 'companyWebsite')) {
    const website = normalizeWebsite('companyWebsite', input.companyWebsite);
    if (website.error) s.errors.push(website.error);
    v.companyWebsite = website.value;
  }
  if (given(s, 'emails')) {
    const emails = normalizeEmails('emails', input.emails);
    s.errors.push(...emails.errors);
    v.emails = emails.values;
  }
  if (given(s, 'phones')) {
    const phones = normalizePhones('phones', input.phones, defaultPhoneRegion);
    s.errors.push(...phones.errors);
    v.phones = phones.values;
  }
  v.address = patchAddress(v.address, input.address);
  if (given(s, 'tags')) v.tags = normaliseTags(input.tags);
  if (given(s, 'partnerCompanyId') && input.partnerCompanyId !== s.prev.partnerCompanyId) {
    s.errors.push(
      fieldError('partnerCompanyId', 'read_only', 'is taken from the partnership agreement on save'),
    );
  }
}

/** The name and the lead source are mandatory on every save. */
export function requireNameAndSource(s: SaveState) {
  if (!s.v.name) s.errors.push(fieldError('name', 'required', 'is required'));
  if (!s.v.sourceId) s.errors.push(fieldError('sourceId', 'required', 'is required'));
}
