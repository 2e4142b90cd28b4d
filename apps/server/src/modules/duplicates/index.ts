export { findDuplicates } from './find-duplicates';
export type { DuplicateProbe } from './duplicates.repository';
