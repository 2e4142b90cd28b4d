import {
  rolesMayRun,
  type FieldError,
  type MarketingListCreate,
  type MarketingListPatch,
  type MarketingListQuery,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { conflict, fieldError, forbidden, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { keysetOf, ownValues, pageOf, withTotal } from '../../lib/pagination';
import { canSeeLead, leadScopeSql } from '../access/lead-policy';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { createLeadsRepository, leadScopeOf, leadSortColumns, sortValues } from '../leads';
import {
  createMarketingListsRepository,
  marketingListSortColumns,
  membersOf,
} from './marketing-lists.repository';
import { addLeadsToList } from './membership';

/** Adding and removing members is the "add to marketing list" lead action: the action table's roles. */
function authorizeMembership(p: Principal) {
  if (!rolesMayRun(p.roles, 'add-to-marketing-list'))
    throw forbidden(
      'Only an administrator, a manager or a sales user changes the members of a marketing list.',
    );
}

async function checkFields(q: Queryable, v: MarketingListPatch, exceptId?: string): Promise<FieldError[]> {
  const repo = createMarketingListsRepository(q);
  const errors: FieldError[] = [];
  if (v.name !== undefined && (await repo.nameTaken(v.name, exceptId)))
    errors.push(fieldError('name', 'taken', 'a marketing list with this name exists'));
  if (v.marketingCampaignId && !(await repo.campaignExists(v.marketingCampaignId)))
    errors.push(fieldError('marketingCampaignId', 'not_found', 'no such marketing campaign'));
  return errors;
}

export function createMarketingListsService({ db }: { db: Database }) {
  const repo = createMarketingListsRepository(db);
  return {
    async list(p: Principal, query: MarketingListQuery) {
      authorize(p, 'read', 'configuration');
      const k = keysetOf(query, marketingListSortColumns, 'name', 'm.id');
      const result = await repo.list(query, k);
      return withTotal(pageOf(result.items, k, ownValues), query, result.count);
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const list = await repo.get(id);
      if (!list) throw notFound('marketing list');
      return list;
    },
    async create(p: Principal, input: MarketingListCreate) {
      authorize(p, 'create', 'configuration');
      return db.transaction(async (tx) => {
        const errors = await checkFields(tx, input);
        if (errors.length) throw invalid(errors);
        const r = createMarketingListsRepository(tx);
        return (await r.get(await r.insert(input, p.userId)))!;
      });
    },
    async update(p: Principal, id: string, input: MarketingListPatch, version: number | undefined) {
      authorize(p, 'update', 'configuration');
      return db.transaction(async (tx) => {
        const r = createMarketingListsRepository(tx);
        const stored = await r.lockVersion(id);
        if (stored === undefined) throw notFound('marketing list');
        if (version !== undefined && version !== stored) throw staleVersion(stored);
        const errors = await checkFields(tx, input, id);
        if (errors.length) throw invalid(errors);
        await r.update(id, input);
        return (await r.get(id))!;
      });
    },
    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await db.transaction(async (tx) => {
        const r = createMarketingListsRepository(tx);
        if (!(await r.get(id))) throw notFound('marketing list');
        await r.delete(id);
      });
    },

    /** The members the user may see, as leads, in any order the lead list offers. */
    async members(
      p: Principal,
      id: string,
      query: { limit: number; cursor?: string; sort?: string; count?: boolean },
    ) {
      authorize(p, 'read', 'configuration');
      if (!(await repo.get(id))) throw notFound('marketing list');
      const scope = await leadScopeOf(db, p);
      const params: unknown[] = [];
      const conditions = [membersOf(id, 'l', params), leadScopeSql(scope, 'l', params)];
      const leads = createLeadsRepository(db);
      const k = keysetOf(query, leadSortColumns, '-updatedAt', 'l.id');
      const page = pageOf(await leads.list({ conditions, params }, k), k, sortValues);
      return withTotal(page, query, () => leads.count({ conditions, params }));
    },

    async addMembers(p: Principal, id: string, leadIds: string[]) {
      authorize(p, 'read', 'configuration');
      authorizeMembership(p);
      return db.transaction(async (tx) => {
        const r = createMarketingListsRepository(tx);
        const list = await r.get(id);
        if (!list) throw notFound('marketing list');
        if (!list.active) throw conflict('This marketing list is not active.', 'list_inactive');
        const scope = await leadScopeOf(tx, p);
        const leads = createLeadsRepository(tx);
        const errors: FieldError[] = [];
        const ids = [...new Set(leadIds)];
        for (const [i, leadId] of leadIds.entries()) {
          const lead = await leads.get(leadId);
          // A lead the user may not see is reported exactly like one that does not exist.
          if (!lead || !canSeeLead(scope, lead))
            errors.push(fieldError(`leadIds.${i}`, 'not_found', 'no such lead'));
        }
        if (errors.length) throw invalid(errors);
        const added = await addLeadsToList(tx, id, ids, p.userId);
        for (const leadId of added) {
          await leads.addEvents(leadId, p.userId, [
            {
              kind: 'action',
              payload: { action: 'add-to-marketing-list', params: { marketingListId: id }, added: true },
            },
          ]);
        }
        return { added: added.length, memberCount: (await r.get(id))!.memberCount };
      });
    },

    async removeMember(p: Principal, id: string, leadId: string) {
      authorize(p, 'read', 'configuration');
      authorizeMembership(p);
      await db.transaction(async (tx) => {
        const r = createMarketingListsRepository(tx);
        if (!(await r.get(id))) throw notFound('marketing list');
        const lead = await createLeadsRepository(tx).get(leadId);
        if (!lead || !canSeeLead(await leadScopeOf(tx, p), lead)) throw notFound('lead');
        if (!(await r.removeMember(id, leadId))) throw notFound('member');
        await r.touch(id);
      });
    },
  };
}
export type MarketingListsService = ReturnType<typeof createMarketingListsService>;
