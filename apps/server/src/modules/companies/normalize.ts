import type { FieldError } from '@leadline/contract';

/**
 * A TIN is digits only once spaces are removed, and has 9, 10 or 12 digits. An empty value means
 * "no TIN" (null); anything else is a field error with the code `invalid_tin`.
 */
export function normalizeTin(
  field: string,
  input: string | null | undefined,
): { value: string | null; error?: FieldError } {
  if (input == null) return { value: null };
  const value = input.replace(/\s+/g, '');
  if (value === '') return { value: null };
  if (!/^(\d{9}|\d{10}|\d{12})$/.test(value)) {
    return {
      value: null,
      error: { field, code: 'invalid_tin', message: 'a TIN has 9, 10 or 12 digits and nothing else' },
    };
  }
  return { value };
}

/** A website is an http(s) URL with a dotted host; `example.com` becomes `https://example.com`. */
export function normalizeWebsite(
  field: string,
  input: string | null | undefined,
): { value: string | null; error?: FieldError } {
  if (input == null) return { value: null };
  const trimmed = input.trim();
  if (trimmed === '') return { value: null };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const error = { field, code: 'invalid_url', message: 'must be a website address such as example.com' };
  if (/\s/.test(withScheme)) return { value: null, error };
  try {
    const url = new URL(withScheme);
    const hostOk = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname) || /^\[.*\]$/.test(url.hostname);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !hostOk || url.username || url.password) {
      return { value: null, error };
    }
  } catch {
    return { value: null, error };
  }
  return { value: withScheme };
}
