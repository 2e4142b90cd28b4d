import type { Lead } from '@leadline/contract';
import { scoreOf } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { letOthersIn } from '../../lib/yield';
import { ruleFactsOf, type FactsExtra } from './rule-facts';
import { createScoringRepository } from './scoring.repository';

export const SCORING_RECOMPUTE_JOB = 'scoring.recompute';
export const SCORING_DECAY_JOB = 'scoring.decay';
export type LoadLead = (q: Queryable, id: string) => Promise<Lead | undefined>;

/**
 * Works out a lead's score and reasons from the active rules and stores them, in the caller's
 * transaction (the change that may alter them). Answers the lead as it now reads.
 */
export async function scoreLead(q: Queryable, lead: Lead, extra?: FactsExtra): Promise<Lead> {
  const rules = await createScoringRepository(q).active();
  // Nothing to add and nothing to take away: no statement at all.
  if (rules.length === 0 && lead.computedScore === 0 && lead.scoreReasons.length === 0) return lead;
  const { computedScore, scoreReasons } = scoreOf(rules, await ruleFactsOf(q, lead, extra));
  await createScoringRepository(q).writeScore(lead.id, computedScore, scoreReasons);
  return { ...lead, computedScore, scoreReasons };
}

/** Re-scores a lead by id (after an activity or message changed what the rules read). */
export async function rescoreLeadById(q: Queryable, id: string, load: LoadLead) {
  const lead = await load(q, id);
  if (lead) await scoreLead(q, lead);
}

/**
 * Recomputes every open lead's score, a batch per short transaction, recording progress on the run.
 */
export async function recomputeScores(db: Database, runId: string, load: LoadLead, batch = 200) {
  const repo = createScoringRepository(db);
  const run = await repo.run(runId);
  if (!run || run.state === 'done') return;
  await repo.setRun(runId, { state: 'running', total: await repo.countOpenLeads(), processed: 0 });
  let after: string | null = null;
  let processed = 0;
  try {
    for (;;) {
      const ids = await repo.openLeadIds(after, batch);
      if (ids.length === 0) break;
      await db.transaction(async (tx) => {
        for (const id of ids) await rescoreLeadById(tx, id, load);
        processed += ids.length;
        await createScoringRepository(tx).setRun(runId, { processed });
      });
      after = ids[ids.length - 1];
      await letOthersIn();
    }
    await repo.setRun(runId, { state: 'done' });
  } catch (err) {
    await repo.setRun(runId, { state: 'failed' });
    throw err;
  }
}

/** Seconds until the next 03:00 UTC, when the nightly decay runs. */
export function secondsUntilNightly(now = new Date()) {
  const next = new Date(now);
  next.setUTCHours(3, 0, 0, 0);
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return Math.ceil((next.getTime() - now.getTime()) / 1000);
}
