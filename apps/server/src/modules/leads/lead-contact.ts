import { findMatchingContacts, insertContact, type ContactMatch } from '../contacts';
import type { SaveContext } from './lead-rules';
import { createLeadLookups } from './lead-lookups';
import type { Draft } from './save/draft';

/**
 * Contact de-duplication: with New contact set, the existing contact the lead's person matches, if any
 * (read only; `commitContact` links it or creates the contact).
 */
export async function findContactMatch(ctx: SaveContext, v: Draft): Promise<ContactMatch | null> {
  if (!v.newContact) return null;
  const [match] = await findMatchingContacts(
    ctx.q,
    {
      firstName: v.firstName,
      lastName: v.lastName,
      middleName: v.middleName,
      emails: v.emails,
      phones: v.phones,
    },
    ctx.settings.defaultPhoneRegion,
  );
  return match ?? null;
}

/** Whether committing the contact writes anything (so that the save needs a transaction). */
export const contactNeedsWrite = (v: Draft, match: ContactMatch | null) =>
  v.newContact && (!match || (!match.companyId && !!v.companyId));

/**
 * The contact side of a valid save, in the caller's transaction: with New contact set, the matching
 * contact is linked (and given the lead's company if it has none); without one a contact is created
 * from the lead's fields and linked.
 */
export async function commitContact(ctx: SaveContext, v: Draft, match: ContactMatch | null) {
  if (!v.newContact) return;
  if (match) {
    v.contactId = match.id;
    if (!match.companyId && v.companyId)
      await createLeadLookups(ctx.q).setContactCompanyIfNone(match.id, v.companyId);
  } else {
    v.contactId = await insertContact(
      ctx.q,
      {
        firstName: v.firstName,
        lastName: v.lastName!,
        middleName: v.middleName,
        emails: v.emails,
        phones: v.phones,
        companyId: v.companyId,
        jobTitle: v.jobTitle,
        department: v.department,
        doNotEmail: v.doNotEmail,
        doNotCall: v.doNotCall,
        address: v.address,
      },
      ctx.actorId,
      ctx.settings.defaultPhoneRegion,
    );
  }
  v.newContact = false;
}
