import type { Lead, ListQuery, ScoringRuleCreate, ScoringRulePatch } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { fieldError, invalid, notFound } from '../../http/errors';
import { memoTransaction } from '../../lib/memo';
import { ruleReads } from '../../lib/rule-store';
import type { Jobs } from '../../jobs/queue';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { ruleFactsOf } from './rule-facts';
import { SCORING_RECOMPUTE_JOB } from './score-lead';
import { createScoringRepository, scoringRules, type ScoringRuleValues } from './scoring.repository';

const reads = ruleReads(scoringRules);

/** Queues a recomputation of every open lead's score, in the transaction of the change that asks it. */
export async function queueRecompute(tx: Queryable, jobs: Pick<Jobs, 'send'> | undefined, reason: string) {
  const run = await createScoringRepository(tx).createRun(reason);
  if (jobs) await jobs.send(SCORING_RECOMPUTE_JOB, { id: run.id }, { tx });
  return run;
}

/** Scoring rules: administrators write them, every CRM user reads them. A change re-scores open leads. */
export function createScoringService({
  db,
  jobs,
  visibleLead,
}: {
  db: Database;
  jobs?: Pick<Jobs, 'send'>;
  /** The lead if this user may see it; 404 otherwise (the leads module's rule). */
  visibleLead: (p: Principal, id: string) => Promise<Lead>;
}) {
  // The active rules are kept between requests: every change of a rule empties them.
  const write = memoTransaction(db);
  const check = async (q: Queryable, v: ScoringRuleValues, id: string | null) => {
    if (await createScoringRepository(q).nameTaken(v.name, id))
      throw invalid([fieldError('name', 'taken', 'another scoring rule has this name')]);
  };
  return {
    async list(p: Principal, query: ListQuery) {
      authorize(p, 'read', 'configuration');
      return reads.list(db, query);
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      return reads.get(db, id);
    },
    async create(p: Principal, input: ScoringRuleCreate) {
      authorize(p, 'create', 'configuration');
      const v: ScoringRuleValues = {
        name: input.name,
        condition: input.condition,
        points: input.points,
        decayDays: input.decayDays ?? null,
        active: input.active,
      };
      return write(async (tx) => {
        await check(tx, v, null);
        const rule = await createScoringRepository(tx).insert(v);
        await queueRecompute(tx, jobs, 'rules');
        return rule;
      });
    },
    async update(p: Principal, id: string, input: ScoringRulePatch, version?: number) {
      authorize(p, 'update', 'configuration');
      return write(async (tx) => {
        const current = await reads.lock(tx, id, version);
        const v: ScoringRuleValues = {
          name: input.name ?? current.name,
          condition: input.condition === undefined ? current.condition : input.condition,
          points: input.points ?? current.points,
          decayDays: input.decayDays === undefined ? current.decayDays : input.decayDays,
          active: input.active ?? current.active,
        };
        await check(tx, v, id);
        const rule = await createScoringRepository(tx).update(id, v);
        await queueRecompute(tx, jobs, 'rules');
        return rule;
      });
    },
    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await write(async (tx) => {
        await reads.lock(tx, id);
        await createScoringRepository(tx).remove(id);
        await queueRecompute(tx, jobs, 'rules');
      });
    },
    /** Recomputes every open lead now (administrators): answers the run to follow. */
    async recompute(p: Principal) {
      authorize(p, 'update', 'configuration');
      return db.transaction((tx) => queueRecompute(tx, jobs, 'manual'));
    },
    /** What rule conditions read of a lead: the rule editor previews a rule against it with the same code. */
    async facts(p: Principal, leadId: string) {
      authorize(p, 'read', 'configuration');
      return ruleFactsOf(db, await visibleLead(p, leadId));
    },
    async run(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const run = await createScoringRepository(db).run(id);
      if (!run) throw notFound('scoring run');
      return run;
    },
  };
}
export type ScoringService = ReturnType<typeof createScoringService>;
