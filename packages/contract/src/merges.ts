import { z } from 'zod';
import { Company } from './companies';
import { Contact } from './contacts';
import { Lead } from './leads';

/** Lead fields whose value a merge can take from any of the merged leads. */
export const mergeableLeadFields = [
  'name',
  'sourceId',
  'leadTypeId',
  'description',
  'customerRequirements',
  'prospectType',
  'leadCompanyName',
  'companyId',
  'companyName',
  'companyWebsite',
  'companyTin',
  'industryId',
  'companySize',
  'keyAccount',
  'contactId',
  'firstName',
  'lastName',
  'middleName',
  'emails',
  'phones',
  'doNotEmail',
  'doNotCall',
  'jobTitle',
  'department',
  'address',
  'salesDirectionId',
  'productId',
  'targetAmount',
  'probability',
  'priority',
  'importance',
  'marketingCampaignId',
  'contentChannel',
  'externalClientId',
  'ownerId',
  'unitId',
  'agencyId',
  'groupCompanyId',
  'nurturing',
  'score',
  'categoryId',
  'expectedCompletionDate',
  'goal',
  'implementationOptions',
  'procurementProcedure',
  'decisionLevel',
  'terms',
  'decisionMaker',
  'selectionCriteria',
  'complianceWithCriteria',
  'channel',
] as const;
export type MergeableLeadField = (typeof mergeableLeadFields)[number];

export const LeadMerge = z.object({
  keepId: z.uuid(),
  mergeIds: z.array(z.uuid()).min(1).max(50),
  /** For each field to take from another lead: that lead's id (the kept lead's own value otherwise). */
  fields: z.partialRecord(z.enum(mergeableLeadFields), z.uuid()).default({}),
});
export type LeadMerge = z.infer<typeof LeadMerge>;

export const LeadMergeResult = z.object({ mergeId: z.uuid(), lead: Lead });

/** Contact fields whose value a merge can take from any of the merged contacts. */
export const mergeableContactFields = [
  'firstName',
  'lastName',
  'middleName',
  'emails',
  'phones',
  'companyId',
  'jobTitle',
  'department',
  'doNotEmail',
  'doNotCall',
  'address',
  'active',
] as const;
export type MergeableContactField = (typeof mergeableContactFields)[number];

/** Company fields whose value a merge can take from any of the merged companies. */
export const mergeableCompanyFields = [
  'name',
  'tin',
  'website',
  'type',
  'industryId',
  'size',
  'keyAccount',
  'emails',
  'phones',
  'address',
  'description',
  'legalForm',
  'industryCode',
  'registerStatus',
  'active',
] as const;
export type MergeableCompanyField = (typeof mergeableCompanyFields)[number];

const recordMerge = <F extends readonly [string, ...string[]]>(fields: F) =>
  z.object({
    keepId: z.uuid(),
    mergeIds: z.array(z.uuid()).min(1).max(50),
    /** For each field to take from another record: that record's id (the kept record's own otherwise). */
    fields: z.partialRecord(z.enum(fields), z.uuid()).default({}),
  });
export const ContactMerge = recordMerge(mergeableContactFields);
export type ContactMerge = z.infer<typeof ContactMerge>;
export const CompanyMerge = recordMerge(mergeableCompanyFields);
export type CompanyMerge = z.infer<typeof CompanyMerge>;

export const ContactMergeResult = z.object({ mergeId: z.uuid(), contact: Contact });
export const CompanyMergeResult = z.object({ mergeId: z.uuid(), company: Company });

/**
 * The answer to an undo: the kept record (`lead`, `contact` or `company`, as the merge was of) and the
 * ids of the records restored (`restoredIds`; for leads also as `restoredLeadIds`).
 */
export const MergeUndoResult = z.object({
  mergeId: z.uuid(),
  lead: Lead.optional(),
  restoredLeadIds: z.array(z.uuid()).optional(),
  contact: Contact.optional(),
  company: Company.optional(),
  restoredIds: z.array(z.uuid()),
});
