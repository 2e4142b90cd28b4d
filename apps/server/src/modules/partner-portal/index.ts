export { createPartnerPortalService, type PartnerPortalService } from './partner-portal.service';
