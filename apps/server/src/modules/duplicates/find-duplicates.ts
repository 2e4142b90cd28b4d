import type { DuplicateCandidate } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { LeadScope } from '../access/lead-policy';
import { scoreDuplicate } from './duplicate-score';
import { createDuplicatesRepository, type DuplicateProbe } from './duplicates.repository';

const maxCandidates = 20;

/**
 * The likely duplicates of a lead among those the scope may see, nearest first: candidates from the
 * indexes, each scored field by field; those scoring at least `threshold` are kept. Every way a lead
 * comes in (the form, the API, imports, web forms) and the duplicates check call this one function.
 */
export async function findDuplicates(
  q: Queryable,
  scope: LeadScope,
  probe: DuplicateProbe,
  threshold: number,
): Promise<DuplicateCandidate[]> {
  const rows = await createDuplicatesRepository(q).candidates(scope, probe);
  return rows
    .map((r) => {
      const { score, reasons } = scoreDuplicate({
        emailBoth: r.email_both,
        emailSame: r.email_same,
        phoneBoth: r.phone_both,
        phoneSame: r.phone_same,
        tinBoth: r.tin_both,
        tinSame: r.tin_same,
        companyBoth: r.company_both,
        companySame: r.company_same,
        personBoth: r.person_both,
        personSimilarity: Number(r.person_similarity),
      });
      return { id: r.id, number: r.number, name: r.name, score, reasons };
    })
    .filter((c) => c.score >= threshold)
    .sort((a, b) => b.score - a.score || a.number.localeCompare(b.number))
    .slice(0, maxCandidates);
}
