import { z } from 'zod';
import { DateOnly, Money, Timestamp, requiredText, text } from './common';

const record = { id: z.uuid(), version: z.number().int(), createdAt: Timestamp, updatedAt: Timestamp };

export const Product = z.object({
  ...record,
  name: z.string(),
  code: z.string().nullable(),
  description: z.string().nullable(),
  /** `{ "amount": "1250.00", "currency": "EUR" }`, or null when the product has no list price. */
  price: Money.nullable(),
  active: z.boolean(),
});
export type Product = z.infer<typeof Product>;
const productFields = {
  name: requiredText(200),
  code: text(100).nullable(),
  description: text(5000).nullable(),
  price: Money.nullable(),
  active: z.boolean(),
};
export const ProductCreate = z.object(productFields).partial().required({ name: true });
export const ProductPatch = z.object(productFields).partial();

export const SalesDirection = z.object({
  ...record,
  name: z.string(),
  description: z.string().nullable(),
  productIds: z.array(z.uuid()),
  position: z.number().int(),
  active: z.boolean(),
});
export type SalesDirection = z.infer<typeof SalesDirection>;
const salesDirectionFields = {
  name: requiredText(200),
  description: text(5000).nullable(),
  productIds: z.array(z.uuid()).max(1000),
  position: z.number().int().min(0).max(1_000_000),
  active: z.boolean(),
};
export const SalesDirectionCreate = z.object(salesDirectionFields).partial().required({ name: true });
export const SalesDirectionPatch = z.object(salesDirectionFields).partial();

export const PartnershipProgram = z.object({
  ...record,
  name: z.string(),
  description: z.string().nullable(),
  salesDirectionIds: z.array(z.uuid()),
  productIds: z.array(z.uuid()),
  active: z.boolean(),
});
export type PartnershipProgram = z.infer<typeof PartnershipProgram>;
const programFields = {
  name: requiredText(200),
  description: text(5000).nullable(),
  salesDirectionIds: z.array(z.uuid()).max(1000),
  productIds: z.array(z.uuid()).max(1000),
  active: z.boolean(),
};
export const PartnershipProgramCreate = z.object(programFields).partial().required({ name: true });
export const PartnershipProgramPatch = z.object(programFields).partial();

export const PartnershipAgreement = z.object({
  ...record,
  number: z.string(),
  partnerCompanyId: z.uuid(),
  programId: z.uuid(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  active: z.boolean(),
});
export type PartnershipAgreement = z.infer<typeof PartnershipAgreement>;
const agreementFields = {
  number: requiredText(100),
  /** Any company; its type is not changed by the agreement. */
  partnerCompanyId: z.uuid(),
  programId: z.uuid(),
  validFrom: DateOnly.nullable(),
  validTo: DateOnly.nullable(),
  active: z.boolean(),
};
export const PartnershipAgreementCreate = z
  .object(agreementFields)
  .partial()
  .required({ number: true, partnerCompanyId: true, programId: true });
export const PartnershipAgreementPatch = z.object(agreementFields).partial();
