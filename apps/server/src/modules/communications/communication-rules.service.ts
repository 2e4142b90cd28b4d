import { newestFirst } from '../../lib/pagination';
import { memoTransaction } from '../../lib/memo';
import type {
  CommunicationRule,
  CommunicationRuleCreate,
  CommunicationRulePatch,
  FieldError,
  ListQuery,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { decodeCursor, encodeCursor, pageOf, parseSort } from '../../lib/keyset';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { createCommunicationRulesRepository, ruleSortColumns } from './communication-rules.repository';
import { createCommunicationsRepository } from './communications.repository';

async function checkRule(
  q: Queryable,
  v: Omit<CommunicationRule, 'id' | 'createdAt' | 'updatedAt' | 'version'>,
) {
  const errors: FieldError[] = [];
  const t = await createCommunicationsRepository(q).getTemplate(v.templateId);
  if (!t) errors.push(fieldError('templateId', 'not_found', 'no such template'));
  else if (t.channel === 'sms' && v.recipient !== 'contact')
    errors.push(fieldError('recipient', 'sms_to_staff', 'an SMS template goes to the contact only'));
  if (v.statusId && v.event !== 'status_entered')
    errors.push(fieldError('statusId', 'not_applicable', 'only a status_entered rule names a status'));
  if (v.statusId && !(await createCommunicationRulesRepository(q).statusExists(v.statusId)))
    errors.push(fieldError('statusId', 'not_found', 'no such status'));
  if (v.phase && v.event !== 'phase_entered')
    errors.push(fieldError('phase', 'not_applicable', 'only a phase_entered rule names a phase'));
  return errors;
}

/** Communication rules: administrators write them, every CRM user reads them and their log. */
export function createCommunicationRulesService({ db }: { db: Database }) {
  // The active rules are kept between requests: every change of a rule empties them.
  const write = memoTransaction(db);
  return {
    async list(p: Principal, query: ListQuery) {
      authorize(p, 'read', 'configuration');
      const terms = parseSort(query.sort, ruleSortColumns, 'name', 'r.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const repo = createCommunicationRulesRepository(db);
      const page = pageOf(await repo.list(terms, after, query.limit), query.limit, terms);
      return query.count === false ? page : { ...page, total: await repo.count() };
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const r = await createCommunicationRulesRepository(db).get(id);
      if (!r) throw notFound('communication rule');
      return r;
    },
    async create(p: Principal, input: CommunicationRuleCreate) {
      authorize(p, 'create', 'configuration');
      const v = {
        name: input.name,
        event: input.event,
        statusId: input.statusId ?? null,
        phase: input.phase ?? null,
        templateId: input.templateId,
        recipient: input.recipient,
        active: input.active,
      };
      return write(async (tx) => {
        const errors = await checkRule(tx, v);
        if (errors.length) throw invalid(errors);
        return createCommunicationRulesRepository(tx).insert(v);
      });
    },
    async update(p: Principal, id: string, input: CommunicationRulePatch, version?: number) {
      authorize(p, 'update', 'configuration');
      return write(async (tx) => {
        const repo = createCommunicationRulesRepository(tx);
        const current = await repo.get(id, true);
        if (!current) throw notFound('communication rule');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const v = {
          name: input.name ?? current.name,
          event: input.event ?? current.event,
          statusId: input.statusId === undefined ? current.statusId : input.statusId,
          phase: input.phase === undefined ? current.phase : input.phase,
          templateId: input.templateId ?? current.templateId,
          recipient: input.recipient ?? current.recipient,
          active: input.active ?? current.active,
        };
        const errors = await checkRule(tx, v);
        if (errors.length) throw invalid(errors);
        return repo.update(id, v);
      });
    },
    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await write(async (tx) => {
        const repo = createCommunicationRulesRepository(tx);
        if (!(await repo.get(id, true))) throw notFound('communication rule');
        await repo.remove(id);
      });
    },
    async log(p: Principal, id: string, query: { limit: number; cursor?: string }) {
      authorize(p, 'read', 'configuration');
      const repo = createCommunicationRulesRepository(db);
      if (!(await repo.get(id))) throw notFound('communication rule');
      const after = query.cursor ? (decodeCursor(query.cursor, newestFirst) as [string, string]) : null;
      const rows = await repo.logOf(id, after, query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: more ? encodeCursor(newestFirst, { at: last.createdAt, id: last.id }) : null,
      };
    },
  };
}
export type CommunicationRulesService = ReturnType<typeof createCommunicationRulesService>;
