import { z } from 'zod';
import { FieldError, ListQuery, Timestamp, text } from './common';
import { LeadCreate, LeadListQuery, leadWritableFields } from './leads';

/**
 * The columns a lead export can hold, in the order a full export lists them, with the header label
 * of each. The web's column chooser offers the same list.
 */
export const leadExportColumns = {
  number: 'Number',
  name: 'Name',
  status: 'Status',
  phase: 'Phase',
  source: 'Lead source',
  leadType: 'Lead type',
  owner: 'Owner',
  unit: 'Unit',
  prospectType: 'Prospect type',
  leadCompanyName: 'Lead company name',
  companyName: 'Company name',
  companyTin: 'Company TIN',
  companyWebsite: 'Company website',
  companySize: 'Company size',
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  emails: 'Emails',
  phones: 'Phones',
  jobTitle: 'Job title',
  department: 'Department',
  street: 'Street',
  postalCode: 'Postal code',
  city: 'City',
  region: 'Region',
  country: 'Country',
  salesDirection: 'Sales direction',
  product: 'Service/Product',
  targetAmount: 'Target amount',
  currency: 'Currency',
  probability: 'Probability to win',
  priority: 'Priority',
  importance: 'Importance',
  marketingCampaign: 'Marketing campaign',
  contentChannel: 'Content distribution channel',
  externalClientId: 'External client ID',
  tags: 'Tags',
  score: 'Score',
  computedScore: 'Computed score',
  active: 'Active',
  nurturing: 'Nurturing',
  startDate: 'Start date',
  expectedCompletionDate: 'Expected completion date',
  actualCompletedDate: 'Actual completed date',
  overdueDays: 'Time overdue (days)',
  lastEventAt: 'Last event date',
  nextEventAt: 'Next scheduled event date',
  customerRequirements: 'Customer requirements',
  description: 'Description',
  disqualificationReason: 'Disqualification reason',
  createdAt: 'Created',
  updatedAt: 'Updated',
  id: 'ID',
} as const;
export type LeadExportColumn = keyof typeof leadExportColumns;
export const leadExportColumnKeys = Object.keys(leadExportColumns) as LeadExportColumn[];

/** What an export holds when no `columns` are given: what a person reads a lead list for. */
export const defaultLeadExportColumns: LeadExportColumn[] = [
  'number',
  'name',
  'status',
  'source',
  'owner',
  'unit',
  'companyName',
  'leadCompanyName',
  'firstName',
  'lastName',
  'emails',
  'phones',
  'salesDirection',
  'targetAmount',
  'currency',
  'expectedCompletionDate',
  'createdAt',
];

/** Comma-separated or repeated query values, as one list. */
const listParam = (max: number, itemMax: number) =>
  z.union([text(itemMax * max), z.array(text(itemMax)).max(max)]).transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** The lead list's filters, view and sort, plus the columns and optionally the selected leads. */
export const LeadExportQuery = LeadListQuery.omit({ limit: true, cursor: true, count: true }).extend({
  /** Column keys of `leadExportColumns`, in the order wanted (`columns=number,name,owner`). */
  columns: listParam(leadExportColumnKeys.length, 40)
    .pipe(z.array(z.enum(leadExportColumnKeys as [LeadExportColumn, ...LeadExportColumn[]])).max(100))
    .optional(),
  /** Only these leads (the list's selection), still within the filters and what the user may see. */
  ids: listParam(5000, 36).pipe(z.array(z.uuid()).max(5000)).optional(),
});
export type LeadExportQuery = z.infer<typeof LeadExportQuery>;

/** The lead fields a prospect may fill in on a public web form. */
export const webFormFieldKeys = [
  'firstName',
  'lastName',
  'middleName',
  'emails',
  'phones',
  'jobTitle',
  'department',
  'leadCompanyName',
  'companyWebsite',
  'companyTin',
  'customerRequirements',
  'description',
  'street',
  'postalCode',
  'city',
  'region',
  'country',
] as const;
export type WebFormFieldKey = (typeof webFormFieldKeys)[number];

/** The label a form field has when the administrator gives none. */
export const webFormFieldLabels: Record<WebFormFieldKey, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  middleName: 'Middle name',
  emails: 'E-mail',
  phones: 'Phone',
  jobTitle: 'Job title',
  department: 'Department',
  leadCompanyName: 'Company',
  companyWebsite: 'Company website',
  companyTin: 'Company TIN',
  customerRequirements: 'What do you need?',
  description: 'Message',
  street: 'Street',
  postalCode: 'Postal code',
  city: 'City',
  region: 'Region',
  country: 'Country',
};

/** The longest value a form field takes (a message is longer than a name). */
export const webFormFieldMaxLength = (key: WebFormFieldKey) =>
  key === 'description' || key === 'customerRequirements' ? 5000 : 300;

export const slugPattern = /^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$/;

export const WebFormField = z.object({
  key: z.enum(webFormFieldKeys),
  label: text(200).nullable().optional(),
  required: z.boolean().default(false),
});
export type WebFormField = z.infer<typeof WebFormField>;

const origin = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin like https://www.example.com')
  .transform((s) => s.toLowerCase());
const webUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/\S+$/i, 'must be an http or https address');
const uuidOrNull = () => z.uuid().nullable();

