import { z } from 'zod';
import { ListQuery, QueryBool, Timestamp, requiredText, text } from './common';

export const MarketingList = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  marketingCampaignId: z.uuid().nullable(),
  active: z.boolean(),
  /** Every member, including leads the reader may not see. */
  memberCount: z.number().int(),
  createdById: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MarketingList = z.infer<typeof MarketingList>;

const fields = {
  name: requiredText(200),
  description: text(5000).nullable(),
  marketingCampaignId: z.uuid().nullable(),
  active: z.boolean(),
};
export const MarketingListCreate = z.object(fields).partial().required({ name: true });
export type MarketingListCreate = z.infer<typeof MarketingListCreate>;
export const MarketingListPatch = z.object(fields).partial();
export type MarketingListPatch = z.infer<typeof MarketingListPatch>;

export const MarketingListQuery = ListQuery.extend({
  q: text(200).optional(),
  active: QueryBool.optional(),
});
export type MarketingListQuery = z.infer<typeof MarketingListQuery>;

export const MarketingListMembersAdd = z.object({ leadIds: z.array(z.uuid()).min(1).max(500) });
export const MarketingListMembersAdded = z.object({ added: z.number().int(), memberCount: z.number().int() });
export const MarketingListMemberParams = z.object({ id: z.uuid(), leadId: z.uuid() });
