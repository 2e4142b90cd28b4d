import { useQuery } from '@tanstack/react-query';
import type { AssignmentRule, Lead, RuleFacts, ScoringRule, ScoringRun } from '@leadline/contract';
import { api, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';

export const identityKeys = {
  scoringRules: ['scoring-rules'] as const,
  assignmentRules: ['assignment-rules'] as const,
};

export function useScoringRules() {
  return useQuery({
    queryKey: identityKeys.scoringRules,
    queryFn: () => api<Page<ScoringRule>>('GET', '/scoring-rules?limit=500'),
    select: (p) => p.items,
  });
}

export function useAssignmentRules() {
  return useQuery({
    queryKey: identityKeys.assignmentRules,
    queryFn: () => api<Page<AssignmentRule>>('GET', '/assignment-rules?limit=500&sort=position'),
    select: (p) => p.items,
  });
}

export const recomputeScores = () => api<ScoringRun>('POST', '/scoring-rules/recompute');

/** The lead a preview runs against: by number or any search word, the first match. */
export async function findLeadFacts(q: string): Promise<{ lead: Lead; facts: RuleFacts } | null> {
  const page = await api<Page<Lead>>('GET', `/leads${toQuery({ q, limit: 1, count: false })}`);
  const lead = page.items[0];
  if (!lead) return null;
  return { lead, facts: await api<RuleFacts>('GET', `/leads/${lead.id}/rule-facts`) };
}
