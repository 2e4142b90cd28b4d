export {
  findMatchingContacts,
  insertContact,
  prepareContact,
  rankContactMatches,
  type ContactCandidate,
  type ContactMatch,
} from './contacts';
export { createContactsRepository } from './contacts.repository';
export { CONTACT_RENAMED, type ContactRenamed } from './events';
