export { findCompanyByTin, insertCompany, prepareCompany } from './companies';
export { normalizeTin, normalizeWebsite } from './normalize';
