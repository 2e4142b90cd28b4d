import { z } from 'zod';
import { DateOnly, Money, Timestamp, requiredText, text } from './common';

export const OpportunityStage = z.enum(['open', 'won', 'lost']);

export const OpportunityLine = z.object({
  productId: z.uuid(),
  quantity: z
    .union([z.number(), z.string().regex(/^\d{1,9}(\.\d{1,3})?$/)])
    .transform(String)
    .pipe(z.string().refine((v) => Number(v) > 0, 'must be more than 0')),
  price: z.union([z.number().min(0), z.string().regex(/^\d{1,13}(\.\d{1,2})?$/)]).transform(String),
});

export const Opportunity = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  responsibleId: z.uuid(),
  city: z.string().nullable(),
  currentSituation: z.string().nullable(),
  estimatedRevenue: Money.nullable(),
  estimatedCloseDate: z.string().nullable(),
  sellingDirectionId: z.uuid().nullable(),
  originatingLeadId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  description: z.string().nullable(),
  lines: z.array(z.object({ productId: z.uuid(), quantity: z.string(), price: z.string() })),
  stage: OpportunityStage,
  closedAt: Timestamp.nullable(),
  createdById: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Opportunity = z.infer<typeof Opportunity>;

const opportunityFields = {
  name: requiredText(300),
  responsibleId: z.uuid(),
  city: text(200).nullable(),
  currentSituation: text(5000).nullable(),
  estimatedRevenue: Money.nullable(),
  estimatedCloseDate: DateOnly.nullable(),
  sellingDirectionId: z.uuid().nullable(),
  originatingLeadId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  description: text(20000).nullable(),
  lines: z.array(OpportunityLine).max(200),
  stage: OpportunityStage,
};

export const OpportunityCreate = z
  .object(opportunityFields)
  .partial()
  .required({ name: true, responsibleId: true });
export type OpportunityCreate = z.infer<typeof OpportunityCreate>;
export const OpportunityPatch = z.object(opportunityFields).partial();
export type OpportunityPatch = z.infer<typeof OpportunityPatch>;

export const OpportunityListQuery = z.object({
  q: text(200).optional(),
  stage: OpportunityStage.optional(),
  responsibleId: z.uuid().optional(),
  companyId: z.uuid().optional(),
  originatingLeadId: z.uuid().optional(),
});

/** The kinds of entry in an opportunity's history. */
export const opportunityHistoryKinds = ['created', 'changed'] as const;

/** One entry of an opportunity's history: its creation, or the change of one field (old and new value). */
export const OpportunityHistoryItem = z.object({
  id: z.uuid(),
  at: Timestamp,
  kind: z.enum(opportunityHistoryKinds),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
});
export type OpportunityHistoryItem = z.infer<typeof OpportunityHistoryItem>;
