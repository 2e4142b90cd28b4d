export { lookUpCompany, configureEnrichment, type EnrichmentKey } from './enrichment';
export { createEnrichmentService, type EnrichmentService } from './enrichment.service';
export { linkRegisterCompany, registerCompanyFor } from './lead-company';
