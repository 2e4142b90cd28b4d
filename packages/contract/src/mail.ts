import { z } from 'zod';
import { Timestamp } from './common';

/**
 * queued: waiting for the job; sending: a delivery is in progress; sent: handed to the SMTP server;
 * stored: kept in the built-in outbox because no SMTP server is configured; failed: every attempt failed
 * (see `error`).
 */
export const mailStatuses = ['queued', 'sent', 'stored', 'failed', 'sending'] as const;
export const MailStatus = z.enum(mailStatuses);
export type MailStatus = z.infer<typeof MailStatus>;

export const OutboxMessage = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  status: MailStatus,
  attempts: z.number().int(),
  error: z.string().nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export const OutboxListQuery = z.object({ status: MailStatus.optional() });
