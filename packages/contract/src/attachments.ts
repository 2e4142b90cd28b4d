import { z } from 'zod';
import { Timestamp } from './common';

/** A file kept on a lead. `contentType` is what the bytes are (sniffed), not what the uploader said. */
export const Attachment = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  createdById: z.uuid().nullable(),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;

/** The largest attachment by default (the setting `attachmentMaxBytes`): 25 MB. */
export const defaultAttachmentMaxBytes = 25 * 1024 * 1024;
