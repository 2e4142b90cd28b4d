import {
  createContactsRepository,
  findMatchingContacts,
  prepareContact,
  type ContactMatch,
  type ContactValues,
} from '../contacts';
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

/**
 * Whether the contact side of a new lead writes a statement of its own (so that the save needs a
 * transaction): only when a matching contact is given the lead's company; a new contact is written by
 * the lead's statement.
 */
export const contactNeedsWrite = (v: Draft, match: ContactMatch | null) =>
  v.newContact && !!match && !match.companyId && !!v.companyId;

/**
 * The contact side of a valid save, in the caller's transaction: with New contact set, the matching
 * contact is linked (and given the lead's company if it has none); without one, the contact to create
 * from the lead's fields is validated and returned for the caller to write (a new lead's statement
 * writes it with the lead; `commitContact` writes it at once).
 */
export async function contactOfSave(
  ctx: SaveContext,
  v: Draft,
  match: ContactMatch | null,
): Promise<ContactValues | null> {
  if (!v.newContact) return null;
  let create: ContactValues | null = null;
  if (match) {
    v.contactId = match.id;
    if (!match.companyId && v.companyId)
      await createLeadLookups(ctx.q).setContactCompanyIfNone(match.id, v.companyId);
  } else {
    create = await prepareContact(
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
      undefined,
      ctx.settings.defaultPhoneRegion,
      // The save's references step found the lead's company (or it is the one the lead already has).
      true,
    );
  }
  v.newContact = false;
  return create;
}

/** contactOfSave, writing the new contact at once and linking it. */
export async function commitContact(ctx: SaveContext, v: Draft, match: ContactMatch | null) {
  const create = await contactOfSave(ctx, v, match);
  if (create) v.contactId = await createContactsRepository(ctx.q).insert(create, ctx.actorId);
}
