import type {
  AssignmentRuleCreate,
  AssignmentRulePatch,
  AssignmentTarget,
  FieldError,
  ListQuery,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { decodeCursor, pageOf, parseSort } from '../../lib/keyset';
import { memoTransaction } from '../../lib/memo';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { assignableOwnerError } from '../users';
import {
  assignmentRuleSortColumns,
  createAssignmentRepository,
  type AssignmentRuleValues,
} from './assignment.repository';

async function checkRule(q: Queryable, v: AssignmentRuleValues, id: string | null) {
  const repo = createAssignmentRepository(q);
  const errors: FieldError[] = [];
  if (await repo.nameTaken(v.name, id))
    errors.push(fieldError('name', 'taken', 'another assignment rule has this name'));
  errors.push(...(await targetErrors(q, v.target)));
  return errors;
}

async function targetErrors(q: Queryable, t: AssignmentTarget): Promise<FieldError[]> {
  const repo = createAssignmentRepository(q);
  if ('userId' in t) {
    const e = await assignableOwnerError(q, t.userId, 'target.userId');
    return e ? [e] : [];
  }
  const unitId = 'unitId' in t ? t.unitId : t.roundRobinUnitId;
  const field = 'unitId' in t ? 'target.unitId' : 'target.roundRobinUnitId';
  if (!(await repo.unitExists(unitId))) return [fieldError(field, 'not_found', 'no such unit')];
  if ('roundRobinUnitId' in t && t.weights) {
    const members = new Set((await repo.members(unitId)).map((m) => m.id));
    return Object.keys(t.weights)
      .filter((u) => !members.has(u))
      .map((u) => fieldError(`target.weights.${u}`, 'not_member', 'is not a member of the unit'));
  }
  return [];
}

/** Assignment rules: administrators write them, every CRM user reads them. */
export function createAssignmentService({ db }: { db: Database }) {
  // The active rules are kept between requests: every change of a rule empties them.
  const write = memoTransaction(db);
  return {
    async list(p: Principal, query: ListQuery) {
      authorize(p, 'read', 'configuration');
      const terms = parseSort(query.sort, assignmentRuleSortColumns, 'position', 'r.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const repo = createAssignmentRepository(db);
      const page = pageOf(await repo.list(terms, after, query.limit), query.limit, terms);
      return query.count === false ? page : { ...page, total: await repo.count() };
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const r = await createAssignmentRepository(db).get(id);
      if (!r) throw notFound('assignment rule');
      return r;
    },
    async create(p: Principal, input: AssignmentRuleCreate) {
      authorize(p, 'create', 'configuration');
      const v: AssignmentRuleValues = {
        name: input.name,
        position: input.position,
        condition: input.condition,
        target: input.target,
        active: input.active,
      };
      return write(async (tx) => {
        const errors = await checkRule(tx, v, null);
        if (errors.length) throw invalid(errors);
        return createAssignmentRepository(tx).insert(v);
      });
    },
    async update(p: Principal, id: string, input: AssignmentRulePatch, version?: number) {
      authorize(p, 'update', 'configuration');
      return write(async (tx) => {
        const repo = createAssignmentRepository(tx);
        const current = await repo.get(id, true);
        if (!current) throw notFound('assignment rule');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const v: AssignmentRuleValues = {
          name: input.name ?? current.name,
          position: input.position ?? current.position,
          condition: input.condition === undefined ? current.condition : input.condition,
          target: input.target ?? current.target,
          active: input.active ?? current.active,
        };
        const errors = await checkRule(tx, v, id);
        if (errors.length) throw invalid(errors);
        return repo.update(id, v);
      });
    },
    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await write(async (tx) => {
        const repo = createAssignmentRepository(tx);
        if (!(await repo.get(id, true))) throw notFound('assignment rule');
        await repo.remove(id);
      });
    },
  };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
