import { z } from 'zod';
import { Address, AddressInput, ContactPointsInput } from './companies';
import { Color, DateOnly, FieldError, ListQuery, Phase, QueryBool, Timestamp, text } from './common';
import { ScoreReason } from './rules';

export const prospectTypes = ['company', 'person'] as const;
export const ProspectType = z.enum(prospectTypes);
export type ProspectType = z.infer<typeof ProspectType>;

export const levels = ['low', 'normal', 'high', 'urgent'] as const;
export const Level = z.enum(levels);
export type Level = z.infer<typeof Level>;

const decimal = (digits: number, max: number) =>
  z.union([
    z
      .string()
      .max(20)
      .regex(new RegExp(`^\\d{1,${digits}}(\\.\\d{1,3})?$`), 'must be a decimal number like 12.50'),
    z.number().finite().min(0).max(max),
  ]);

/** Money as the API writes it; a number amount is accepted and the currency defaults to the setting. */
export const MoneyInput = z.object({
  amount: z.union([
    z
      .string()
      .max(20)
      .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a decimal amount like 1250.00'),
    z.number().finite().min(0).max(9_999_999_999_999),
  ]),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code')
    .optional(),
});

export const ProductLineInput = z.object({
  productId: z.uuid(),
  quantity: decimal(9, 999_999_999).default(1),
  /** Defaults to the product's price. */
  price: decimal(13, 9_999_999_999_999).optional(),
});

export const ProductLine = z.object({
  productId: z.uuid(),
  quantity: z.number(),
  /** Decimal string, like money amounts. */
  price: z.string(),
});

const id = () => z.uuid().nullable();
const qualificationText = () => text(4000).nullable();

/** Every writable field of a lead. `*` fields are checked by the server so that one answer lists them all. */
export const leadWritableFields = {
  name: text(300).nullable(),
  sourceId: id(),
  leadTypeId: id(),
  /** Rich text; sanitised on save. */
  description: text(50_000).nullable(),
  customerRequirements: text(10_000).nullable(),
  /** Tag names; unknown names are created. */
  tags: z.array(text(100)).max(50).nullable(),
  prospectType: ProspectType,
  leadCompanyName: text(300).nullable(),
  newCompany: z.boolean(),
  companyId: id(),
  companyName: text(300).nullable(),
  companyWebsite: text(500).nullable(),
  /** Digits after removing spaces; 9, 10 or 12 digits (`invalid_tin`). */
  companyTin: text(40).nullable(),
  industryId: id(),
  companySize: text(100).nullable(),
  keyAccount: z.boolean(),
  newContact: z.boolean(),
  contactId: id(),
  firstName: text(200).nullable(),
  lastName: text(200).nullable(),
  middleName: text(200).nullable(),
  emails: ContactPointsInput,
  phones: ContactPointsInput,
  doNotEmail: z.boolean(),
  doNotCall: z.boolean(),
  jobTitle: text(200).nullable(),
  department: text(200).nullable(),
  address: AddressInput.nullable(),
  salesDirectionId: id(),
  productId: id(),
  productLines: z.array(ProductLineInput).max(200).nullable(),
  targetAmount: MoneyInput.nullable(),
  probability: z.number().int().min(0).max(100).nullable(),
  priority: Level,
  importance: Level,
  marketingCampaignId: id(),
  contentChannel: text(200).nullable(),
  externalClientId: text(200).nullable(),
  partnershipAgreementId: id(),
  /** Read-only: taken from the agreement. Sending a different value answers 422 `read_only`. */
  partnerCompanyId: id(),
  partnerContactId: id(),
  ownerId: id(),
  unitId: id(),
  agencyId: id(),
  groupCompanyId: id(),
  nurturing: z.boolean(),
  score: z.number().int().min(0).max(5).nullable(),
  categoryId: id(),
  estimatedCompletionDays: z.number().int().min(0).max(3650).nullable(),
  expectedCompletionDate: DateOnly.nullable(),
  goal: qualificationText(),
  implementationOptions: qualificationText(),
  procurementProcedure: qualificationText(),
  decisionLevel: qualificationText(),
  terms: qualificationText(),
  decisionMaker: qualificationText(),
  selectionCriteria: qualificationText(),
  complianceWithCriteria: qualificationText(),
  channel: qualificationText(),
};

export const LeadCreate = z.object(leadWritableFields).partial();
export type LeadCreate = z.infer<typeof LeadCreate>;
/**
 * Fields a lead shows but PATCH refuses (422 `read_only` when the value differs): they change only
 * through the actions (move, qualify, activate, ...), whose rules PATCH must not get round.
 */
