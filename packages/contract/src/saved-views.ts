import { z } from 'zod';
import { Timestamp, requiredText, text } from './common';

/** What a saved view of the lead list holds: the view, its filters, the sort and the visible columns. */
export const SavedViewDefinition = z.strictObject({
  view: text(50).optional(),
  /** Filter name to value, as the list's query string takes them. */
  filters: z
    .record(text(50), z.union([text(500), z.array(text(500)).max(20), z.number(), z.boolean(), z.null()]))
    .refine((r) => Object.keys(r).length <= 30, 'has more than 30 filters')
    .optional(),
  sort: text(200).optional(),
  columns: z.array(text(100)).max(100).optional(),
});
export type SavedViewDefinition = z.infer<typeof SavedViewDefinition>;

export const SavedView = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  name: z.string(),
  shared: z.boolean(),
  definition: SavedViewDefinition,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type SavedView = z.infer<typeof SavedView>;

export const SavedViewCreate = z.strictObject({
  name: requiredText(200),
  shared: z.boolean().default(false),
  definition: SavedViewDefinition,
});
export type SavedViewCreate = z.infer<typeof SavedViewCreate>;

export const SavedViewPatch = z.strictObject({
  name: requiredText(200).optional(),
  shared: z.boolean().optional(),
  definition: SavedViewDefinition.optional(),
});
export type SavedViewPatch = z.infer<typeof SavedViewPatch>;
