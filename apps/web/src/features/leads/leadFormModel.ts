import type { Lead, LeadCreate, Level, ProspectType } from '@leadline/contract';
import { qualificationFields } from '@leadline/contract';

/** The form's view of a lead: inputs hold text, the payload is built on submit. */
export interface LeadFormValues {
  name: string;
  sourceId: string | null;
  leadTypeId: string | null;
  description: string;
  customerRequirements: string;
  tags: string[];
  prospectType: ProspectType;
  leadCompanyName: string;
  newCompany: boolean;
  companyId: string | null;
  companyName: string;
  companyWebsite: string;
  companyTin: string;
  industryId: string | null;
  companySize: string;
  keyAccount: boolean;
  newContact: boolean;
  contactId: string | null;
  firstName: string;
  lastName: string;
  middleName: string;
  emails: string;
  phones: string;
  doNotEmail: boolean;
  doNotCall: boolean;
  jobTitle: string;
  department: string;
  address: { street: string; postalCode: string; city: string; region: string; country: string };
  salesDirectionId: string | null;
  productId: string | null;
  productLines: { productId: string | null; quantity: number | string; price: string }[];
  targetAmount: number | string;
  targetCurrency: string;
  probability: number | string;
  priority: Level;
  importance: Level;
  marketingCampaignId: string | null;
  contentChannel: string;
  externalClientId: string;
  partnershipAgreementId: string | null;
  partnerContactId: string | null;
  ownerId: string | null;
  unitId: string | null;
  agencyId: string | null;
  groupCompanyId: string | null;
  nurturing: boolean;
  score: number;
  categoryId: string | null;
  estimatedCompletionDays: number | string;
  expectedCompletionDate: string;
  goal: string;
  implementationOptions: string;
  procurementProcedure: string;
  decisionLevel: string;
  terms: string;
  decisionMaker: string;
  selectionCriteria: string;
  complianceWithCriteria: string;
  channel: string;
}

const s = (v: string | null | undefined) => v ?? '';

export function toFormValues(
  l: Lead | null,
  defaults: { ownerId?: string | null; currency?: string } = {},
): LeadFormValues {
  const q = Object.fromEntries(qualificationFields.map((f) => [f, s(l?.[f])])) as Pick<
    LeadFormValues,
    (typeof qualificationFields)[number]
  >;
  return {
    name: s(l?.name),
    sourceId: l?.sourceId ?? null,
    leadTypeId: l?.leadTypeId ?? null,
    description: s(l?.description),
    customerRequirements: s(l?.customerRequirements),
    tags: l?.tags ?? [],
    prospectType: l?.prospectType ?? 'company',
    leadCompanyName: s(l?.leadCompanyName),
    newCompany: l?.newCompany ?? false,
    companyId: l?.companyId ?? null,
    companyName: s(l?.companyName),
    companyWebsite: s(l?.companyWebsite),
    companyTin: s(l?.companyTin),
    industryId: l?.industryId ?? null,
    companySize: s(l?.companySize),
    keyAccount: l?.keyAccount ?? false,
    newContact: l?.newContact ?? false,
    contactId: l?.contactId ?? null,
    firstName: s(l?.firstName),
    lastName: s(l?.lastName),
    middleName: s(l?.middleName),
    emails: (l?.emails ?? []).join(', '),
    phones: (l?.phones ?? []).join(', '),
    doNotEmail: l?.doNotEmail ?? false,
    doNotCall: l?.doNotCall ?? false,
    jobTitle: s(l?.jobTitle),
    department: s(l?.department),
    address: {
      street: s(l?.address.street),
      postalCode: s(l?.address.postalCode),
      city: s(l?.address.city),
      region: s(l?.address.region),
      country: s(l?.address.country),
    },
    salesDirectionId: l?.salesDirectionId ?? null,
    productId: l?.productId ?? null,
    productLines: (l?.productLines ?? []).map((p) => ({
      productId: p.productId,
      quantity: p.quantity,
      price: p.price,
    })),
    targetAmount: l?.targetAmount ? l.targetAmount.amount : '',
    targetCurrency: l?.targetAmount?.currency ?? defaults.currency ?? 'EUR',
    probability: l?.probability ?? '',
    priority: l?.priority ?? 'normal',
    importance: l?.importance ?? 'normal',
    marketingCampaignId: l?.marketingCampaignId ?? null,
    contentChannel: s(l?.contentChannel),
    externalClientId: s(l?.externalClientId),
    partnershipAgreementId: l?.partnershipAgreementId ?? null,
    partnerContactId: l?.partnerContactId ?? null,
    ownerId: l ? l.ownerId : (defaults.ownerId ?? null),
    unitId: l?.unitId ?? null,
    agencyId: l?.agencyId ?? null,
    groupCompanyId: l?.groupCompanyId ?? null,
    nurturing: l?.nurturing ?? false,
    score: l?.score ?? 0,
    categoryId: l?.categoryId ?? null,
    estimatedCompletionDays: l?.estimatedCompletionDays ?? '',
    expectedCompletionDate: s(l?.expectedCompletionDate),
    ...q,
  };
}

