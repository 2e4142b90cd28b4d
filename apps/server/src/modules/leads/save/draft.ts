import type { FieldError, Lead, LeadPatch } from '@leadline/contract';
import { emptyAddress } from '../../../lib/text';
import { scalarFields, type LeadValues } from '../lead-fields';

/** A lead being saved, before the mandatory fields are known to be filled. */
export type Draft = Omit<LeadValues, 'name' | 'sourceId'> & { name: string | null; sourceId: string | null };

export type LeadInput = LeadPatch;

export function emptyDraft(): Draft {
  const d: Record<string, unknown> = {};
  for (const f of scalarFields) d[f] = null;
  return {
    ...(d as Draft),
    prospectType: 'company',
    newCompany: false,
    keyAccount: false,
    newContact: false,
    emails: [],
    phones: [],
    doNotEmail: false,
    doNotCall: false,
    priority: 'normal',
    importance: 'normal',
    nurturing: false,
    active: true,
    address: emptyAddress(),
    targetAmount: null,
    productLines: [],
    tags: [],
  };
}

export function draftOf(lead: Lead): Draft {
  const d: Record<string, unknown> = {};
  for (const f of scalarFields) d[f] = lead[f];
  return {
    ...(d as Draft),
    address: { ...lead.address },
    targetAmount: lead.targetAmount ? { ...lead.targetAmount } : null,
    productLines: lead.productLines.map((l) => ({ ...l })),
    tags: [...lead.tags],
  };
}

/**
 * One save in progress: the input, the lead before (`prev`, empty for a new lead), the values being
 * built (`v`), the field errors found so far and the reference fields that point nowhere (`bad`, so
 * that later steps do not report them twice).
 */
export interface SaveState {
  input: LeadInput;
  isNew: boolean;
  prev: Draft;
  v: Draft;
  errors: FieldError[];
  bad: Set<string>;
}

export function startSave(input: LeadInput, current: Lead | null): SaveState {
  return {
    input,
    isNew: current === null,
    prev: current ? draftOf(current) : emptyDraft(),
    v: current ? draftOf(current) : emptyDraft(),
    errors: [],
    bad: new Set(),
  };
}

/** Whether the input names the field (null included: it clears it). */
export const given = (s: SaveState, k: keyof LeadInput) => s.input[k] !== undefined;

/** Whether the value differs from the stored lead's (for a new lead: from nothing). */
export const changed = (s: SaveState, k: keyof Draft) =>
  JSON.stringify(s.v[k]) !== JSON.stringify(s.isNew ? null : s.prev[k]);

/** Set, and not a reference that points nowhere. */
export const usable = (s: SaveState, k: keyof Draft) => s.v[k] !== null && !s.bad.has(k);
