export { findCompanyByTin, insertCompany, prepareCompany } from './companies';
export { normalizeTin, normalizeWebsite } from './normalize';
export { createCompaniesRepository } from './companies.repository';
export { COMPANY_RENAMED, type CompanyRenamed } from './events';
