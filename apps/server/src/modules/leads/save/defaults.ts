import type { Lead } from '@leadline/contract';
import { fieldError } from '../../../http/errors';
import { changed, given, usable, type SaveState } from './draft';

/** What a lead type gives a lead. */
export interface LeadTypeDefaults {
  priority: Lead['priority'];
  importance: Lead['importance'];
  estimated_completion_days: number | null;
}

const money = (n: number) => n.toFixed(2);
export const linesTotal = (lines: Lead['productLines']) =>
  lines.reduce((sum, l) => sum + Math.round(l.quantity * Number(l.price) * 100), 0) / 100;

/** The lead type to read: one set or changed by this save. */
export const leadTypeToRead = (s: SaveState) =>
  usable(s, 'leadTypeId') && changed(s, 'leadTypeId') ? s.v.leadTypeId : null;

/**
 * Step 5a: a lead type chosen gives a new lead its priority and importance, and the estimated
 * completion time unless one is given (or, on a stored lead, unless it has one).
 */
export function applyLeadTypeDefaults(s: SaveState, type: LeadTypeDefaults | undefined) {
  if (!type) return;
  if (s.isNew) {
    if (!given(s, 'priority')) s.v.priority = type.priority;
    if (!given(s, 'importance')) s.v.importance = type.importance;
  }
  if (!given(s, 'estimatedCompletionDays') && (s.v.estimatedCompletionDays === null || s.isNew))
    s.v.estimatedCompletionDays = type.estimated_completion_days;
}

/** Step 5b: the expected completion date is the start date plus the estimated days, unless given. */
export function applyExpectedCompletion(s: SaveState, startDate: string) {
  const days = s.v.estimatedCompletionDays;
  if (given(s, 'expectedCompletionDate') || days === null) return;
  if (!s.isNew && !changed(s, 'estimatedCompletionDays')) return;
  const d = new Date(`${startDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  s.v.expectedCompletionDate = d.toISOString().slice(0, 10);
}

/**
 * Step 5c: product lines take the product's price when none is given; their total is the target
 * amount as long as the amount was the total before (or unset). Amounts are in the given currency, else
 * the lead's, else the default one.
 */
export function applyLinesAndAmount(
  s: SaveState,
  prices: ReadonlyMap<string, string | null>,
  defaultCurrency: string,
) {
  const { input, prev, v, errors } = s;
  if (given(s, 'productLines')) {
    v.productLines = (input.productLines ?? []).map((l) => ({
      productId: l.productId,
      quantity: Number(l.quantity),
      price: money(Number(l.price ?? prices.get(l.productId) ?? 0)),
    }));
    v.productLines.forEach((l, i) => {
      if (!(l.quantity > 0))
        errors.push(fieldError(`productLines.${i}.quantity`, 'invalid', 'must be more than 0'));
    });
  }
  const currency = input.targetAmount?.currency ?? prev.targetAmount?.currency ?? defaultCurrency;
  if (given(s, 'targetAmount')) {
    v.targetAmount = input.targetAmount
      ? { amount: money(Number(input.targetAmount.amount)), currency }
      : null;
  } else if (given(s, 'productLines')) {
    const wasDefault =
      !prev.targetAmount || Number(prev.targetAmount.amount) === linesTotal(prev.productLines);
    if (wasDefault)
      v.targetAmount = v.productLines.length ? { amount: money(linesTotal(v.productLines)), currency } : null;
  }
  if (v.targetAmount && Number(v.targetAmount.amount) > 9_999_999_999_999) {
    errors.push(fieldError('targetAmount', 'too_large', 'must be below 10 000 000 000 000'));
  }
}
