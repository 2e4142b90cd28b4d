import type {
  FieldError,
  Lead,
  LeadCreate,
  LeadListQuery,
  LeadPatch,
  LeadSummaryQuery,
} from '@leadline/contract';
import { LeadCreate as LeadCreateSchema, leadPatchReadOnlyFields } from '@leadline/contract';
import type { z } from 'zod';
import type { CommentCreate } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { AppError, conflict, fieldError, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { keysetOf, pageOf, withTotal, type SortColumn } from '../../lib/pagination';
import { itemError } from '../../lib/batch';
import { letOthersIn } from '../../lib/yield';
import {
  authorizeLeadCreate,
  authorizeLeadDelete,
  authorizeLeadList,
  canEditLead,
  canSeeLead,
  type LeadScope,
} from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { checkAction, ownershipAction } from '../lead-actions/action-rules';
import { findDuplicates } from '../duplicates';
import { createScoringRepository, scoreLead, type FactsExtra } from '../scoring';
import { linkRegisterCompany, registerCompanyFor } from '../enrichment';
import { assignNewLead, assignmentRulesActive } from '../assignment';
import { createLeadLookups } from './lead-lookups';
import { createAggregateFolds } from '../../db/aggregate-folds';
import { leadContextOf, leadScopeOf } from './lead-context';
import type { LeadHooks } from './lead-hooks';
import { commitContact, contactNeedsWrite, contactOfSave, findContactMatch } from './lead-contact';
import { trackedFields, type LeadValues } from './lead-fields';
import { applyLeadInput, type Draft, type SaveContext } from './lead-rules';
import { ownSearchText } from './lead-search';
import { leadListFilters, totalsAnswer, type LeadSelection } from './lead-filters.repository';
import { leadSortColumns, sortValues } from './lead-sql';
import { createLeadsRepository } from './leads.repository';

const leadInactive = () =>
  conflict('This lead is inactive: activate it before changing anything else.', 'lead_inactive');

const leadMerged = () =>
  conflict('This lead was merged into another: change that lead instead.', 'lead_merged');

/** The history is read newest first; its cursor is the last entry's time and id. */
const timelineSort: Record<string, SortColumn> = { at: { sql: 'e.at', cast: 'timestamptz' } };

/** The lead if this user may see it; 404 otherwise, whether it exists or not. */
export async function visibleLead(q: Queryable, scope: LeadScope, id: string) {
  const lead = await createLeadsRepository(q).get(id);
  if (!lead || !canSeeLead(scope, lead)) throw notFound('lead');
  return lead;
}

/**
 * Creates a lead with every rule on save (intake channels call this with their defaults merged into
 * the input). Throws a 422 listing every field at fault. The checks only read; the writes are one
 * statement, in a transaction (a savepoint inside the caller's) only when a contact or tags are created
 * with the lead.
 */
export async function createLeadIn(
  q: Queryable,
  p: Principal,
  input: LeadCreate,
  hooks: LeadHooks = {},
  origin: FactsExtra = { channel: 'api' },
): Promise<Lead> {
  const repo = createLeadsRepository(q);
  const { settings, scope, today, newStatus } = await leadContextOf(q, p);
  const ctx: SaveContext = { q, settings, scope, actorId: p.userId, today };
  const { values, errors } = await applyLeadInput(ctx, input, null);
  if (errors.length) throw invalidLead(errors);
  if (!newStatus) throw new AppError('no_status', 409, 'No status of the new phase is configured.');
  const register = await registerCompanyFor(q, settings, values, null);
  const match = await findContactMatch(ctx, values);
  const knownTags = await repo.tagIds(values.tags);
  const newTags = values.tags.filter((t) => !knownTags.has(t.toLowerCase()));
  // Scoring and assignment rules write after the insert: then the lead and what they wrote are one transaction.
  const rules = await rulesApply(q);
  const write = async (w: Queryable) => {
    const wrepo = createLeadsRepository(w);
    if (register) await linkRegisterCompany(w, values, register, p.userId);
    // A new contact is written by the lead's own statement.
    const newContact = await contactOfSave({ ...ctx, q: w }, values, match);
    const tagIds = newTags.length
      ? await wrepo.createTags(newTags).then(() => wrepo.tagIds(values.tags))
      : knownTags;
    const lead = await wrepo.create(values as LeadValues, {
      statusId: newStatus.id,
      phase: newStatus.phase,
      startDate: today,
      ownSearchText: ownSearchText(values),
      createdById: p.userId,
      tagIds: [...new Set(tagIds.values())],
      newContact,
    });
    return rules ? settleNewLead(w, lead, origin) : lead;
  };
  if (hooks.changed) {
    const changed = hooks.changed;
    return q.transaction(async (w) => {
      const lead = await write(w);
      await changed(w, { actorId: p.userId, before: null, after: lead });
      return lead;
    });
  }
  return register || contactNeedsWrite(values, match) || newTags.length || rules
    ? q.transaction(write)
    : write(q);
}

/** Whether any active scoring or assignment rule exists (both lists are kept between requests). */
export async function rulesApply(q: Queryable) {
  return (await createScoringRepository(q).active()).length > 0 || (await assignmentRulesActive(q));
}

/**
 * What the rules do to a lead just created, in its transaction: its score and reasons, then, when it came
 * without an owner, the owner or unit queue the first matching assignment rule gives, with a timeline
 * entry saying which rule chose and why.
 */
export async function settleNewLead(w: Queryable, created: Lead, origin: FactsExtra): Promise<Lead> {
  const lead = await scoreLead(w, created, origin);
  if (lead.ownerId !== null) return lead;
  const a = await assignNewLead(w, lead, origin);
  if (!a) return lead;
  const repo = createLeadsRepository(w);
  await repo.setOwnership(lead.id, a.ownerId, a.unitId);
  await repo.addEvents(lead.id, null, [{ kind: 'assigned', payload: a }]);
  return { ...lead, ownerId: a.ownerId, unitId: a.unitId };
}

/**
 * Changes a lead with every rule on save, inside the caller's transaction (imports update many leads
 * in one). 404 for a lead the user may not see, 412 for a stale version, 422 listing every field.
 */
export async function updateLeadIn(
  tx: Queryable,
  p: Principal,
  id: string,
  input: LeadPatch,
  version: number | undefined,
  hooks: LeadHooks = {},
): Promise<Lead> {
  const repo = createLeadsRepository(tx);
  const { settings, scope, today } = await leadContextOf(tx, p);
  await visibleLead(tx, scope, id);
  await repo.lock(id);
  const current = (await repo.get(id))!;
  if (!canEditLead(scope, current)) throw notFound('lead');
  if (current.mergedIntoId) throw leadMerged();
  if (version !== undefined && version !== current.version) throw staleVersion(current.version);
  const readOnly = readOnlyPatchErrors(current, input);
  if (readOnly.length) throw invalidLead(readOnly);
  // An inactive lead is read-only; the activate action wakes it.
  const touched = Object.keys(input).filter((k) => input[k as keyof LeadPatch] !== undefined);
  if (!current.active && touched.some((k) => !isReadOnlyInPatch(k))) throw leadInactive();
  // Owner and unit change only as the Assign or Reassign action would let this user change them.
  const ownership = ownershipChanges(current, input) ? ownershipAction(current) : null;
  if (ownership) checkAction(p, ownership, current);
  const ctx: SaveContext = { q: tx, settings, scope, actorId: p.userId, today };
  const { values, errors } = await applyLeadInput(ctx, input, current);
  if (errors.length) throw invalidLead(errors);
  const register = await registerCompanyFor(tx, settings, values, current.companyTin);
  if (register) await linkRegisterCompany(tx, values, register, p.userId);
  await commitContact(ctx, values, await findContactMatch(ctx, values));
  const changes = diff(current, values);
  if (changes.length === 0) return current;
  const v = values as LeadValues;
  await repo.update(id, v, ownSearchText(values));
  if (changes.some((c) => c.field === 'tags')) await repo.setTags(id, v.tags);
  if (changes.some((c) => c.field === 'productLines')) await repo.setProductLines(id, v.productLines);
  const moved = ownership === 'assign' && v.ownerId ? await moveAssigned(tx, id, current) : [];
  await repo.addEvents(id, p.userId, [
    ...(ownership ? [ownershipEvent(ownership, v)] : []),
    ...changes.map((c) => ({ kind: 'changed', ...c })),
    ...moved,
  ]);
  const after = await scoreLead(tx, (await repo.get(id))!);
  await hooks.changed?.(tx, { actorId: p.userId, before: current, after });
  return after;
}

export function createLeadsService({ db, hooks = {} }: { db: Database; hooks?: LeadHooks }) {
  const folds = createAggregateFolds(db);
  return {
    async create(p: Principal, input: LeadCreate) {
      authorizeLeadCreate(p);
      const lead = await createLeadIn(db, p, input, hooks);
      // Likely duplicates are told, never a reason to refuse: the caller decides.
      const { scope, settings } = await leadContextOf(db, p);
      const possibleDuplicates = await findDuplicates(db, scope, lead, settings.duplicateThreshold);
      return { ...lead, possibleDuplicates };
    },

    /**
     * Each item is its own short transaction: a refused item leaves no trace and does not stop the
     * others, and between items other requests get the database (PGlite has one connection, so one
     * transaction over the whole batch would hold everyone else for its length).
     */
    async createBatch(p: Principal, items: unknown[]) {
      authorizeLeadCreate(p);
      const results: {
        index: number;
        status: number;
        lead?: Lead;
        errors?: FieldError[];
        detail?: string;
      }[] = [];
      for (const [index, raw] of items.entries()) {
        if (index > 0) await letOthersIn();
        const parsed = LeadCreateSchema.safeParse(raw);
        if (!parsed.success) {
          results.push({
            index,
            status: 422,
            errors: parsed.error.issues.map((i) => ({
              field: i.path.map(String).join('.') || 'item',
              code: i.code,
              message: i.message,
            })),
          });
          continue;
        }
        try {
          const lead = await db.transaction((tx) => createLeadIn(tx, p, parsed.data, hooks));
          results.push({ index, status: 201, lead });
        } catch (caught) {
          const err = itemError(caught);
          results.push({ index, status: err.status, errors: err.fieldErrors, detail: err.message });
        }
      }
      return { results };
    },

    async get(p: Principal, id: string) {
      const scope = await leadScopeOf(db, p);
      return visibleLead(db, scope, id);
    },

    async update(p: Principal, id: string, input: LeadPatch, version: number | undefined) {
      return db.transaction((tx) => updateLeadIn(tx, p, id, input, version, hooks));
    },

    async remove(p: Principal, id: string) {
      await db.transaction(async (tx) => {
        const scope = await leadScopeOf(tx, p);
        await visibleLead(tx, scope, id);
        authorizeLeadDelete(p);
        try {
          await createLeadsRepository(tx).delete(id);
        } catch (err) {
          // An opportunity or another record still points at the lead: it stays, and says why.
          if ((err as { code?: string }).code === '23503')
            throw conflict(
              'Other records (an opportunity, activities...) refer to this lead.',
              'lead_in_use',
            );
          throw err;
        }
      });
    },

    /** A page of leads; with `fields`, each item holds only those fields (and its id) that are set. */
    async list(p: Principal, query: LeadSelection, fields?: readonly string[]) {
      const { scope, today } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      const filters = leadListFilters(scope, p.userId, query, today);
      const k = keysetOf(query, leadSortColumns, '-updatedAt', 'l.id');
      const repo = createLeadsRepository(db);
      const page = pageOf(await repo.list(filters, k, fields), k, sortValues);
      return withTotal(page, query, async () => {
        const fromTotals = totalsAnswer(query);
        if (fromTotals) await folds.nowAndThen();
        return repo.count(filters, fromTotals);
      });
    },

    /**
     * Count and target-amount totals per status of the leads `list` would show for the same filters
     * (same scope and WHERE). A status holding several currencies answers every sum in `targetAmountSums`
     * and, as `targetAmountSum`, the default currency's one (else the first other currency's).
     */
    async summary(p: Principal, query: LeadSummaryQuery) {
      const { scope, today, settings } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      const listQuery = { ...query, limit: 1 } as LeadListQuery;
      const filters = leadListFilters(scope, p.userId, listQuery, today);
      const fromTotals = totalsAnswer(query);
      if (fromTotals) await folds.nowAndThen();
      const rows = await createLeadsRepository(db).summary(filters, fromTotals);
      const byStatus = new Map<string, { count: number; sums: { amount: string; currency: string }[] }>();
      for (const r of rows) {
        const g = byStatus.get(r.status_id) ?? { count: 0, sums: [] };
        g.count += r.n;
        // Amounts saved without a currency were saved in the default one (see the rules on save).
        if (r.total !== null) {
          const currency = r.target_currency ?? settings.defaultCurrency;
          const same = g.sums.find((s) => s.currency === currency);
          if (same) same.amount = (Number(same.amount) + Number(r.total)).toFixed(2);
          else g.sums.push({ amount: r.total, currency });
        }
        byStatus.set(r.status_id, g);
      }
      const groups = [...byStatus].map(([statusId, g]) => {
        const sums = [...g.sums].sort(
          (a, b) =>
            Number(b.currency === settings.defaultCurrency) -
              Number(a.currency === settings.defaultCurrency) || a.currency.localeCompare(b.currency),
        );
        return { statusId, count: g.count, targetAmountSum: sums[0] ?? null, targetAmountSums: sums };
      });
      return { groups };
    },

    async addComment(p: Principal, id: string, input: z.infer<typeof CommentCreate>) {
      return db.transaction(async (tx) => {
        const scope = await leadScopeOf(tx, p);
        const lead = await visibleLead(tx, scope, id);
        if (!canEditLead(scope, lead)) throw notFound('lead');
        if (lead.mergedIntoId) throw leadMerged();
        if (!lead.active) throw leadInactive();
        const repo = createLeadsRepository(tx);
        const [eventId] = await repo.addEvents(id, p.userId, [
          {
            kind: 'comment',
            payload: {
              // Stored as typed: comments are plain text, escaped where they are shown.
              body: input.body,
              icon: input.icon ?? null,
              color: input.color ?? null,
            },
          },
        ]);
        const [item] = await repo.timeline(id, keysetOf({ limit: 1 }, timelineSort, '-at', 'e.id'), eventId);
        await hooks.commented?.(tx, { actorId: p.userId, actorName: p.name, lead, body: item.body ?? '' });
        return item;
      });
    },

    async timeline(p: Principal, id: string, query: { limit: number; cursor?: string }) {
      const scope = await leadScopeOf(db, p);
      await visibleLead(db, scope, id);
      const k = keysetOf(query, timelineSort, '-at', 'e.id');
      return pageOf(await createLeadsRepository(db).timeline(id, k), k, (item) => item);
    },
  };
}

const isReadOnlyInPatch = (k: string) => (leadPatchReadOnlyFields as readonly string[]).includes(k);

/** `statusId`, `phase` and `active` belong to the actions: a PATCH that would change one is refused. */
function readOnlyPatchErrors(current: Lead, input: LeadPatch): FieldError[] {
  return leadPatchReadOnlyFields
    .filter((f) => input[f] !== undefined && input[f] !== current[f])
    .map((f) => fieldError(f, 'read_only', `changes only through the lead actions (${readOnlyHint[f]})`));
}
const readOnlyHint: Record<(typeof leadPatchReadOnlyFields)[number], string> = {
  statusId: 'move, qualify, disqualify, drop, reopen',
  phase: 'move, qualify, disqualify, drop, reopen',
  active: 'activate, deactivate',
};

const ownershipChanges = (current: Lead, input: LeadPatch) =>
  (input.ownerId !== undefined && input.ownerId !== current.ownerId) ||
  (input.unitId !== undefined && input.unitId !== current.unitId);

/** The history entry of an owner or unit change made by PATCH: the action it stands for. */
const ownershipEvent = (action: 'assign' | 'reassign', v: Draft) => ({
  kind: 'action',
  payload: { action, params: { ownerId: v.ownerId, unitId: v.unitId }, via: 'patch' },
});

/** Assign gives a new lead an owner and moves it to the first in-progress status; so does PATCH. */
async function moveAssigned(q: Queryable, id: string, current: Lead) {
  const next = await createLeadLookups(q).firstStatusOf('in_progress');
  if (!next) throw conflict('No active status of the in-progress phase is configured.', 'no_status');
  await createLeadsRepository(q).setStatus(id, next.id, next.phase);
  return [
    { kind: 'changed', field: 'statusId', oldValue: current.statusId, newValue: next.id },
    { kind: 'changed', field: 'phase', oldValue: current.phase, newValue: next.phase },
  ];
}

const invalidLead = (errors: FieldError[]) =>
  new AppError('validation_failed', 422, 'Some fields are not valid.', errors);

/** Field by field, what a save changes; the timeline shows each with its old and new value. */
function diff(before: Lead, after: Draft) {
  const changes: { field: string; oldValue: unknown; newValue: unknown }[] = [];
  for (const f of trackedFields) {
    const a = before[f] ?? null;
    const b = (after as Record<string, unknown>)[f] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field: f, oldValue: a, newValue: b });
  }
  return changes;
}

export type LeadsService = ReturnType<typeof createLeadsService>;
