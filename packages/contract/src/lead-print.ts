import { z } from 'zod';
import { Timestamp } from './common';

/** Up to this many leads are printed in the request; more run as a job with progress. */
export const leadPrintDirectMax = 50;
/** The most leads one bulk print takes. */
export const leadPrintMax = 1000;

export const LeadPrintFormat = z.enum(['zip', 'pdf']);
export type LeadPrintFormat = z.infer<typeof LeadPrintFormat>;

/** `POST /api/v1/leads/report`: the selected leads as a ZIP of one PDF each, or as one PDF. */
export const LeadPrintBody = z.object({
  ids: z.array(z.uuid()).min(1).max(leadPrintMax),
  format: LeadPrintFormat.default('zip'),
});
export type LeadPrintBody = z.infer<typeof LeadPrintBody>;

/**
 * A bulk print running as a job. `refusedIds` are the leads left out because the user may not see
 * them (or they are gone); `downloadUrl` is set once the file is ready.
 */
export const LeadPrintJob = z.object({
  id: z.uuid(),
  format: LeadPrintFormat,
  state: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  refusedIds: z.array(z.uuid()),
  error: z.string().nullable(),
  downloadUrl: z.string().nullable(),
  size: z.number().int().nullable(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type LeadPrintJob = z.infer<typeof LeadPrintJob>;
