import type { DuplicateScan } from '@leadline/contract';
import type { Database } from '../../db/client';
import { authorizeLeadList } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { visibleLead } from '../leads/leads.service';
import { findDuplicates } from './find-duplicates';
import { scanDuplicates } from './scan-duplicates';

export function createDuplicatesService({ db }: { db: Database }) {
  return {
    async ofLead(p: Principal, id: string) {
      const { scope, settings } = await leadContextOf(db, p);
      const lead = await visibleLead(db, scope, id);
      return { items: await findDuplicates(db, scope, lead, settings.duplicateThreshold) };
    },

    async scan(p: Principal, scan: DuplicateScan) {
      const { scope } = await leadContextOf(db, p);
      authorizeLeadList(scope);
      return scanDuplicates(db, scope, scan);
    },
  };
}
export type DuplicatesService = ReturnType<typeof createDuplicatesService>;
