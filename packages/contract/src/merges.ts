import { z } from 'zod';
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

export const MergeUndoResult = z.object({
  mergeId: z.uuid(),
  lead: Lead,
  restoredLeadIds: z.array(z.uuid()),
});
