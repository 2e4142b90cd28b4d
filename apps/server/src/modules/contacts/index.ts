export { findMatchingContacts, insertContact, prepareContact, type ContactMatch } from './contacts';
export { createContactsRepository } from './contacts.repository';
export { CONTACT_RENAMED, type ContactRenamed } from './events';
