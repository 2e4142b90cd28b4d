import type {
  FieldError,
  Lead,
  LeadCreate,
  LeadListQuery,
  LeadPatch,
  LeadSummaryQuery,
  Phase,
} from '@leadline/contract';
import { LeadCreate as LeadCreateSchema, openPhases } from '@leadline/contract';
import type { z } from 'zod';
import type { CommentCreate } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { AppError, conflict, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { decodeCursor, encodeCursor, parseSort } from '../../lib/keyset';
import { sanitizeRichText } from '../../lib/rich-text';
import {
  authorizeLeadCreate,
  authorizeLeadDelete,
  authorizeLeadList,
  canEditLead,
  canSeeLead,
  leadScopeSql,
  type LeadScope,
} from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { findDuplicates } from '../duplicates';
import { leadContextOf, leadScopeOf } from './lead-context';
import {
  applyLeadInput,
  commitContact,
  contactNeedsWrite,
  findContactMatch,
  ownSearchText,
  type Draft,
  type SaveContext,
} from './lead-rules';
import {
  createLeadsRepository,
  leadSortColumns,
  scalarFields,
  sortValues,
  type LeadFilters,
  type LeadValues,
} from './leads.repository';

/** The fields whose changes the history records, in the order the timeline lists them. */
const trackedFields = [...scalarFields, 'address', 'targetAmount', 'productLines', 'tags'] as const;

const leadInactive = () =>
  conflict('This lead is inactive: activate it before changing anything else.', 'lead_inactive');

const leadMerged = () =>
  conflict('This lead was merged into another: change that lead instead.', 'lead_merged');

/** Words of a search as prefix terms; quoting each keeps tsquery operators typed by users inert. */
export function toTsQuery(q: string): string | null {
  const words = q
    .split(/\s+/)
    .map((w) => w.replace(/['\\:&|!()<>*]/g, '').toLowerCase())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 12);
  return words.length ? words.map((w) => `'${w}':*`).join(' & ') : null;
}

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
export async function createLeadIn(q: Queryable, p: Principal, input: LeadCreate): Promise<Lead> {
  const repo = createLeadsRepository(q);
  const { settings, scope, today, newStatus } = await leadContextOf(q, p);
  const ctx: SaveContext = { q, settings, scope, actorId: p.userId, today };
  const { values, errors } = await applyLeadInput(ctx, input, null);
  if (errors.length) throw invalidLead(errors);
  if (!newStatus) throw new AppError('no_status', 409, 'No status of the new phase is configured.');
  const match = await findContactMatch(ctx, values);
  const knownTags = await repo.tagIds(values.tags);
  const newTags = values.tags.filter((t) => !knownTags.has(t.toLowerCase()));
  const write = async (w: Queryable) => {
    const wrepo = createLeadsRepository(w);
    await commitContact({ ...ctx, q: w }, values, match);
    const tagIds = newTags.length
      ? await wrepo.createTags(newTags).then(() => wrepo.tagIds(values.tags))
      : knownTags;
    return wrepo.create(values as LeadValues, {
      statusId: newStatus.id,
      phase: newStatus.phase,
      startDate: today,
      ownSearchText: ownSearchText(values),
      createdById: p.userId,
      tagIds: [...new Set(tagIds.values())],
    });
  };
  return contactNeedsWrite(values, match) || newTags.length ? q.transaction(write) : write(q);
}

export function createLeadsService({ db }: { db: Database }) {
  return {
    async create(p: Principal, input: LeadCreate) {
      authorizeLeadCreate(p);
      const lead = await createLeadIn(db, p, input);
      // Likely duplicates are told, never a reason to refuse: the caller decides.
      const { scope, settings } = await leadContextOf(db, p);
      const possibleDuplicates = await findDuplicates(db, scope, lead, settings.duplicateThreshold);
      return { ...lead, possibleDuplicates };
    },

    /** Each item is its own savepoint: a refused item leaves no trace and does not stop the others. */
    async createBatch(p: Principal, items: unknown[]) {
      authorizeLeadCreate(p);
      return db.transaction(async (tx) => {
        const results: {
          index: number;
          status: number;
          lead?: Lead;
          errors?: FieldError[];
          detail?: string;
        }[] = [];
        for (const [index, raw] of items.entries()) {
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
            const lead = await tx.transaction((sp) => createLeadIn(sp, p, parsed.data));
            results.push({ index, status: 201, lead });
          } catch (err) {
            if (err instanceof AppError) {
              results.push({ index, status: err.status, errors: err.fieldErrors, detail: err.message });
            } else if (typeof (err as { code?: unknown }).code === 'string') {
              // A database constraint the rules did not foresee: this item only is refused.
              results.push({ index, status: 422, detail: 'A value is out of the accepted range or format.' });
            } else throw err;
          }
        }
        return { results };
      });
    },

    async get(p: Principal, id: string) {
      const scope = await leadScopeOf(db, p);
      return visibleLead(db, scope, id);
    },

    async update(p: Principal, id: string, input: LeadPatch, version: number | undefined) {
      return db.transaction(async (tx) => {
        const repo = createLeadsRepository(tx);
        const { settings, scope, today } = await leadContextOf(tx, p);
        await visibleLead(tx, scope, id);
        await repo.lock(id);
        const current = (await repo.get(id))!;
        if (!canEditLead(scope, current)) throw notFound('lead');
        if (current.mergedIntoId) throw leadMerged();
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        // Rule 7: an inactive lead is read-only, except for being activated.
        const touched = Object.keys(input).filter((k) => input[k as keyof LeadPatch] !== undefined);
        if (!current.active && touched.some((k) => k !== 'active')) throw leadInactive();
        const ctx: SaveContext = { q: tx, settings, scope, actorId: p.userId, today };
        const { values, errors } = await applyLeadInput(ctx, input, current);
        if (errors.length) throw invalidLead(errors);
        await commitContact(ctx, values, await findContactMatch(ctx, values));
        const changes = diff(current, values);
        if (changes.length === 0) return current;
        const v = values as LeadValues;
        await repo.update(id, v, ownSearchText(values));
        if (changes.some((c) => c.field === 'tags')) await repo.setTags(id, v.tags);
        if (changes.some((c) => c.field === 'productLines')) await repo.setProductLines(id, v.productLines);
        await repo.addEvents(
          id,
          p.userId,
          changes.map((c) => ({ kind: 'changed', ...c })),
        );
        return (await repo.get(id))!;
      });
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

    async list(p: Principal, query: LeadListQuery) {
      const { scope, today } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      const filters = leadListFilters(scope, p.userId, query, today);
      const terms = parseSort(query.sort, leadSortColumns, '-updatedAt', 'l.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const repo = createLeadsRepository(db);
      const rows = await repo.list(filters, terms, after, query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const nextCursor = more ? encodeCursor(terms, sortValues(items[items.length - 1])) : null;
      if (query.count === false) return { items, nextCursor };
      return { items, nextCursor, total: await repo.count(filters) };
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
      const rows = await createLeadsRepository(db).summary(filters);
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
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO lead_events (lead_id, actor_id, kind, payload) VALUES ($1, $2, 'comment', $3::jsonb)
           RETURNING id`,
          [
            id,
            p.userId,
            JSON.stringify({
              body: sanitizeRichText(input.body),
              icon: input.icon ?? null,
              color: input.color ?? null,
            }),
          ],
        );
        const [item] = await repo.timeline(id, null, 1, row.id);
        return item;
      });
    },

    async timeline(p: Principal, id: string, query: { limit: number; cursor?: string }) {
      const scope = await leadScopeOf(db, p);
      await visibleLead(db, scope, id);
      let after: [string, string] | null = null;
      if (query.cursor) {
        try {
          const v = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as unknown;
          if (
            Array.isArray(v) &&
            v.length === 2 &&
            !Number.isNaN(Date.parse(String(v[0]))) &&
            /^[0-9a-f-]{36}$/i.test(String(v[1]))
          )
            after = [String(v[0]), String(v[1])];
        } catch {
          after = null;
        }
        if (!after)
          throw new AppError(
            'bad_request',
            400,
            'The cursor is not valid; start again from the first page.',
            [{ field: 'cursor', code: 'invalid', message: 'is not a cursor of this timeline' }],
          );
      }
      const rows = await createLeadsRepository(db).timeline(id, after, query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: more ? Buffer.from(JSON.stringify([last.at, last.id])).toString('base64url') : null,
      };
    },
  };
}

/**
 * The WHERE conditions of a lead list: the user's scope (the same rule as a single read), the view and
 * every filter. Each condition is written so that an index serves it (docs/query-plans.md): the open
 * phases are spelled out so that the partial index on open leads applies.
 */
export function leadListFilters(
  scope: LeadScope,
  userId: string,
  query: LeadListQuery,
  today: string,
): LeadFilters {
  const params: unknown[] = [];
  const where = [leadScopeSql(scope, 'l', params)].filter((c) => c !== 'TRUE');
  const arg = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const openSql = `l.phase IN (${openPhases.map((ph) => `'${ph}'`).join(', ')})`;
  // A merged lead lives on in the lead it was merged into; it answers a read by id only.
  where.push('l.merged_into_id IS NULL');
  const active = query.active ?? query.view !== 'inactive';
  where.push(active ? 'l.active' : 'NOT l.active');
  switch (query.view) {
    case 'my':
      where.push(`l.owner_id = ${arg(userId)}`);
      break;
    case 'open':
      where.push(openSql);
      break;
    case 'closed':
      where.push(`l.phase IN ('won', 'lost', 'dropped')`);
      break;
    case 'overdue':
      where.push(`l.expected_completion_date < ${arg(query.overdueBefore ?? today)}::date`);
      if (!query.phase) where.push(openSql);
      break;
    case 'unassigned':
      where.push('l.owner_id IS NULL');
      break;
    default:
      break;
  }
  if (query.phase) where.push(`l.phase = ANY (${arg(query.phase as Phase[])}::text[])`);
  if (query.q) {
    const ts = toTsQuery(query.q);
    // The matching ids are collected from the GIN index first: the planner cannot estimate how rare a
    // prefix term is and would otherwise walk the sort index row by row looking for a rare match.
    where.push(
      ts
        ? `l.id = ANY (ARRAY(SELECT s.id FROM leads s WHERE s.search @@ to_tsquery('simple', ${arg(ts)})))`
        : 'FALSE',
    );
  }
  if (query.statusId) where.push(`l.status_id = ${arg(query.statusId)}`);
  if (query.ownerId) where.push(`l.owner_id = ${arg(query.ownerId)}`);
  if (query.unitId) where.push(`l.unit_id = ${arg(query.unitId)}`);
  if (query.sourceId) where.push(`l.source_id = ${arg(query.sourceId)}`);
  if (query.tag) {
    // The tag is looked up once, so that lead_tags is read through its (tag_id, lead_id) index.
    where.push(
      `EXISTS (SELECT 1 FROM lead_tags lt WHERE lt.lead_id = l.id
                  AND lt.tag_id = (SELECT t.id FROM tags t WHERE lower(t.name) = lower(${arg(query.tag.trim())})))`,
    );
  }
  if (query.expectedCompletionBefore)
    where.push(`l.expected_completion_date < ${arg(query.expectedCompletionBefore)}::date`);
  if (query.createdFrom) where.push(`l.created_at >= ${arg(query.createdFrom)}::timestamptz`);
  if (query.createdTo) {
    // A date alone includes that whole day.
    const to = /^\d{4}-\d{2}-\d{2}$/.test(query.createdTo)
      ? `(${arg(query.createdTo)}::date + 1)::timestamptz`
      : `${arg(query.createdTo)}::timestamptz`;
    where.push(
      /^\d{4}-\d{2}-\d{2}$/.test(query.createdTo) ? `l.created_at < ${to}` : `l.created_at <= ${to}`,
    );
  }
  if (query.scoreMin !== undefined) where.push(`l.computed_score >= ${arg(query.scoreMin)}`);

  return { conditions: where, params };
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
