import type { z } from 'zod';
import type {
  FieldError,
  Opportunity,
  OpportunityCreate,
  OpportunityListQuery,
  OpportunityPatch,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { forbidden, invalid, notFound, fieldError } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { keysetOf, ownValues, pageOf, withTotal, type SortColumn } from '../../lib/pagination';
import { canSeeOpportunity, opportunityScope, type OpportunityScope } from '../access/opportunity-policy';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { richTextOrNull } from '../../lib/rich-text';
import { createLeadsRepository, leadScopeOf, visibleLead } from '../leads';
import { createOpportunitiesRepository, opportunitySortColumns } from './opportunities.repository';

const references: { field: keyof OpportunityCreate; table: string; extra?: string }[] = [
  { field: 'responsibleId', table: 'users', extra: 'AND active AND NOT is_integration' },
  { field: 'sellingDirectionId', table: 'sales_directions' },
  { field: 'originatingLeadId', table: 'leads' },
  { field: 'companyId', table: 'companies' },
  { field: 'contactId', table: 'contacts' },
];

/** Every referenced record must exist (the responsible must be an active person); each missing one is named. */
export async function checkOpportunityReferences(
  q: Queryable,
  input: Partial<OpportunityCreate>,
  prefix = '',
) {
  const errors: FieldError[] = [];
  for (const ref of references) {
    const id = input[ref.field];
    if (typeof id !== 'string') continue;
    if (!(await createOpportunitiesRepository(q).referenceExists(ref.table, id, ref.extra))) {
      errors.push(
        fieldError(
          `${prefix}${ref.field}`,
          'not_found',
          ref.field === 'responsibleId' ? 'must be an active user' : 'no such record',
        ),
      );
    }
  }
  const lines = input.lines ?? [];
  if (lines.length > 0) {
    const ids = lines.map((l) => l.productId);
    const found = await createOpportunitiesRepository(q).existingProductIds(ids);
    lines.forEach((l, i) => {
      if (!found.has(l.productId))
        errors.push(fieldError(`${prefix}lines.${i}.productId`, 'not_found', 'no such product'));
    });
  }
  return errors;
}

/** Creates an opportunity inside the caller's transaction (used by qualification and by the API). */
export async function insertOpportunity(
  q: Queryable,
  input: OpportunityCreate,
  actorId: string,
  prefix = '',
) {
  const errors = await checkOpportunityReferences(q, input, prefix);
  if (errors.length) throw invalid(errors);
  const repo = createOpportunitiesRepository(q);
  const id = await repo.insert({ ...input, description: richTextOrNull(input.description) }, actorId);
  if (input.stage === 'won') await repo.promoteCompanyOnWin(id);
  await repo.addEvents(id, actorId, [{ kind: 'created' }]);
  return (await repo.get(id))!;
}

/** The fields whose changes the history lists (derived ones, as the closing time, follow these). */
const historyFields = [
  'name',
  'responsibleId',
  'city',
  'currentSituation',
  'estimatedRevenue',
  'estimatedCloseDate',
  'sellingDirectionId',
  'originatingLeadId',
  'companyId',
  'contactId',
  'description',
  'stage',
  'lines',
] as const satisfies readonly (keyof Opportunity)[];

/** One history entry per field whose stored value differs between the two versions. */
function changesBetween(before: Opportunity, after: Opportunity) {
  return historyFields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => ({ kind: 'changed' as const, field: f, oldValue: before[f], newValue: after[f] }));
}

/** The history is read newest first; its cursor is the last entry's time and id. */
const historySort: Record<string, SortColumn> = { at: { sql: 'e.at', cast: 'timestamptz' } };

function mayWork(p: Principal) {
  // Opportunities belong to the CRM staff; partner users see only their leads.
  if (!isCrmUser(p)) throw forbidden('Only CRM users work with opportunities.');
}

/** The opportunities this user may see: the visibility of their leads, widened by responsibility. */
async function scopeOf(q: Queryable, p: Principal) {
  return opportunityScope(await leadScopeOf(q, p));
}

/** The opportunity if this user may see it; 404 otherwise, whether it exists or not. */
async function visibleOpportunity(q: Queryable, scope: OpportunityScope, id: string) {
  const facts = await createOpportunitiesRepository(q).accessFacts(id);
  if (!facts || !canSeeOpportunity(scope, facts)) throw notFound('opportunity');
}

/** An opportunity is attached only to a lead its author may see (404 for the others, as for the lead). */
async function checkOriginatingLead(q: Queryable, p: Principal, leadId: string | null | undefined) {
  if (leadId) await visibleLead(q, await leadScopeOf(q, p), leadId);
}

export function createOpportunitiesService({ db }: { db: Database }) {
  const repo = createOpportunitiesRepository(db);
  return {
    async list(
      p: Principal,
      query: z.infer<typeof OpportunityListQuery> & {
        limit: number;
        cursor?: string;
        sort?: string;
        count?: boolean;
      },
    ) {
      mayWork(p);
      const k = keysetOf(query, opportunitySortColumns, '-updatedAt', 'o.id');
      const result = await repo.list(query, k, await scopeOf(db, p));
      return withTotal(pageOf(result.items, k, ownValues), query, result.count);
    },
    async get(p: Principal, id: string) {
      mayWork(p);
      await visibleOpportunity(db, await scopeOf(db, p), id);
      return (await repo.get(id))!;
    },
    async history(p: Principal, id: string, query: { limit: number; cursor?: string }) {
      mayWork(p);
      await visibleOpportunity(db, await scopeOf(db, p), id);
      const k = keysetOf(query, historySort, '-at', 'e.id');
      return pageOf(await repo.history(id, k), k, (item) => item);
    },
    async create(p: Principal, input: OpportunityCreate) {
      mayWork(p);
      return db.transaction(async (tx) => {
        await checkOriginatingLead(tx, p, input.originatingLeadId);
        return insertOpportunity(tx, input, p.userId);
      });
    },
    async update(p: Principal, id: string, input: OpportunityPatch, version: number | undefined) {
      mayWork(p);
      return db.transaction(async (tx) => {
        const r = createOpportunitiesRepository(tx);
        await visibleOpportunity(tx, await scopeOf(tx, p), id);
        const current = (await r.get(id))!;
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        if (input.originatingLeadId !== undefined && input.originatingLeadId !== current.originatingLeadId)
          await checkOriginatingLead(tx, p, input.originatingLeadId);
        const errors = await checkOpportunityReferences(tx, input);
        if (errors.length) throw invalid(errors);
        if (!(await r.lockVersion(id, current.version))) throw staleVersion(current.version);
        await r.update(
          id,
          input.description !== undefined
            ? { ...input, description: richTextOrNull(input.description) }
            : input,
        );
        if (input.lines) await r.setLines(id, input.lines);
        if (input.stage === 'won') await r.promoteCompanyOnWin(id);
        const updated = (await r.get(id))!;
        await r.addEvents(id, p.userId, changesBetween(current, updated));
        return updated;
      });
    },
    async remove(p: Principal, id: string) {
      mayWork(p);
      await db.transaction(async (tx) => {
        const r = createOpportunitiesRepository(tx);
        await visibleOpportunity(tx, await scopeOf(tx, p), id);
        if (!p.roles.includes('crm_admin')) throw forbidden('Only crm_admin deletes opportunities.');
        await createLeadsRepository(tx).unlinkOpportunity(id);
        await r.remove(id);
      });
    },
  };
}
export type OpportunitiesService = ReturnType<typeof createOpportunitiesService>;
