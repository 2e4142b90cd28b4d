import type { z } from 'zod';
import {
  missingQualificationFields,
  type actionBodies,
  type FieldError,
  type Lead,
  type LeadAction,
  type Opportunity,
  type Phase,
  type QualificationValues,
  type Settings,
} from '@leadline/contract';
import type { Queryable } from '../../../db/client';
import { conflict, fieldError } from '../../../http/errors';
import type { Principal } from '../../access/principal';
import { createStatusesRepository } from '../../pipeline';
import type { ActionChanges } from '../lead-actions.repository';

export type Bodies = { [K in LeadAction]: z.output<(typeof actionBodies)[K]> };

/** What every action is given: the locked lead, who acts, the settings and today. */
export interface ActionContext {
  tx: Queryable;
  p: Principal;
  lead: Lead;
  settings: Settings;
  today: string;
}

/** What an action decided: the lead's columns to change, and what it created. */
export interface Outcome {
  changes: ActionChanges;
  opportunity?: Opportunity;
  /** Extra facts for the history entry (what was created, the list the lead joined). */
  record?: Record<string, unknown>;
}

export type Perform<A extends LeadAction> = (ctx: ActionContext, body: Bodies[A]) => Promise<Outcome>;

export const blank = (v: unknown) => v == null || (typeof v === 'string' && v.trim() === '');

/** The first in-progress status in pipeline order: where assigning, taking or accepting a new lead goes. */
export async function firstInProgress(q: Queryable) {
  const row = await createStatusesRepository(q).firstStatusOf('in_progress');
  if (!row) throw conflict('No active status of the in-progress phase is configured.', 'no_status');
  return row;
}

/** The status a setting names, which must exist; the settings endpoint keeps it in the right phase. */
export async function settingStatus(q: Queryable, id: string | undefined, phase: Phase) {
  const statuses = createStatusesRepository(q);
  const named = id ? await statuses.statusById(id) : undefined;
  if (named && named.phase === phase) return named;
  const first = await statuses.firstStatusOf(phase);
  if (!first) throw conflict(`No status of the ${phase} phase is configured.`, 'no_status');
  return first;
}

/**
 * The lead with the qualification values given in the action's dialog (trimmed, empty is unset), and
 * those values as the changes the action writes; the mandatory fields are then checked on the result.
 */
export function withQualification(
  lead: Lead,
  values: QualificationValues | undefined,
): { lead: Lead; changes: ActionChanges } {
  const changes: ActionChanges = {};
  for (const [field, value] of Object.entries(values ?? {}) as [keyof QualificationValues, string | null][]) {
    if (value === undefined) continue;
    changes[field] = blank(value) ? null : value!.trim();
  }
  return { lead: { ...lead, ...changes } as Lead, changes };
}

/** The qualification fields the settings make mandatory, each one missing named. */
export function missingQualification(lead: Lead, settings: Settings): FieldError[] {
  return missingQualificationFields(lead, settings.qualificationRequiredFields).map((f) =>
    fieldError(
      f,
      'required',
      f === 'ownerId' ? 'the lead needs an owner to be qualified' : 'is required to qualify the lead',
    ),
  );
}
