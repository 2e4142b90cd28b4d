import type { Address } from '@leadline/contract';

/** Trimmed text, or null when nothing is left: an empty field means "not set". */
export const trimOrNull = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

/** An address with no part set (a new object each time, so that callers may fill it in). */
export const emptyAddress = (): Address => ({
  street: null,
  postalCode: null,
  city: null,
  region: null,
  country: null,
});

/**
 * An address after a patch: null clears it, an object changes the parts it names (each trimmed, empty
 * clearing that part), and the other parts stay.
 */
export function patchAddress(current: Address, patch: Partial<Address> | null | undefined): Address {
  if (patch === undefined) return current;
  if (patch === null) return emptyAddress();
  const next = { ...current };
  for (const key of Object.keys(next) as (keyof Address)[]) {
    if (patch[key] !== undefined) next[key] = trimOrNull(patch[key]);
  }
  return next;
}
