import { z } from 'zod';
import { ListQuery, QueryBool, Timestamp, requiredText, text } from './common';

export const companyTypes = ['prospect', 'customer', 'supplier', 'partner'] as const;
export const CompanyType = z.enum(companyTypes);
export type CompanyType = z.infer<typeof CompanyType>;

/** A postal address as companies, contacts and leads keep it. */
export const Address = z.object({
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().nullable(),
});
export type Address = z.infer<typeof Address>;

export const AddressInput = z
  .object({
    street: text(500).nullable(),
    postalCode: text(40).nullable(),
    city: text(200).nullable(),
    region: text(200).nullable(),
    country: text(200).nullable(),
  })
  .partial();
export type AddressInput = z.infer<typeof AddressInput>;

/** E-mails or phones: a list, or one comma-separated string ("a@x.com, b@y.com"). */
export const ContactPointsInput = z.union([text(4000), z.array(text(254)).max(50)]).nullable();

export const Company = z.object({
  id: z.uuid(),
  name: z.string(),
  tin: z.string().nullable(),
  website: z.string().nullable(),
  type: CompanyType,
  industryId: z.uuid().nullable(),
  size: z.string().nullable(),
  keyAccount: z.boolean(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  address: Address,
  description: z.string().nullable(),
  /** From the company register (enrichment): legal form, industry code (OKVED) and register status. */
  legalForm: z.string().nullable(),
  industryCode: z.string().nullable(),
  registerStatus: z.enum(['active', 'liquidated']).nullable(),
  active: z.boolean(),
  /** The company this one was merged into (a merged company is left out of lists). */
  mergedIntoId: z.uuid().nullable(),
  createdById: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Company = z.infer<typeof Company>;

const companyFields = {
  name: requiredText(300),
  /** Digits only after removing spaces; 9, 10 or 12 digits (checked by the server: `invalid_tin`). */
  tin: text(40).nullable(),
  /** A URL; `https://` is added when the scheme is missing. */
  website: text(500).nullable(),
  type: CompanyType,
  industryId: z.uuid().nullable(),
  size: text(100).nullable(),
  keyAccount: z.boolean(),
  emails: ContactPointsInput,
  phones: ContactPointsInput,
  address: AddressInput.nullable(),
  description: text(20000).nullable(),
  active: z.boolean(),
};

export const CompanyCreate = z.object(companyFields).partial().required({ name: true });
export type CompanyCreate = z.infer<typeof CompanyCreate>;
export const CompanyPatch = z.object(companyFields).partial();
export type CompanyPatch = z.infer<typeof CompanyPatch>;

export const CompanyListQuery = ListQuery.extend({
  /** Part of the name, or a TIN (exact). */
  q: text(200).optional(),
  type: CompanyType.optional(),
  active: QueryBool.optional(),
});
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;
