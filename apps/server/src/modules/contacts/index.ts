export { findMatchingContacts, insertContact, prepareContact, type ContactMatch } from './contacts';
