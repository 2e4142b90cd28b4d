import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { FieldError } from '@leadline/contract';

/** Input may be a list or one comma/semicolon-separated string: "a@x.com, b@y.com". */
export function splitList(input: string | string[] | null | undefined): string[] {
  if (input == null) return [];
  const parts = Array.isArray(input) ? input.flatMap((s) => s.split(/[,;]/)) : input.split(/[,;]/);
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

const emailSchema = z.email();

/** E-mails are validated and lower-cased, so that matching is an equality; duplicates are dropped. */
export function normalizeEmails(field: string, input: string | string[] | null | undefined) {
  const values: string[] = [];
  const errors: FieldError[] = [];
  splitList(input).forEach((raw, i) => {
    const email = raw.toLowerCase();
    if (email.length > 254 || !emailSchema.safeParse(email).success) {
      errors.push({
        field: `${field}.${i}`,
        code: 'invalid_email',
        message: `"${raw.slice(0, 80)}" is not a valid e-mail address`,
      });
    } else if (!values.includes(email)) values.push(email);
  });
  return { values, errors };
}

/**
 * A number's E.164 form (null when it is not a valid number), kept for the numbers seen lately: one save
 * reads the same phones several times (the lead, its contact, the duplicate check), and parsing one
 * costs more than the rest of its checks together.
 */
const e164Seen = new Map<string, string | null>();
function e164(raw: string, defaultRegion: string): string | null {
  const key = `${defaultRegion}|${raw}`;
  const seen = e164Seen.get(key);
  if (seen !== undefined) return seen;
  const parsed = raw.length <= 40 ? parsePhoneNumberFromString(raw, defaultRegion as CountryCode) : undefined;
  const value = parsed && parsed.isValid() ? parsed.number : null;
  // Room for a chunk of an import, whose phones are read three times (the lead, its contact match, the
  // contact): the second and third time in E.164, which reads as itself.
  if (e164Seen.size >= 20_000) e164Seen.clear();
  e164Seen.set(key, value);
  if (value) e164Seen.set(`${defaultRegion}|${value}`, value);
  return value;
}

/** Phones are stored in E.164; a number without a country code is read in the default region. */
export function normalizePhones(
  field: string,
  input: string | string[] | null | undefined,
  defaultRegion: string,
) {
  const values: string[] = [];
  const errors: FieldError[] = [];
  splitList(input).forEach((raw, i) => {
    const number = e164(raw, defaultRegion);
    if (!number) {
      errors.push({
        field: `${field}.${i}`,
        code: 'invalid_phone',
        message: `"${raw.slice(0, 40)}" is not a valid phone number`,
      });
    } else if (!values.includes(number)) values.push(number);
  });
  return { values, errors };
}

/** The same person typed twice: case and spaces do not matter. */
export const normalizeName = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/\s+/g, '');
