import type { DuplicateCandidate } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { LeadScope } from '../access/lead-policy';
import { duplicateWeights, scoreDuplicate, type DuplicateWeights } from './duplicate-score';
import { createDuplicatesRepository, type CandidateRow, type DuplicateProbe } from './duplicates.repository';

const maxCandidates = 20;

/**
 * Candidates as any of the candidates queries (leads, contacts, companies) gives them, scored field by
 * field; those scoring at least `threshold` are kept, nearest first.
 */
export function rankDuplicates<R extends CandidateRow>(
  rows: R[],
  threshold: number,
  weights: DuplicateWeights = duplicateWeights,
) {
  return rows
    .map((r) => {
      const { score, reasons } = scoreDuplicate(
        {
          emailBoth: r.email_both,
          emailSame: r.email_same,
          phoneBoth: r.phone_both,
          phoneSame: r.phone_same,
          tinBoth: r.tin_both,
          tinSame: r.tin_same,
          companyBoth: r.company_both,
          companySame: r.company_same,
          companySimilarity: r.company_similarity == null ? undefined : Number(r.company_similarity),
          personBoth: r.person_both,
          personSimilarity: Number(r.person_similarity),
        },
        weights,
      );
      return { id: r.id, number: r.number, name: r.name, score, reasons };
    })
    .filter((c) => c.score >= threshold)
    .sort((a, b) => b.score - a.score || a.number.localeCompare(b.number) || a.name.localeCompare(b.name))
    .slice(0, maxCandidates);
}

/**
 * The likely duplicates of a lead among those the scope may see, nearest first: candidates from the
 * indexes, each scored field by field. Every way a lead comes in (the form, the API, imports, web forms)
 * and the duplicates check call this one function.
 */
export async function findDuplicates(
  q: Queryable,
  scope: LeadScope,
  probe: DuplicateProbe,
  threshold: number,
): Promise<DuplicateCandidate[]> {
  return rankDuplicates(await createDuplicatesRepository(q).candidates(scope, probe), threshold);
}
