import type { AssignmentRule, Lead } from '@leadline/contract';
import { conditionHolds } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { ruleFactsOf, type FactsExtra } from '../scoring';
import { createAssignmentRepository, type Member } from './assignment.repository';

type SkipReason = 'away' | 'inactive' | 'not_crm_user' | 'daily_cap';

/** What an assignment rule decided for a new lead, and why: the payload of its timeline entry. */
export interface Assignment {
  ruleId: string;
  ruleName: string;
  target: 'user' | 'unit' | 'round_robin';
  ownerId: string | null;
  unitId: string | null;
  /** Round-robin: leads the chosen member had from this rule before this one, and how many could be chosen. */
  count?: number;
  eligible?: number;
  /** Rules whose condition held but whose target could take no lead, and members passed by. */
  skipped: {
    ruleId?: string;
    userId?: string;
    name?: string;
    why: SkipReason | 'no_member' | 'unit_inactive';
  }[];
}

const whyNot = (m: Member): SkipReason | null =>
  !m.active ? 'inactive' : !m.crm ? 'not_crm_user' : m.away ? 'away' : null;

/**
 * The owner (or unit queue) of a new lead without an owner: the first active rule, by position, whose
 * condition holds and whose target can take the lead. Null when no rule applies.
 */
export async function assignNewLead(
  q: Queryable,
  lead: Lead,
  extra?: FactsExtra,
): Promise<Assignment | null> {
  const repo = createAssignmentRepository(q);
  const rules = await repo.active();
  if (rules.length === 0) return null;
  const facts = await ruleFactsOf(q, lead, extra);
  const skipped: Assignment['skipped'] = [];
  for (const rule of rules) {
    if (!conditionHolds(rule.condition, facts)) continue;
    const chosen = await targetOf(q, rule, lead, skipped);
    if (chosen) return { ruleId: rule.id, ruleName: rule.name, ...chosen, skipped };
  }
  return null;
}

async function targetOf(
  q: Queryable,
  rule: AssignmentRule,
  lead: Lead,
  skipped: Assignment['skipped'],
): Promise<Omit<Assignment, 'ruleId' | 'ruleName' | 'skipped'> | null> {
  const repo = createAssignmentRepository(q);
  const t = rule.target;
  if ('userId' in t) {
    const u = await repo.user(t.userId);
    // A person away still gets what a rule names them for: only round-robin passes them by.
    const why = u ? (!u.active ? 'inactive' : !u.crm ? 'not_crm_user' : null) : 'inactive';
    if (why) {
      skipped.push({ ruleId: rule.id, userId: t.userId, name: u?.name, why });
      return null;
    }
    return { target: 'user', ownerId: t.userId, unitId: lead.unitId };
  }
  if ('unitId' in t) {
    if (!(await repo.unitActive(t.unitId))) {
      skipped.push({ ruleId: rule.id, why: 'unit_inactive' });
      return null;
    }
    return { target: 'unit', ownerId: null, unitId: t.unitId };
  }
  if (!(await repo.unitActive(t.roundRobinUnitId))) {
    skipped.push({ ruleId: rule.id, why: 'unit_inactive' });
    return null;
  }
  // The rule's turn row is locked until the lead's transaction ends: concurrent leads queue here, and
  // each sees the counts the previous one left.
  await repo.lockTurn(rule.id);
  const members = await repo.members(t.roundRobinUnitId);
  const counts = await repo.counts(rule.id);
  const candidates: { m: Member; total: number; weight: number }[] = [];
  const known = members.filter((m) => counts.has(m.id) && !whyNot(m)).map((m) => counts.get(m.id)!.total);
  // A member new to the rule starts level with the least served one, not at zero (no burst of leads).
  const floor = known.length ? Math.min(...known) : 0;
  const fresh = members.filter((m) => !counts.has(m.id) && !whyNot(m)).map((m) => m.id);
  if (fresh.length) await repo.startCounts(rule.id, fresh, floor);
  for (const m of members) {
    const why = whyNot(m);
    const c = counts.get(m.id);
    if (why) {
      skipped.push({ userId: m.id, name: m.name, why });
      continue;
    }
    if (t.dailyCap != null && (c?.today ?? 0) >= t.dailyCap) {
      skipped.push({ userId: m.id, name: m.name, why: 'daily_cap' });
      continue;
    }
    candidates.push({ m, total: Math.max(c?.total ?? floor, floor), weight: t.weights?.[m.id] ?? 1 });
  }
  if (candidates.length === 0) {
    skipped.push({ ruleId: rule.id, why: 'no_member' });
    return null;
  }
  // The member furthest behind their share: fewest leads per unit of weight, then fewest leads, then id.
  candidates.sort(
    (a, b) =>
      (a.total + 1) / a.weight - (b.total + 1) / b.weight ||
      a.total - b.total ||
      a.m.id.localeCompare(b.m.id),
  );
  const pick = candidates[0];
  await repo.countOne(rule.id, pick.m.id, pick.total + 1);
  return {
    target: 'round_robin',
    ownerId: pick.m.id,
    unitId: t.roundRobinUnitId,
    count: pick.total,
    eligible: candidates.length,
  };
}

/** Whether any assignment rule is active (read from the kept list). */
export async function assignmentRulesActive(q: Queryable) {
  return (await createAssignmentRepository(q).active()).length > 0;
}
