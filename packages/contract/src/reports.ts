import { z } from 'zod';
import { DateOnly, Money, Phase } from './common';

/**
 * The filters every report takes. `from` and `to` are inclusive dates: the creation date of the leads
 * for funnel, created, owners and sources; the date of the change for outcomes and time-in-status.
 */
export const ReportQuery = z
  .object({
    from: DateOnly.optional(),
    to: DateOnly.optional(),
    unitId: z.uuid().optional(),
    ownerId: z.uuid().optional(),
    sourceId: z.uuid().optional(),
    /** `csv` answers the report as a CSV file (as does `Accept: text/csv`). */
    format: z.enum(['json', 'csv']).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    message: 'must not be before from',
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const reportNames = [
  'funnel',
  'created',
  'outcomes',
  'time-in-status',
  'owners',
  'sources',
  'directions',
] as const;
export type ReportName = (typeof reportNames)[number];

/** Leads by current phase and status; conversion rates in percent (one decimal), null with no leads. */
export const FunnelReport = z.object({
  total: z.number().int(),
  phases: z.array(z.object({ phase: Phase, count: z.number().int() })),
  statuses: z.array(z.object({ statusId: z.uuid(), count: z.number().int() })),
  conversion: z.object({
    /** Leads past the new phase (in progress, won or lost) out of all leads. */
    newToInProgress: z.number().nullable(),
    /** Won leads out of the leads past the new phase. */
    inProgressToWon: z.number().nullable(),
  }),
});
export type FunnelReport = z.infer<typeof FunnelReport>;

/** Leads created per week (the Monday that starts it) and source. */
export const CreatedReport = z.object({
  weeks: z.array(z.object({ week: DateOnly, sourceId: z.uuid(), count: z.number().int() })),
});
export type CreatedReport = z.infer<typeof CreatedReport>;

/** Leads closed per month (`YYYY-MM`) by the way they closed, and the most used disqualification codes. */
export const OutcomesReport = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      won: z.number().int(),
      lost: z.number().int(),
      dropped: z.number().int(),
    }),
  ),
  topCodes: z.array(z.object({ codeId: z.uuid(), count: z.number().int() })),
});
export type OutcomesReport = z.infer<typeof OutcomesReport>;

/** Average seconds a lead stayed in a status before leaving it, and from creation to qualification. */
export const TimeInStatusReport = z.object({
  statuses: z.array(z.object({ statusId: z.uuid(), count: z.number().int(), averageSeconds: z.number() })),
  timeToQualify: z.object({ count: z.number().int(), averageSeconds: z.number().nullable() }),
});
export type TimeInStatusReport = z.infer<typeof TimeInStatusReport>;

/** Open leads per owner (null: unassigned), those past their expected completion date, those with no next event. */
export const OwnersReport = z.object({
  owners: z.array(
    z.object({
      ownerId: z.uuid().nullable(),
      open: z.number().int(),
      overdue: z.number().int(),
      noNextStep: z.number().int(),
    }),
  ),
});
export type OwnersReport = z.infer<typeof OwnersReport>;

/** Per source and campaign: leads, qualified (won) leads, conversion in percent, value of won opportunities. */
export const SourcesReport = z.object({
  sources: z.array(
    z.object({
      sourceId: z.uuid(),
      campaignId: z.uuid().nullable(),
      leads: z.number().int(),
      qualified: z.number().int(),
      conversion: z.number(),
      wonValue: z.array(Money),
    }),
  ),
});
export type SourcesReport = z.infer<typeof SourcesReport>;

/** A sum may outgrow one amount's digits, so the answer is not held to Money's input pattern. */
const MoneyTotal = z.object({ amount: z.string(), currency: z.string() });

/**
 * Open leads per sales direction (null: none chosen): their number, and the sum of their target amounts
 * per currency (amounts saved without a currency count in the default one), default currency first.
 */
export const DirectionsReport = z.object({
  directions: z.array(
    z.object({
      salesDirectionId: z.uuid().nullable(),
      count: z.number().int(),
      targetAmounts: z.array(MoneyTotal),
    }),
  ),
});
export type DirectionsReport = z.infer<typeof DirectionsReport>;
