import { z } from 'zod';
import { Address } from './companies';

/** A company as the register (DaData) describes it. */
export const CompanyEnrichment = z.object({
  name: z.string(),
  tin: z.string().nullable(),
  /** The legal form's short name (LLC, OOO, PAO...). */
  legalForm: z.string().nullable(),
  address: Address,
  /** The main industry code (OKVED). */
  industryCode: z.string().nullable(),
  status: z.enum(['active', 'liquidated']),
});
export type CompanyEnrichment = z.infer<typeof CompanyEnrichment>;

export const EnrichmentQuery = z
  .object({
    tin: z
      .string()
      .trim()
      .regex(/^([0-9]{9}|[0-9]{10}|[0-9]{12})$/, 'must be 9, 10 or 12 digits')
      .optional(),
    email: z.email().max(254).optional(),
  })
  .refine((q) => q.tin || q.email, { message: 'give a tin or an email', path: ['tin'] });

/** What the register found: `company` is null when it knows none, or when it could not be asked. */
export const EnrichmentResult = z.object({ company: CompanyEnrichment.nullable() });
export type EnrichmentResult = z.infer<typeof EnrichmentResult>;
