import jsonLogic from 'json-logic-js';
import { z } from 'zod';
import { Timestamp, requiredText } from './common';

/**
 * Conditions of scoring and assignment rules are JSON Logic over `{ lead, company, contact, events }`
 * (see RuleFacts); the server and the web's rule editor evaluate them with this one function.
 */
export type RuleFacts = {
  lead: Record<string, unknown>;
  company: Record<string, unknown> | null;
  contact: Record<string, unknown> | null;
  /**
   * What happened on the lead: counts of done activities per type (`meetingsHeld`, `callsDone`, ...),
   * messages sent and opened, days since the last activity (null when none yet), and for a lead being
   * created the web form it came through.
   */
  events: Record<string, unknown>;
};

/** True when the condition holds for the facts; a condition that cannot be evaluated holds for none. */
export function conditionHolds(condition: unknown, facts: RuleFacts): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(condition as jsonLogic.RulesLogic, facts));
  } catch {
    return false;
  }
}

/** Why a condition cannot be used (an unknown operation, ...), or null when it can. */
export function conditionError(condition: unknown): string | null {
  if (typeof condition === 'boolean') return null;
  if (!condition || typeof condition !== 'object' || Array.isArray(condition))
    return 'must be a JSON Logic object or true';
  try {
    jsonLogic.apply(condition as jsonLogic.RulesLogic, {
      lead: {},
      company: null,
      contact: null,
      events: {},
    });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : 'cannot be evaluated';
  }
}

const Condition = z
  .unknown()
  .refine((c) => JSON.stringify(c ?? null).length <= 20_000, { message: 'is too long' })
  .refine((c) => conditionError(c) === null, { message: 'must be valid JSON Logic' });

export const ScoreReason = z.object({
  ruleId: z.uuid(),
  name: z.string(),
  points: z.number().int(),
  /** The rule's points were lost: no activity for its decay days. */
  decayed: z.boolean().optional(),
});
export type ScoreReason = z.infer<typeof ScoreReason>;

export const ScoringRule = z.object({
  id: z.uuid(),
  name: z.string(),
  condition: z.unknown(),
  points: z.number().int(),
  decayDays: z.number().int().nullable(),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type ScoringRule = z.infer<typeof ScoringRule>;

export const ScoringRuleCreate = z.strictObject({
  name: requiredText(200),
  condition: Condition,
  points: z.number().int().min(-1000).max(1000),
  decayDays: z.number().int().min(1).max(3650).nullable().optional(),
  active: z.boolean().default(true),
});
export type ScoringRuleCreate = z.infer<typeof ScoringRuleCreate>;
export const ScoringRulePatch = z.strictObject({
  name: requiredText(200).optional(),
  condition: Condition.optional(),
  points: z.number().int().min(-1000).max(1000).optional(),
  decayDays: z.number().int().min(1).max(3650).nullable().optional(),
  active: z.boolean().optional(),
});
export type ScoringRulePatch = z.infer<typeof ScoringRulePatch>;

export const ScoringRun = z.object({
  id: z.uuid(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type ScoringRun = z.infer<typeof ScoringRun>;

/** The lowest and highest score a lead shows; the sum of its rules' points is held within. */
export const scoreBounds = { min: 0, max: 100 } as const;

type ScoringRuleLike = Pick<ScoringRule, 'id' | 'name' | 'condition' | 'points' | 'decayDays' | 'active'>;

/**
 * A lead's score and the reasons for it: every active rule whose condition holds adds its points; a rule
 * with decay days whose lead saw no activity for that long adds them and loses them again (both reasons
 * listed, so the lead page says why the score dropped). The sum is held within scoreBounds.
 */
export function scoreOf(rules: readonly ScoringRuleLike[], facts: RuleFacts) {
  const reasons: ScoreReason[] = [];
  const idle = facts.events.daysWithoutActivity;
  for (const r of rules) {
    if (!r.active || !conditionHolds(r.condition, facts)) continue;
    reasons.push({ ruleId: r.id, name: r.name, points: r.points });
    if (r.decayDays != null && typeof idle === 'number' && idle >= r.decayDays)
      reasons.push({ ruleId: r.id, name: r.name, points: -r.points, decayed: true });
  }
  const sum = reasons.reduce((s, x) => s + x.points, 0);
  return {
    computedScore: Math.max(scoreBounds.min, Math.min(scoreBounds.max, sum)),
    scoreReasons: reasons,
  };
}

export const AssignmentTarget = z.union([
  z.strictObject({ userId: z.uuid() }),
  z.strictObject({ unitId: z.uuid() }),
  z.strictObject({
    roundRobinUnitId: z.uuid(),
    /** Relative shares per member (1 when absent): a member of weight 2 gets twice the leads. */
    weights: z.record(z.uuid(), z.number().int().min(1).max(100)).optional(),
    /** At most this many leads per member and day; a member at the cap is passed by. */
    dailyCap: z.number().int().min(1).max(100_000).nullable().optional(),
  }),
]);
export type AssignmentTarget = z.infer<typeof AssignmentTarget>;

export const AssignmentRule = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  condition: z.unknown(),
  target: AssignmentTarget,
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type AssignmentRule = z.infer<typeof AssignmentRule>;

export const AssignmentRuleCreate = z.strictObject({
  name: requiredText(200),
  position: z.number().int().min(0).max(1_000_000).default(0),
  condition: Condition.default(true),
  target: AssignmentTarget,
  active: z.boolean().default(true),
});
export type AssignmentRuleCreate = z.infer<typeof AssignmentRuleCreate>;
export const AssignmentRulePatch = z.strictObject({
  name: requiredText(200).optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  condition: Condition.optional(),
  target: AssignmentTarget.optional(),
  active: z.boolean().optional(),
});
export type AssignmentRulePatch = z.infer<typeof AssignmentRulePatch>;
