import type { Lead } from '@leadline/contract';

/**
 * Every scalar lead field, once, with how a save treats it. The column is the snake_case of the name;
 * the list of stored, copied, trimmed and checked fields all derive from this table, so a new field is
 * one line here (see docs/architecture.md, "Adding a lead field").
 * - `text`: trimmed, empty means not set;
 * - `plain`: copied as given (ids, flags, enums, numbers, dates); null means back to the default;
 * - `own`: has its own rule on save (rich text, TIN, website, e-mails, phones, read-only);
 * - `ref`: the table a reference points to, checked before a save so that the answer names the field.
 */
type FieldSpec = { kind: 'text' | 'plain' | 'own'; ref?: string };

export const leadFields = {
  name: { kind: 'text' },
  sourceId: { kind: 'plain', ref: 'lead_sources' },
  leadTypeId: { kind: 'plain', ref: 'lead_types' },
  description: { kind: 'own' },
  customerRequirements: { kind: 'text' },
  prospectType: { kind: 'plain' },
  leadCompanyName: { kind: 'text' },
  newCompany: { kind: 'plain' },
  companyId: { kind: 'plain', ref: 'companies' },
  companyName: { kind: 'text' },
  companyWebsite: { kind: 'own' },
  companyTin: { kind: 'own' },
  industryId: { kind: 'plain', ref: 'industries' },
  companySize: { kind: 'text' },
  keyAccount: { kind: 'plain' },
  newContact: { kind: 'plain' },
  contactId: { kind: 'plain', ref: 'contacts' },
  firstName: { kind: 'text' },
  lastName: { kind: 'text' },
  middleName: { kind: 'text' },
  emails: { kind: 'own' },
  phones: { kind: 'own' },
  doNotEmail: { kind: 'plain' },
  doNotCall: { kind: 'plain' },
  jobTitle: { kind: 'text' },
  department: { kind: 'text' },
  salesDirectionId: { kind: 'plain', ref: 'sales_directions' },
  productId: { kind: 'plain', ref: 'products' },
  probability: { kind: 'plain' },
  priority: { kind: 'plain' },
  importance: { kind: 'plain' },
  marketingCampaignId: { kind: 'plain', ref: 'marketing_campaigns' },
  contentChannel: { kind: 'text' },
  externalClientId: { kind: 'text' },
  partnershipAgreementId: { kind: 'plain', ref: 'partnership_agreements' },
  partnerCompanyId: { kind: 'own' },
  partnerContactId: { kind: 'plain', ref: 'contacts' },
  ownerId: { kind: 'plain', ref: 'users' },
  unitId: { kind: 'plain', ref: 'units' },
  agencyId: { kind: 'plain', ref: 'agencies' },
  groupCompanyId: { kind: 'plain', ref: 'group_companies' },
  nurturing: { kind: 'plain' },
  score: { kind: 'plain' },
  categoryId: { kind: 'plain', ref: 'categories' },
  estimatedCompletionDays: { kind: 'plain' },
  expectedCompletionDate: { kind: 'plain' },
  goal: { kind: 'text' },
  implementationOptions: { kind: 'text' },
  procurementProcedure: { kind: 'text' },
  decisionLevel: { kind: 'text' },
  terms: { kind: 'text' },
  decisionMaker: { kind: 'text' },
  selectionCriteria: { kind: 'text' },
  complianceWithCriteria: { kind: 'text' },
  channel: { kind: 'text' },
  // Changed only by the Activate and Deactivate actions.
  active: { kind: 'own' },
} as const satisfies Partial<Record<keyof Lead, FieldSpec>>;

export type ScalarField = keyof typeof leadFields;
type FieldsOf<K extends FieldSpec['kind']> = {
  [F in ScalarField]: (typeof leadFields)[F]['kind'] extends K ? F : never;
}[ScalarField];
export type TextField = FieldsOf<'text'>;
export type PlainField = FieldsOf<'plain'>;

const names = Object.keys(leadFields) as ScalarField[];
const ofKind = <K extends FieldSpec['kind']>(kind: K) =>
  names.filter((f): f is FieldsOf<K> => leadFields[f].kind === kind);

/** Scalar lead fields in column order. */
export const scalarFields: readonly ScalarField[] = names;
export const textFields: readonly TextField[] = ofKind('text');
export const plainFields: readonly PlainField[] = ofKind('plain');

/** Reference fields and the tables they point to. */
export const referenceTables: Readonly<Partial<Record<ScalarField, string>>> = Object.fromEntries(
  names.flatMap((f) => {
    const spec: FieldSpec = leadFields[f];
    return spec.ref ? [[f, spec.ref]] : [];
  }),
);

export const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What a save writes: the scalar fields plus address, money, lines and tags. */
export type LeadValues = Pick<Lead, ScalarField | 'address' | 'targetAmount' | 'productLines' | 'tags'>;

/** The fields whose changes the history records, in the order the timeline lists them. */
export const trackedFields = [...scalarFields, 'address', 'targetAmount', 'productLines', 'tags'] as const;
