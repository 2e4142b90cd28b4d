/** Queued (in the renaming transaction) when a contact's name changes; the leads module listens. */
export const CONTACT_RENAMED = 'contact-renamed';
export interface ContactRenamed {
  contactId: string;
}
