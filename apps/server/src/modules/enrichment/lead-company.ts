import type { CompanyEnrichment, Settings } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { insertCompany } from '../companies';
import { lookUpCompany } from './enrichment';

/** The lead's company fields the register step reads and writes. */
export interface LeadCompanyValues {
  prospectType: string;
  newCompany: boolean;
  companyId: string | null;
  companyName: string | null;
  companyWebsite: string | null;
  companyTin: string | null;
  emails: string[];
}

/**
 * Rule on save 1, with enrichment on: a new company's TIN (set or changed by this save) that matches no
 * company is asked of the register (by e-mail too where "company by e-mail" is on). Answers what it
 * found, or undefined (off, unknown, or the register too slow or failing: the save goes on without).
 */
export async function registerCompanyFor(
  q: Queryable,
  settings: Settings,
  v: LeadCompanyValues,
  previousTin: string | null,
): Promise<CompanyEnrichment | undefined> {
  if (!settings.enrichment.enabled || v.prospectType !== 'company' || !v.newCompany || v.companyId) return;
  if (!v.companyTin || v.companyTin === previousTin) return;
  const byTin = await lookUpCompany(q, settings, { tin: v.companyTin });
  if (byTin) return byTin;
  if (byTin === null && settings.enrichment.companyByEmail && v.emails[0])
    return (await lookUpCompany(q, settings, { email: v.emails[0] })) ?? undefined;
  return undefined;
}

/** Creates the company the register described and links the lead to it (inside the save's transaction). */
export async function linkRegisterCompany(
  q: Queryable,
  v: LeadCompanyValues,
  found: CompanyEnrichment,
  actorId: string,
) {
  const tin = found.tin ?? v.companyTin;
  const [existing] = tin
    ? await q.query<{ id: string }>('SELECT id FROM companies WHERE tin = $1 AND merged_into_id IS NULL', [
        tin,
      ])
    : [];
  const id =
    existing?.id ??
    (await insertCompany(
      q,
      { name: found.name, tin, website: v.companyWebsite, address: found.address },
      actorId,
    ));
  if (!existing)
    await q.query(
      'UPDATE companies SET legal_form = $2, industry_code = $3, register_status = $4 WHERE id = $1',
      [id, found.legalForm, found.industryCode, found.status],
    );
  v.companyId = id;
  v.newCompany = false;
}
