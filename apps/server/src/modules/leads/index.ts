export { refreshLeadSearch } from './lead-search';
export { leadSortColumns, sortValues } from './lead-sql';
export { createLeadsRepository } from './leads.repository';
export { leadContextOf, leadScopeOf } from './lead-context';
export { visibleLead } from './leads.service';
