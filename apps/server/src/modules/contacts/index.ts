export {
  findMatchingContacts,
  insertContact,
  prepareContact,
  rankContactMatches,
  type ContactCandidate,
  type ContactMatch,
} from './contacts';
export {
  contactInsertParams,
  contactInsertSql,
  createContactsRepository,
  type ContactValues,
} from './contacts.repository';
export { CONTACT_RENAMED, type ContactRenamed } from './events';
