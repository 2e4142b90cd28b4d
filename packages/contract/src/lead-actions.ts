import { z } from 'zod';
import { DateOnly, FieldError, text } from './common';
import { Lead, MoneyInput, leadWritableFields } from './leads';
import { qualificationFields } from './settings';
import { Opportunity } from './opportunities';

/** The actions of SPEC section 2, as named in `POST /api/v1/leads/{id}/actions/{action}`. */
export const leadActions = [
  'assign',
  'reassign',
  'take',
  'accept',
  'move',
  'qualify',
  'convert',
  'disqualify',
  'drop',
  'reopen',
  'activate',
  'deactivate',
  'add-to-marketing-list',
] as const;
export const LeadAction = z.enum(leadActions);
export type LeadAction = z.infer<typeof LeadAction>;

export const LeadActionParams = z.object({ id: z.uuid(), action: LeadAction });

/**
 * The Qualify form. Name defaults to the lead's name, Responsible to its owner and Selling direction to
 * its sales direction; the originating lead is always the qualified lead.
 */
export const QualifyOpportunity = z
  .object({
    name: text(300).nullable(),
    responsibleId: z.uuid().nullable(),
    city: text(200).nullable(),
    currentSituation: text(5000).nullable(),
    estimatedRevenue: MoneyInput.nullable(),
    estimatedCloseDate: DateOnly.nullable(),
    sellingDirectionId: z.uuid().nullable(),
    description: text(20000).nullable(),
  })
  .partial();
export type QualifyOpportunity = z.infer<typeof QualifyOpportunity>;

export const Conversion = z.object({
  company: z.enum(['none', 'new', 'existing']).default('none'),
  companyId: z.uuid().nullable().optional(),
  contact: z.enum(['none', 'new', 'existing']).default('none'),
  contactIds: z.array(z.uuid()).max(50).optional(),
});
export type Conversion = z.infer<typeof Conversion>;

export const AssignBody = z.object({ ownerId: z.uuid() });
export const EmptyBody = z.object({}).default({});
export const MoveBody = z.object({ statusId: z.uuid() });
/**
 * Qualification fields filled in the Qualify or Disqualify dialog: saved on the lead with the action, in
 * its transaction, before the mandatory ones are checked.
 */
export const QualificationValues = z
  .object(
    Object.fromEntries(qualificationFields.map((f) => [f, leadWritableFields[f]])) as {
      [K in (typeof qualificationFields)[number]]: (typeof leadWritableFields)[K];
    },
  )
  .partial();
export type QualificationValues = z.infer<typeof QualificationValues>;

export const QualifyBody = z.object({
  qualification: QualificationValues.optional(),
  opportunity: QualifyOpportunity.default({}),
  generateOpportunity: z.boolean().default(true),
  convert: Conversion.optional(),
});
export type QualifyBody = z.infer<typeof QualifyBody>;
export const DisqualifyBody = z.object({
  qualification: QualificationValues.optional(),
  codeId: z.uuid().nullable().optional(),
  reason: text(4000).nullable().optional(),
  /** Only used by a code that continues demand generation (it creates an opportunity). */
  opportunity: QualifyOpportunity.optional(),
});
export type DisqualifyBody = z.infer<typeof DisqualifyBody>;
export const DropBody = z.object({ reason: text(4000).nullable().optional() });
export const ReopenBody = z.object({ statusId: z.uuid() });
export const AddToMarketingListBody = z.object({ marketingListId: z.uuid() });

/** The body each action takes; the route validates the body against the action's schema. */
export const actionBodies = {
  assign: AssignBody,
  reassign: AssignBody,
  take: EmptyBody,
  accept: EmptyBody,
  move: MoveBody,
  qualify: QualifyBody,
  convert: QualifyBody,
  disqualify: DisqualifyBody,
  drop: DropBody,
  reopen: ReopenBody,
  activate: EmptyBody,
  deactivate: EmptyBody,
  'add-to-marketing-list': AddToMarketingListBody,
} as const satisfies Record<LeadAction, z.ZodType>;

/** The updated lead; `opportunity` is present when the action created one. */
export const LeadActionResult = Lead.extend({ opportunity: Opportunity.optional() });
export type LeadActionResult = z.infer<typeof LeadActionResult>;

export const LeadBulkBody = z.object({
  ids: z.array(z.uuid()).min(1).max(500),
  action: LeadAction,
  params: z.record(z.string(), z.unknown()).default({}),
});
export type LeadBulkBody = z.infer<typeof LeadBulkBody>;

export const LeadBulkResult = z.object({
  results: z.array(
    z.object({
      id: z.uuid(),
      /** The HTTP status this id alone would have answered. */
      status: z.number().int(),
      lead: LeadActionResult.optional(),
      error: z
        .object({ code: z.string(), message: z.string(), errors: z.array(FieldError).optional() })
        .optional(),
    }),
  ),
});
export type LeadBulkResult = z.infer<typeof LeadBulkResult>;
