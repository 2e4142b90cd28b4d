export { refreshLeadSearch } from './lead-search';
export { createLeadsRepository, leadSortColumns, sortValues } from './leads.repository';
export { leadContextOf, leadScopeOf } from './lead-context';
export { visibleLead } from './leads.service';