const webFormFields = {
  name: text(200)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'is required')),
  slug: z.string().max(80).regex(slugPattern, 'lower-case letters, digits and dashes, like contact-us'),
  fields: z
    .array(WebFormField)
    .min(1)
    .max(webFormFieldKeys.length)
    .refine((f) => new Set(f.map((x) => x.key)).size === f.length, 'each field only once'),
  sourceId: uuidOrNull(),
  salesDirectionId: uuidOrNull(),
  ownerId: uuidOrNull(),
  unitId: uuidOrNull(),
  marketingCampaignId: uuidOrNull(),
  thankYou: text(2000).nullable(),
  redirectUrl: webUrl.nullable(),
  consentText: text(5000).nullable(),
  allowedOrigins: z.array(origin).max(20),
  active: z.boolean(),
};
export const WebFormCreate = z
  .object(webFormFields)
  .partial()
  .required({ name: true, slug: true, fields: true });
export type WebFormCreate = z.infer<typeof WebFormCreate>;
export const WebFormPatch = z.object(webFormFields).partial();
export type WebFormPatch = z.infer<typeof WebFormPatch>;

export const WebForm = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  fields: z.array(
    z.object({ key: z.enum(webFormFieldKeys), label: z.string().nullable(), required: z.boolean() }),
  ),
  sourceId: z.uuid().nullable(),
  salesDirectionId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  marketingCampaignId: z.uuid().nullable(),
  thankYou: z.string().nullable(),
  redirectUrl: z.string().nullable(),
  consentText: z.string().nullable(),
  /** Grows by one each time the consent text changes. */
  consentVersion: z.number().int(),
  allowedOrigins: z.array(z.string()),
  active: z.boolean(),
  /** The page's path on this server: `/forms/{slug}`. */
  path: z.string(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebForm = z.infer<typeof WebForm>;

export const intakeStates = ['received', 'done', 'failed'] as const;
export const IntakeState = z.enum(intakeStates);

export const IntakeListQuery = ListQuery.extend({
  state: IntakeState.optional(),
  formId: z.uuid().optional(),
});
export type IntakeListQuery = z.infer<typeof IntakeListQuery>;

export const IntakeSubmission = z.object({
  id: z.uuid(),
  formId: z.uuid(),
  formName: z.string(),
  state: IntakeState,
  /** The fields as they were sent. */
  payload: z.record(z.string(), z.string()),
  /** Lead fields set by an administrator; they win over the form's defaults and the payload. */
  corrections: z.record(z.string(), z.unknown()),
  /** `disposable_email` when an address is at a throw-away mail domain. */
  flags: z.array(z.string()),
  /** Why the lead rules refused it, when `failed`. */
  errors: z.array(FieldError).nullable(),
  attempts: z.number().int(),
  leadId: z.uuid().nullable(),
  consentText: z.string().nullable(),
  consentVersion: z.number().int().nullable(),
  consentGivenAt: Timestamp.nullable(),
  remoteAddress: z.string().nullable(),
  receivedAt: Timestamp,
  processedAt: Timestamp.nullable(),
  version: z.number().int(),
});
export type IntakeSubmission = z.infer<typeof IntakeSubmission>;

/** An administrator's repair of a refused submission: lead fields, checked again on retry. */
export const IntakePatch = z.object({ corrections: LeadCreate });
export type IntakePatch = z.infer<typeof IntakePatch>;

/** The lead fields a column of an imported file can fill (address parts as `address.city`...). */
export const importTargets = [
  ...(Object.keys(leadWritableFields) as (keyof typeof leadWritableFields)[]).filter(
    (k) => k !== 'productLines' && k !== 'address' && k !== 'partnerCompanyId',
  ),
  'address.street',
  'address.postalCode',
  'address.city',
  'address.region',
  'address.country',
] as const;
export type ImportTarget = (typeof importTargets)[number];

export const duplicatePolicies = ['skip', 'update', 'create'] as const;
export const importModes = ['all-or-nothing', 'keep-good-rows'] as const;
export const importStates = ['queued', 'running', 'done', 'failed'] as const;

/** The options of `POST /api/v1/imports`, sent as multipart fields beside `file` (JSON in text fields). */
export const ImportOptions = z.object({
  /** `{ "<column header>": "<lead field>" }`; columns not named are ignored. */
  mapping: z
    .record(text(200), z.enum(importTargets as unknown as [ImportTarget, ...ImportTarget[]]))
    .refine((m) => Object.keys(m).length > 0, 'map at least one column'),
  /** Lead fields applied to every row (a row's own value wins). */
  defaults: LeadCreate.default({}),
  duplicatePolicy: z.enum(duplicatePolicies).default('skip'),
  mode: z.enum(importModes).default('keep-good-rows'),
  dryRun: z.boolean().default(false),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export const ImportStatus = z.object({
  id: z.uuid(),
  state: z.enum(importStates),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  duplicatePolicy: z.enum(duplicatePolicies),
  mode: z.enum(importModes),
  dryRun: z.boolean(),
  /** Data rows of the file, once it has been read to the end. */
  total: z.number().int().nullable(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  rowsPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  cancelled: z.boolean(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
});
export type ImportStatus = z.infer<typeof ImportStatus>;

/** The headers of a file (`header=Name&header=E-mail`), to look up the mapping remembered for them. */
export const ImportMappingQuery = z.object({
  header: z
    .union([text(200), z.array(text(200)).max(500)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string()).min(1, 'give the headers of the file')),
});
export type ImportMappingQuery = z.infer<typeof ImportMappingQuery>;

/** The options a user last chose for a file with the same set of headers (null fields when none). */
export const ImportMapping = z.object({
  headers: z.array(z.string()),
  mapping: ImportOptions.shape.mapping.nullable(),
  defaults: z.record(z.string(), z.unknown()).nullable(),
  duplicatePolicy: z.enum(duplicatePolicies).nullable(),
  mode: z.enum(importModes).nullable(),
  updatedAt: Timestamp.nullable(),
});
export type ImportMapping = z.infer<typeof ImportMapping>;
