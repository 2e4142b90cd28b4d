import { z } from 'zod';
import { Address, AddressInput, ContactPointsInput } from './companies';
import { ListQuery, QueryBool, Timestamp, requiredText, text } from './common';

export const Contact = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string(),
  middleName: z.string().nullable(),
  /** Lower-cased. */
  emails: z.array(z.string()),
  /** E.164. */
  phones: z.array(z.string()),
  companyId: z.uuid().nullable(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  doNotEmail: z.boolean(),
  doNotCall: z.boolean(),
  address: Address,
  active: z.boolean(),
  /** The contact this one was merged into (a merged contact is left out of lists). */
  mergedIntoId: z.uuid().nullable(),
  createdById: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = z.infer<typeof Contact>;

const contactFields = {
  firstName: text(200).nullable(),
  lastName: requiredText(200),
  middleName: text(200).nullable(),
  emails: ContactPointsInput,
  phones: ContactPointsInput,
  companyId: z.uuid().nullable(),
  jobTitle: text(200).nullable(),
  department: text(200).nullable(),
  doNotEmail: z.boolean(),
  doNotCall: z.boolean(),
  address: AddressInput.nullable(),
  active: z.boolean(),
};

export const ContactCreate = z.object(contactFields).partial().required({ lastName: true });
export type ContactCreate = z.infer<typeof ContactCreate>;
export const ContactPatch = z.object(contactFields).partial();
export type ContactPatch = z.infer<typeof ContactPatch>;

export const ContactListQuery = ListQuery.extend({
  /** Part of a name, an e-mail or a phone. */
  q: text(200).optional(),
  companyId: z.uuid().optional(),
  active: QueryBool.optional(),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;
