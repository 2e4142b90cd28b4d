import type { Lead, Phase } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { Principal } from '../access/principal';
import type { LeadContext } from './lead-context';
import type { FactsExtra } from '../scoring';
import { commitContactsMany } from './lead-contact';
import type { LeadValues } from './lead-fields';
import { eachCreated, type LeadHooks, type LeadsCreated } from './lead-hooks';
import { saveReadsOf, type Draft, type SaveContext, type SaveReads } from './lead-rules';
import { ownSearchText } from './lead-search';
import { createLeadsRepository } from './leads.repository';
import { rulesApply, settleNewLead } from './leads.service';

/** The save context of a set's leads, written as `actorId` with `context` (see leadContextOf). */
export const saveContextOf = (q: Queryable, context: LeadContext, actorId: string): SaveContext => ({
  q,
  settings: context.settings,
  scope: context.scope,
  actorId,
  today: context.today,
});

/**
 * The reads of a save, each answer remembered for the leads of a set: the rows of a file or the
 * submissions of a form name the same sources, directions, owners and agreements again and again, so a
 * set asks each once.
 */
export function rememberingReads(q: Queryable): SaveReads {
  const { ask, missing } = saveReadsOf(q);
  const cache = new Map<string, Promise<unknown>>();
  const once =
    <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      const key = `${name}:${JSON.stringify(a, (_, v: unknown) => (v instanceof Map ? [...v] : v))}`;
      if (!cache.has(key)) cache.set(key, f(...a));
      return cache.get(key) as Promise<R>;
    };
  return {
    ask: {
      companyByTin: once('tin', ask.companyByTin),
      contactCompany: once('contactCompany', ask.contactCompany),
      ownerError: once('owner', ask.ownerError),
      agreement: once('agreement', ask.agreement),
      directionProductIds: once('direction', ask.directionProductIds),
      leadType: once('leadType', ask.leadType),
      productPrices: once('prices', ask.productPrices),
    },
    missing: once('missing', missing),
  };
}

/**
 * Which checked leads the set path writes: persons (with or without a contact to match or create),
 * without product lines. A company prospect (its company matched by TIN, created, or looked up in the
 * register) goes through the save of one lead.
 */
export const setPathFits = (v: Draft) =>
  v.prospectType === 'person' && !v.newCompany && v.productLines.length === 0;

/**
 * Writes checked leads (see setPathFits) as a save of each would, in the caller's transaction: contacts
 * matched or created, tags, the leads with their numbers, search text, the 'created' event and the
 * channel's own event, then the rules of a new lead for each and the hooks once for them all. Returns
 * the new ids in the given order.
 */
export async function createLeadsMany(
  w: Queryable,
  ctx: SaveContext,
  p: Principal,
  newStatus: { id: string; phase: Phase },
  batch: { values: Draft; eventPayload?: Record<string, unknown> }[],
  event: { kind: string; payload: Record<string, unknown> },
  origin: FactsExtra,
  hooks: LeadHooks,
): Promise<string[]> {
  await commitContactsMany(
    { ...ctx, q: w },
    batch.map((b) => b.values),
  );
  const repo = createLeadsRepository(w);
  const names = [...new Set(batch.flatMap((b) => b.values.tags))];
  let tagIds = await repo.tagIds(names);
  if (names.some((n) => !tagIds.has(n.toLowerCase()))) {
    await repo.createTags(names.filter((n) => !tagIds.has(n.toLowerCase())));
    tagIds = await repo.tagIds(names);
  }
  const ids = await repo.createMany(
    batch.map(({ values, eventPayload }) => ({
      v: values as LeadValues,
      ownSearchText: ownSearchText(values),
      tagIds: [...new Set(values.tags.map((n) => tagIds.get(n.toLowerCase())!).filter(Boolean))],
      eventPayload,
    })),
    { statusId: newStatus.id, phase: newStatus.phase, startDate: ctx.today, createdById: p.userId },
    event,
  );
  const inOrder = async () => {
    const byId = new Map((await repo.getMany(ids)).map((l) => [l.id, l]));
    return ids.map((id) => byId.get(id)!);
  };
  let settled: Lead[] | undefined;
  if (await rulesApply(w)) {
    settled = [];
    for (const created of await inOrder()) settled.push(await settleNewLead(w, created, origin));
  }
  // The hooks hear of the set's leads at once, and read them only when one of them needs them.
  const created: LeadsCreated = { actorId: p.userId, ids, leads: async () => settled ?? inOrder() };
  if (hooks.createdMany) await hooks.createdMany(w, created);
  else if (hooks.changed) await eachCreated(w, hooks.changed, created);
  return ids;
}
