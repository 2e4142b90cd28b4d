import {
  actionBodies,
  type LeadAction,
  type LeadActionResult,
  type LeadBulkBody,
  type LeadBulkResult,
  type Settings,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, forbidden, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { itemError } from '../../lib/batch';
import { canSeeLead, type LeadScope } from '../access/lead-policy';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import type { LeadHooks } from '../leads/lead-hooks';
import { createLeadsRepository, leadContextOf } from '../leads';
import { scoreLead } from '../scoring';
import { letOthersIn } from '../../lib/yield';
import { checkAction } from './action-rules';
import { actions, type ActionContext, type Bodies, type Outcome } from './actions';
import { createLeadActionsRepository, type ActionField } from './lead-actions.repository';

/** Runs one action's own file with its parsed body (the table keeps each action with its body type). */
function perform<A extends LeadAction>(ctx: ActionContext, action: A, body: Bodies[A]): Promise<Outcome> {
  return actions[action](ctx, body);
}

export function createLeadActionsService({ db, hooks = {} }: { db: Database; hooks?: LeadHooks }) {
  /** One action on one lead inside `tx`: lock, see, check, do, record. */
  async function runIn(
    tx: Queryable,
    p: Principal,
    scope: LeadScope,
    settings: Settings,
    id: string,
    action: LeadAction,
    body: unknown,
    version?: number,
  ): Promise<LeadActionResult> {
    const repo = createLeadsRepository(tx);
    if (!(await repo.lock(id))) throw notFound('lead');
    const lead = (await repo.get(id))!;
    if (!canSeeLead(scope, lead)) throw notFound('lead');
    checkAction(p, action, lead);
    if (version !== undefined && version !== lead.version) throw staleVersion(lead.version);
    const parsed = actionBodies[action].safeParse(body ?? {});
    if (!parsed.success) {
      throw invalid(
        parsed.error.issues.map((i) =>
          fieldError(i.path.map(String).join('.') || 'params', i.code, i.message),
        ),
      );
    }
    const actionsRepo = createLeadActionsRepository(tx);
    const ctx: ActionContext = { tx, p, lead, settings, today: await actionsRepo.today() };
    const outcome = await perform(ctx, action, parsed.data as Bodies[typeof action]);

    const changed = (Object.keys(outcome.changes) as ActionField[]).filter(
      (f) => (lead[f] ?? null) !== (outcome.changes[f] ?? null),
    );
    await actionsRepo.applyChanges(id, changed, outcome.changes);
    await repo.addEvents(id, p.userId, [
      {
        kind: 'action',
        payload: { action, params: parsed.data, ...(outcome.record ?? {}) },
      },
      ...changed.map((f) => ({
        kind: 'changed',
        field: f,
        oldValue: lead[f] ?? null,
        newValue: outcome.changes[f] ?? null,
      })),
    ]);
    // The score reads status, phase, owner and more: recomputed here, as a save does.
    const updated = await scoreLead(tx, (await repo.get(id))!);
    if (changed.length)
      await hooks.changed?.(tx, { actorId: p.userId, before: lead, after: updated, action });
    return outcome.opportunity ? { ...updated, opportunity: outcome.opportunity } : updated;
  }

  return {
    async run(p: Principal, id: string, action: LeadAction, body: unknown, version?: number) {
      return db.transaction(async (tx) => {
        const { scope, settings } = await leadContextOf(tx, p);
        return runIn(tx, p, scope, settings, id, action, body, version);
      });
    },

    /** Each id in its own savepoint: a refused id leaves no trace and does not stop the others. */
    async bulk(p: Principal, input: LeadBulkBody): Promise<LeadBulkResult> {
      // Partners work single leads only; the bulk endpoint is the CRM staff's.
      if (!isCrmUser(p)) throw forbidden('Only CRM users run bulk actions.');
      const { scope, settings } = await leadContextOf(db, p);
      const results: LeadBulkResult['results'] = [];
      for (const [index, id] of input.ids.entries()) {
        // Each id in its own short transaction, with the database given to others between ids.
        if (index > 0) await letOthersIn();
        try {
          const lead = await db.transaction((tx) =>
            runIn(tx, p, scope, settings, id, input.action, input.params),
          );
          results.push({ id, status: 200, lead });
        } catch (caught) {
          const err = itemError(caught);
          results.push({
            id,
            status: err.status,
            error: {
              code: err.code,
              message: err.message,
              ...(err.fieldErrors?.length ? { errors: err.fieldErrors } : {}),
            },
          });
        }
      }
      return { results };
    },
  };
}
export type LeadActionsService = ReturnType<typeof createLeadActionsService>;