const t = (v: string) => (v.trim() === '' ? null : v.trim());
const n = (v: number | string) => (v === '' || v === null ? null : Number(v));

/** Every field as the API takes it; fields hidden by the flags are left out. */
export function toPayload(v: LeadFormValues): LeadCreate {
  const p: LeadCreate = {
    name: t(v.name),
    sourceId: v.sourceId,
    leadTypeId: v.leadTypeId,
    description: t(v.description),
    customerRequirements: t(v.customerRequirements),
    tags: v.tags,
    prospectType: v.prospectType,
    leadCompanyName: t(v.leadCompanyName),
    newCompany: v.newCompany,
    newContact: v.newContact,
    jobTitle: t(v.jobTitle),
    department: t(v.department),
    address: {
      street: t(v.address.street),
      postalCode: t(v.address.postalCode),
      city: t(v.address.city),
      region: t(v.address.region),
      country: t(v.address.country),
    },
    salesDirectionId: v.salesDirectionId,
    productId: v.productId,
    productLines: v.productLines
      .filter((l) => l.productId)
      .map((l) => ({
        productId: l.productId!,
        quantity: l.quantity === '' ? 1 : Number(l.quantity),
        ...(l.price !== '' ? { price: String(l.price) } : {}),
      })),
    targetAmount:
      v.targetAmount === ''
        ? null
        : { amount: String(v.targetAmount), currency: v.targetCurrency || undefined },
    probability: n(v.probability),
    priority: v.priority,
    importance: v.importance,
    marketingCampaignId: v.marketingCampaignId,
    contentChannel: t(v.contentChannel),
    externalClientId: t(v.externalClientId),
    partnershipAgreementId: v.partnershipAgreementId,
    partnerContactId: v.partnerContactId,
    ownerId: v.ownerId,
    unitId: v.unitId,
    agencyId: v.agencyId,
    groupCompanyId: v.groupCompanyId,
    nurturing: v.nurturing,
    score: v.score || null,
    categoryId: v.categoryId,
    estimatedCompletionDays: n(v.estimatedCompletionDays),
    expectedCompletionDate: t(v.expectedCompletionDate),
    companyTin: t(v.companyTin),
    companyWebsite: t(v.companyWebsite),
  };
  for (const f of qualificationFields) p[f] = t(v[f]);
  if (v.newCompany) {
    Object.assign(p, {
      companyName: t(v.companyName),
      industryId: v.industryId,
      companySize: t(v.companySize),
      keyAccount: v.keyAccount,
    });
  } else {
    p.companyId = v.companyId;
  }
  if (v.newContact) {
    Object.assign(p, {
      firstName: t(v.firstName),
      lastName: t(v.lastName),
      middleName: t(v.middleName),
      emails: v.emails,
      phones: v.phones,
      doNotEmail: v.doNotEmail,
      doNotCall: v.doNotCall,
    });
  } else {
    p.contactId = v.contactId;
  }
  return p;
}

/** Only what changed since the form was opened, for a PATCH that does not overwrite others' changes. */
export function changedPayload(initial: LeadFormValues, current: LeadFormValues): Partial<LeadCreate> {
  const a = toPayload(initial) as Record<string, unknown>;
  const b = toPayload(current) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(b)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = b[k];
  return out as Partial<LeadCreate>;
}

/** Server field names that the form shows under another input. */
export const errorAliases: Record<string, string> = {
  'targetAmount.amount': 'targetAmount',
  'targetAmount.currency': 'targetCurrency',
};
