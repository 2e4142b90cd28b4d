import type { z } from 'zod';
import type {
  FieldError,
  OpportunityCreate,
  OpportunityListQuery,
  OpportunityPatch,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { forbidden, invalid, notFound, fieldError } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { keysetOf, ownValues, pageOf, withTotal } from '../../lib/pagination';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { createLeadsRepository } from '../leads';
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
  const id = await repo.insert(input, actorId);
  if (input.stage === 'won') await repo.promoteCompanyOnWin(id);
  return (await repo.get(id))!;
}

function mayWork(p: Principal) {
  // Opportunities belong to the CRM staff; partner users see only their leads.
  if (!isCrmUser(p)) throw forbidden('Only CRM users work with opportunities.');
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
      const result = await repo.list(query, k);
      return withTotal(pageOf(result.items, k, ownValues), query, result.count);
    },
    async get(p: Principal, id: string) {
      mayWork(p);
      const o = await repo.get(id);
      if (!o) throw notFound('opportunity');
      return o;
    },
    async create(p: Principal, input: OpportunityCreate) {
      mayWork(p);
      return db.transaction((tx) => insertOpportunity(tx, input, p.userId));
    },
    async update(p: Principal, id: string, input: OpportunityPatch, version: number | undefined) {
      mayWork(p);
      return db.transaction(async (tx) => {
        const r = createOpportunitiesRepository(tx);
        const current = await r.get(id);
        if (!current) throw notFound('opportunity');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const errors = await checkOpportunityReferences(tx, input);
        if (errors.length) throw invalid(errors);
        if (!(await r.lockVersion(id, current.version))) throw staleVersion(current.version);
        await r.update(id, input);
        if (input.lines) await r.setLines(id, input.lines);
        if (input.stage === 'won') await r.promoteCompanyOnWin(id);
        return (await r.get(id))!;
      });
    },
    async remove(p: Principal, id: string) {
      if (!p.roles.includes('crm_admin')) throw forbidden('Only crm_admin deletes opportunities.');
      await db.transaction(async (tx) => {
        const r = createOpportunitiesRepository(tx);
        if (!(await r.get(id))) throw notFound('opportunity');
        await createLeadsRepository(tx).unlinkOpportunity(id);
        await r.remove(id);
      });
    },
  };
}
export type OpportunitiesService = ReturnType<typeof createOpportunitiesService>;
