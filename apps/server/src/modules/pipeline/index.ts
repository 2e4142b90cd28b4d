export { createStatusesRepository } from './statuses.repository';
