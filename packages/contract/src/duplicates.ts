import { z } from 'zod';
import { Timestamp } from './common';
import { Lead } from './leads';

/** One field's part in a duplicate score: "same e-mail +8.1", "name 0.92 similar +4.3". */
export const DuplicateReason = z.object({
  field: z.enum(['email', 'phone', 'companyTin', 'companyName', 'personName']),
  /** `same`, `similar` (with `similarity`) or `different`. */
  kind: z.enum(['same', 'similar', 'different']),
  similarity: z.number().nullable(),
  weight: z.number(),
  text: z.string(),
});
export type DuplicateReason = z.infer<typeof DuplicateReason>;

export const DuplicateCandidate = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  score: z.number(),
  reasons: z.array(DuplicateReason),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const DuplicateCandidates = z.object({ items: z.array(DuplicateCandidate) });

/** A likely duplicate contact or company (they have no number). */
export const RecordDuplicateCandidate = DuplicateCandidate.omit({ number: true });
export const RecordDuplicateCandidates = z.object({ items: z.array(RecordDuplicateCandidate) });

/** Lead fields a duplicate scan can group by; a group's leads agree on every chosen field. */
export const duplicateGroupFields = [
  'name',
  'emails',
  'phones',
  'companyName',
  'companyTin',
  'firstName',
  'lastName',
  'personName',
] as const;

export const DuplicateScan = z.object({
  ids: z.array(z.uuid()).min(1).max(10000).optional(),
  fields: z.array(z.enum(duplicateGroupFields)).min(1).max(duplicateGroupFields.length),
});
export type DuplicateScan = z.infer<typeof DuplicateScan>;

export const DuplicateGroup = z.object({ key: z.string(), leadIds: z.array(z.uuid()) });
export const DuplicateGroups = z.object({ groups: z.array(DuplicateGroup) });

/** A scan over every visible lead, run as a job: its progress, then its groups paged. */
export const DuplicateScanRun = z.object({
  id: z.uuid(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  fields: z.array(z.enum(duplicateGroupFields)),
  total: z.number().int(),
  processed: z.number().int(),
  groupCount: z.number().int(),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export type DuplicateScanRun = z.infer<typeof DuplicateScanRun>;

/** Asks for a scan over every visible lead as a job. */
export const DuplicateScanCreate = DuplicateScan.omit({ ids: true });
export type DuplicateScanCreate = z.infer<typeof DuplicateScanCreate>;

/** The answer to a create: the lead, and its likely duplicates (a create is never refused for them). */
export const LeadCreated = Lead.extend({ possibleDuplicates: z.array(DuplicateCandidate) });

/** What a lead being typed holds so far: its likely duplicates are looked up before it is saved. */
export const DuplicateCheck = z.strictObject({
  firstName: z.string().max(200).nullable().optional(),
  lastName: z.string().max(200).nullable().optional(),
  emails: z.union([z.string().max(2000), z.array(z.string().max(254)).max(20)]).optional(),
  phones: z.union([z.string().max(2000), z.array(z.string().max(40)).max(20)]).optional(),
  companyTin: z.string().max(20).nullable().optional(),
  companyName: z.string().max(300).nullable().optional(),
  leadCompanyName: z.string().max(300).nullable().optional(),
});
export type DuplicateCheck = z.infer<typeof DuplicateCheck>;
