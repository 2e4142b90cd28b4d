import type {
  AssignmentRuleCreate,
  AssignmentRulePatch,
  AssignmentTarget,
  FieldError,
  ListQuery,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid } from '../../http/errors';
import { memoTransaction } from '../../lib/memo';
import { ruleReads } from '../../lib/rule-store';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { assignableOwnerError } from '../users';
import {
  assignmentRules,
  createAssignmentRepository,
  type AssignmentRuleValues,
} from './assignment.repository';

const reads = ruleReads(assignmentRules);

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
      return reads.list(db, query);
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      return reads.get(db, id);
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
        const current = await reads.lock(tx, id, version);
        const v: AssignmentRuleValues = {
          name: input.name ?? current.name,
          position: input.position ?? current.position,
          condition: input.condition === undefined ? current.condition : input.condition,
          target: input.target ?? current.target,
          active: input.active ?? current.active,
        };
        const errors = await checkRule(tx, v, id);
        if (errors.length) throw invalid(errors);
        return createAssignmentRepository(tx).update(id, v);
      });
    },
    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await write(async (tx) => {
        await reads.lock(tx, id);
        await createAssignmentRepository(tx).remove(id);
      });
    },
  };
}
export type AssignmentService = ReturnType<typeof createAssignmentService>;
