export { leadTypeDefaults } from './lead-types.repository';
export { createRecordService, recordRoutes, type RecordSpec } from './records';
