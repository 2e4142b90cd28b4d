import { useMemo } from 'react';
import { productFitsDirection, programFits, type LeadType } from '@leadline/contract';
import { ownerOptions, toOptions, useUnits, useUsers } from '../../../lib/queries';
import { refOptions, useRefList, type RefItem } from '../../../lib/refs';
import { useCompany } from '../../records/api';
import type { LeadFormValues } from '../leadFormModel';

export interface SalesDirectionItem extends RefItem {
  productIds: string[];
}
interface ProgramItem extends RefItem {
  salesDirectionIds: string[];
  productIds: string[];
}
interface AgreementItem extends RefItem {
  number: string;
  partnerCompanyId: string;
  programId: string;
}
export type LeadTypeItem = RefItem & Pick<LeadType, 'priority' | 'importance' | 'estimatedCompletionDays'>;

/**
 * The lists of values the lead form chooses from, narrowed by what is already chosen: products by the
 * sales direction, agreements by the direction and product, owners to active users.
 */
export function useLeadFormOptions(v: LeadFormValues) {
  const users = useUsers();
  const units = useUnits();
  const sources = useRefList('/lead-sources');
  const leadTypes = useRefList<LeadTypeItem>('/lead-types');
  const industries = useRefList('/industries');
  const directions = useRefList<SalesDirectionItem>('/sales-directions');
  const products = useRefList('/products');
  const campaigns = useRefList('/marketing-campaigns');
  const programs = useRefList<ProgramItem>('/partnership-programs');
  const agreements = useRefList<AgreementItem>('/partnership-agreements');
  const agencies = useRefList('/agencies');
  const groupCompanies = useRefList('/group-companies');
  const categories = useRefList('/categories');
  const functions = useRefList('/functions');
  const departments = useRefList('/departments');
  const tags = useRefList('/tags');

  const direction = directions.data?.find((d) => d.id === v.salesDirectionId);
  const productOptions = useMemo(
    () =>
      refOptions(products.data, v.productId).filter(
        (p) => p.value === v.productId || productFitsDirection(p.value, direction),
      ),
    [products.data, direction, v.productId],
  );
  const agreementOptions = useMemo(() => {
    const programById = new Map((programs.data ?? []).map((p) => [p.id, p]));
    const choice = { salesDirectionId: v.salesDirectionId, productId: v.productId };
    return (agreements.data ?? [])
      .filter((a) => a.active !== false || a.id === v.partnershipAgreementId)
      .filter((a) => {
        const program = programById.get(a.programId);
        if (!program) return a.id === v.partnershipAgreementId;
        const fits = programFits(program, choice);
        return (fits.direction && fits.product) || a.id === v.partnershipAgreementId;
      })
      .map((a) => ({ value: a.id, label: a.number ?? a.name }));
  }, [agreements.data, programs.data, v.salesDirectionId, v.productId, v.partnershipAgreementId]);
  const agreement = agreements.data?.find((a) => a.id === v.partnershipAgreementId);
  const partnerCompany = useCompany(agreement?.partnerCompanyId ?? null);

  return {
    sources: refOptions(sources.data, v.sourceId),
    leadTypes: leadTypes.data,
    leadTypeOptions: refOptions(leadTypes.data, v.leadTypeId),
    industries: refOptions(industries.data, v.industryId),
    directions: directions.data,
    directionOptions: refOptions(directions.data, v.salesDirectionId),
    products: products.data ?? [],
    productOptions,
    campaigns: refOptions(campaigns.data, v.marketingCampaignId),
    agreementOptions,
    partnerCompanyId: agreement?.partnerCompanyId,
    partnerCompanyName: partnerCompany.data?.name ?? '',
    owners: ownerOptions(users.data?.items, v.ownerId),
    units: toOptions(units.data?.items),
    agencies: refOptions(agencies.data, v.agencyId),
    groupCompanies: refOptions(groupCompanies.data, v.groupCompanyId),
    categories: refOptions(categories.data, v.categoryId),
    functions: (functions.data ?? []).map((f) => f.name),
    departments: (departments.data ?? []).map((f) => f.name),
    tags: (tags.data ?? []).map((t) => t.name),
  };
}
export type LeadFormOptions = ReturnType<typeof useLeadFormOptions>;
