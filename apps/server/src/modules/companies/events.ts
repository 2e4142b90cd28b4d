/** Queued (in the renaming transaction) when a company's name changes; the leads module listens. */
export const COMPANY_RENAMED = 'company-renamed';
export interface CompanyRenamed {
  companyId: string;
}
