export { ruleFactsOf, type FactsExtra } from './rule-facts';
export {
  SCORING_DECAY_JOB,
  SCORING_RECOMPUTE_JOB,
  recomputeScores,
  rescoreLeadById,
  scoreLead,
  secondsUntilNightly,
  type LoadLead,
} from './score-lead';
export { createScoringRepository } from './scoring.repository';
export { queueRecompute } from './scoring.service';
