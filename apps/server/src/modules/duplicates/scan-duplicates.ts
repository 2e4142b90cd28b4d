import type { DuplicateScan } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { LeadScope } from '../access/lead-policy';
import { createDuplicatesRepository } from './duplicates.repository';

const maxGroups = 1000;

/** Groups of visible leads agreeing on every chosen field (exact keys, normalised), largest first. */
export async function scanDuplicates(q: Queryable, scope: LeadScope, scan: DuplicateScan) {
  const rows = await createDuplicatesRepository(q).groups(scope, scan, maxGroups);
  return { groups: rows.map((r) => ({ key: r.key, leadIds: [...r.lead_ids].sort() })) };
}
