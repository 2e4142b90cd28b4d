import { z } from 'zod';
import { Color, Phase, Timestamp, requiredText } from './common';

export const LeadStatus = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string(),
  phase: Phase,
  position: z.number().int(),
  active: z.boolean(),
  /** Whether any lead has this status: a status in use cannot be deleted, only retired. */
  inUse: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type LeadStatus = z.infer<typeof LeadStatus>;

export const LeadStatusCreate = z.object({
  name: requiredText(100),
  color: Color.default('#868e96'),
  phase: Phase,
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().default(true),
});
export const LeadStatusPatch = z
  .object({
    name: requiredText(100),
    color: Color,
    phase: Phase,
    position: z.number().int().min(0).max(10_000),
    active: z.boolean(),
  })
  .partial();
export const LeadStatusReorder = z.object({ ids: z.array(z.uuid()).min(1).max(200) });
export const ActiveFilter = z.object({ active: z.enum(['true', 'false']).optional() });

export const DisqualificationCode = z.object({
  id: z.uuid(),
  name: z.string(),
  /** "Continues demand generation": disqualifying with this code also creates an opportunity. */
  createsOpportunity: z.boolean(),
  position: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type DisqualificationCode = z.infer<typeof DisqualificationCode>;
export const DisqualificationCodeCreate = z.object({
  name: requiredText(200),
  createsOpportunity: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().default(true),
});
export const DisqualificationCodePatch = z
  .object({
    name: requiredText(200),
    createsOpportunity: z.boolean(),
    position: z.number().int().min(0).max(10_000),
    active: z.boolean(),
  })
  .partial();
