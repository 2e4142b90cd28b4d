export { checkOpportunityReferences, insertOpportunity } from './opportunities.service';
