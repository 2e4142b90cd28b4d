import type { EnrichmentResult } from '@leadline/contract';
import type { Database } from '../../db/client';
import { forbidden } from '../../http/errors';
import { isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { readSettings } from '../settings';
import { configureEnrichment, lookUpCompany, type EnrichmentKey, type EnrichmentOptions } from './enrichment';

export function createEnrichmentService({ db, options }: { db: Database; options: EnrichmentOptions }) {
  configureEnrichment(options);
  return {
    /** What the register says for a TIN or e-mail typed in the lead form (CRM users; no company while off, so the form asks without knowing the setting). */
    async company(p: Principal, key: EnrichmentKey): Promise<EnrichmentResult> {
      if (!isCrmUser(p)) throw forbidden('Only CRM users look companies up in the register.');
      const settings = await readSettings(db);
      if (!settings.enrichment.enabled) return { company: null };
      return { company: (await lookUpCompany(db, settings, key)) ?? null };
    },
  };
}
export type EnrichmentService = ReturnType<typeof createEnrichmentService>;
