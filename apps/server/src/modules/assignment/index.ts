export { assignNewLead, assignmentRulesActive, type Assignment } from './assign-lead';
