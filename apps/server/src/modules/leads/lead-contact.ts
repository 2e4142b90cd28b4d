import { randomUUID } from 'node:crypto';
import { normalizeEmails, normalizeName, normalizePhones } from '../../lib/contact-points';
import {
  createContactsRepository,
  findMatchingContacts,
  insertContact,
  prepareContact,
  rankContactMatches,
  type ContactCandidate,
  type ContactMatch,
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

/** Whether committing the contact writes anything (so that the save needs a transaction). */
export const contactNeedsWrite = (v: Draft, match: ContactMatch | null) =>
  v.newContact && (!match || (!match.companyId && !!v.companyId));

/** The contact fields of a lead's person, as `commitContact` creates the contact from them. */
const contactInputOf = (v: Draft) => ({
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
});

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
    v.contactId = await insertContact(ctx.q, contactInputOf(v), ctx.actorId, ctx.settings.defaultPhoneRegion);
  }
  v.newContact = false;
}

/**
 * `findContactMatch` then `commitContact` for many leads saved one after the other, in the caller's
 * transaction, in three statements: the candidates of every lead read at once, the rule of a save applied
 * to each in turn (a person met twice is created once, then matched), the new contacts inserted at once.
 */
export async function commitContactsMany(ctx: SaveContext, drafts: Draft[]) {
  const region = ctx.settings.defaultPhoneRegion;
  const people = drafts
    .filter((v) => v.newContact)
    .map((v) => ({
      v,
      key: normalizeName(v.lastName),
      emails: new Set(normalizeEmails('emails', v.emails).values),
      phones: new Set(normalizePhones('phones', v.phones, region).values),
    }));
  const searched = people.filter((x) => x.key && (x.emails.size || x.phones.size));
  const repo = createContactsRepository(ctx.q);
  const stored = new Map<number, ContactCandidate[]>();
  for (const c of await repo.matchCandidatesMany(
    searched.map((x) => ({ key: x.key, emails: [...x.emails], phones: [...x.phones] })),
  ))
    stored.set(c.o, [...(stored.get(c.o) ?? []), c]);
  const candidatesOf = new Map(searched.map((x, o) => [x, stored.get(o) ?? []]));
  // Contacts this call creates, by normalised last name: newer than every stored one.
  const createdByKey = new Map<string, ContactCandidate[]>();
  const created: { id: string; v: Awaited<ReturnType<typeof prepareContact>> }[] = [];
  for (const x of people) {
    const shares = (c: ContactCandidate) =>
      c.emails.some((e) => x.emails.has(e)) || c.phones.some((p) => x.phones.has(p));
    const candidates = candidatesOf.has(x)
      ? [...candidatesOf.get(x)!, ...(createdByKey.get(x.key) ?? []).filter(shares)].slice(0, 100)
      : [];
    const [match] = rankContactMatches(
      { firstName: x.v.firstName, middleName: x.v.middleName, emails: x.emails, phones: x.phones },
      candidates,
    );
    if (match) {
      x.v.contactId = match.id;
      if (!match.companyId && x.v.companyId)
        await createLeadLookups(ctx.q).setContactCompanyIfNone(match.id, x.v.companyId);
    } else {
      const id = randomUUID();
      const values = await prepareContact(ctx.q, contactInputOf(x.v), undefined, region);
      created.push({ id, v: values });
      x.v.contactId = id;
      if (x.key)
        createdByKey.set(x.key, [
          ...(createdByKey.get(x.key) ?? []),
          {
            id,
            company_id: values.companyId,
            first_name: values.firstName,
            middle_name: values.middleName,
            emails: values.emails,
            phones: values.phones,
          },
        ]);
    }
    x.v.newContact = false;
  }
  await repo.insertMany(created, ctx.actorId);
}