export const leadPatchReadOnlyFields = ['statusId', 'phase', 'active'] as const;
const readOnlyInPatch = () =>
  z.unknown().describe('Read-only: a different value answers 422 `read_only`; use the lead actions.');
export const LeadPatch = z
  .object({
    ...leadWritableFields,
    statusId: readOnlyInPatch(),
    phase: readOnlyInPatch(),
    active: readOnlyInPatch(),
  })
  .partial();
export type LeadPatch = z.infer<typeof LeadPatch>;

export const Lead = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  sourceId: z.uuid(),
  leadTypeId: z.uuid().nullable(),
  description: z.string().nullable(),
  customerRequirements: z.string().nullable(),
  tags: z.array(z.string()),
  prospectType: ProspectType,
  leadCompanyName: z.string().nullable(),
  newCompany: z.boolean(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  companyWebsite: z.string().nullable(),
  companyTin: z.string().nullable(),
  industryId: z.uuid().nullable(),
  companySize: z.string().nullable(),
  keyAccount: z.boolean(),
  newContact: z.boolean(),
  contactId: z.uuid().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  middleName: z.string().nullable(),
  /** Lower-cased. */
  emails: z.array(z.string()),
  /** E.164. */
  phones: z.array(z.string()),
  doNotEmail: z.boolean(),
  doNotCall: z.boolean(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  address: Address,
  salesDirectionId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  productLines: z.array(ProductLine),
  targetAmount: z.object({ amount: z.string(), currency: z.string() }).nullable(),
  probability: z.number().int().nullable(),
  priority: Level,
  importance: Level,
  marketingCampaignId: z.uuid().nullable(),
  contentChannel: z.string().nullable(),
  externalClientId: z.string().nullable(),
  partnershipAgreementId: z.uuid().nullable(),
  partnerCompanyId: z.uuid().nullable(),
  partnerContactId: z.uuid().nullable(),
  statusId: z.uuid(),
  phase: Phase,
  ownerId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  agencyId: z.uuid().nullable(),
  groupCompanyId: z.uuid().nullable(),
  categoryId: z.uuid().nullable(),
  active: z.boolean(),
  nurturing: z.boolean(),
  score: z.number().int().nullable(),
  computedScore: z.number().int(),
  scoreReasons: z.array(ScoreReason),
  startDate: z.string(),
  estimatedCompletionDays: z.number().int().nullable(),
  expectedCompletionDate: z.string().nullable(),
  actualCompletedDate: z.string().nullable(),
  /** Open lead: days left until the expected completion date (0 once overdue); otherwise null. */
  timeToCompletionDays: z.number().int().nullable(),
  /** Open lead: days past the expected completion date; otherwise 0. */
  overdueDays: z.number().int(),
  lastEventAt: Timestamp.nullable(),
  nextEventAt: Timestamp.nullable(),
  goal: z.string().nullable(),
  implementationOptions: z.string().nullable(),
  procurementProcedure: z.string().nullable(),
  decisionLevel: z.string().nullable(),
  terms: z.string().nullable(),
  decisionMaker: z.string().nullable(),
  selectionCriteria: z.string().nullable(),
  complianceWithCriteria: z.string().nullable(),
  channel: z.string().nullable(),
  opportunityId: z.uuid().nullable(),
  convertedCompanyId: z.uuid().nullable(),
  convertedContactId: z.uuid().nullable(),
  disqualificationCodeId: z.uuid().nullable(),
  disqualificationReason: z.string().nullable(),
  lostReasonId: z.uuid().nullable(),
  dropReason: z.string().nullable(),
  mergedIntoId: z.uuid().nullable(),
  createdById: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Lead = z.infer<typeof Lead>;

/** A lead as a row of a list: the lead and the names it is shown with, read by the list query itself. */
export const LeadListItem = Lead.extend({
  /** The name of the existing company the lead is linked to (`companyId`), null without one. */
  linkedCompanyName: z.string().nullable(),
});
export type LeadListItem = z.infer<typeof LeadListItem>;

/** The API names of a lead's fields, as `fields=` takes them (a list row's names included). */
export const leadFieldNames = Object.keys(LeadListItem.shape) as (keyof LeadListItem & string)[];

/**
 * `fields=name,statusId,ownerId`: a sparse fieldset, the lead fields to send (comma-separated API names;
 * `id` is always sent). A name the lead does not have is refused, naming it.
 */
export const LeadFields = z
  .string()
  .max(4000)
  .transform((v, ctx) => {
    const names = [...new Set(v.split(',').map((n) => n.trim()))].filter(Boolean);
    const known = new Set<string>(leadFieldNames);
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown field name: ${unknown.join(', ')}` });
      return z.NEVER;
    }
    return names as (keyof LeadListItem & string)[];
  });
export const LeadFieldsQuery = z.object({ fields: LeadFields.optional() });

export const leadViews = ['my', 'open', 'closed', 'all', 'overdue', 'unassigned', 'inactive'] as const;
export const LeadView = z.enum(leadViews);
export type LeadView = z.infer<typeof LeadView>;

/** The columns a lead list can be sorted by (`sort=-updatedAt,name`); each is served by an index. */
export const leadSortKeys = [
  'updatedAt',
  'createdAt',
  'name',
  'number',
  'startDate',
  'expectedCompletionDate',
  'targetAmount',
  'probability',
  'score',
  'computedScore',
  'lastEventAt',
  'nextEventAt',
] as const;

const dateOrTime = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be a date (YYYY-MM-DD) or an ISO timestamp',
  });

export const LeadListQuery = ListQuery.extend({
  view: LeadView.default('all'),
  /** Full text over name, number, company, contact names, e-mails, phones and description. */
  q: text(200).optional(),
  statusId: z.uuid().optional(),
  /** Repeatable: `phase=new&phase=in_progress`. */
  phase: z
    .union([Phase, z.array(Phase).max(5)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  ownerId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  sourceId: z.uuid().optional(),
  /** A sales direction, or `none` for the leads without one. */
  salesDirectionId: z.union([z.uuid(), z.literal('none')]).optional(),
  /** A marketing campaign, or `none` for the leads without one. */
  marketingCampaignId: z.union([z.uuid(), z.literal('none')]).optional(),
  /** A tag name (case-insensitive). */
  tag: text(100).optional(),
  active: QueryBool.optional(),
  expectedCompletionBefore: DateOnly.optional(),
  /** The date the Overdue view compares with; today by default. */
  overdueBefore: DateOnly.optional(),
  createdFrom: dateOrTime.optional(),
  createdTo: dateOrTime.optional(),
  scoreMin: z.coerce.number().int().min(0).max(100).optional(),
  /** false: the "no next step" leads, with no open activity planned; true: those with one. */
  hasNextEvent: QueryBool.optional(),
  nextEventFrom: dateOrTime.optional(),
  nextEventTo: dateOrTime.optional(),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

/** Totals per status of the leads a list query selects (the Kanban column headers). */
export const LeadSummaryQuery = LeadListQuery.omit({
  limit: true,
  cursor: true,
  sort: true,
  count: true,
}).extend({
  groupBy: z.literal('statusId').default('statusId'),
});
export type LeadSummaryQuery = z.infer<typeof LeadSummaryQuery>;
/** A sum may outgrow one amount's digits, so the answer is not held to Money's input pattern. */
const MoneySum = z.object({ amount: z.string(), currency: z.string() });
export const LeadSummary = z.object({
  groups: z.array(
    z.object({
      statusId: z.uuid(),
      count: z.number().int(),
      /** The sum in the default currency when some lead of the status has it, else in the first other one. */
      targetAmountSum: MoneySum.nullable(),
      /** Every currency's sum, default currency first. */
      targetAmountSums: z.array(MoneySum),
    }),
  ),
});
export type LeadSummary = z.infer<typeof LeadSummary>;

export const LeadBatch = z.object({ items: z.array(z.unknown()).min(1).max(500) });
export const LeadBatchResult = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      status: z.number().int(),
      lead: Lead.optional(),
      errors: z.array(FieldError).optional(),
      detail: z.string().optional(),
    }),
  ),
});

export const CommentCreate = z.object({
  body: text(20_000)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'is required')),
  icon: text(50).nullable().optional(),
  color: Color.nullable().optional(),
});

export const timelineKinds = ['created', 'changed', 'comment'] as const;

export const TimelineItem = z.object({
  id: z.uuid(),
  at: Timestamp,
  /** created, changed, comment; later parts add status changes, actions, activities, messages... */
  kind: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  body: z.string().nullable(),
  icon: z.string().nullable(),
  color: z.string().nullable(),
  /** For actions: `{ action, params, ... }`. */
  payload: z.unknown(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
