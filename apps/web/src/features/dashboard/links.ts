import type { Phase } from '@leadline/contract';
import { toQuery } from '../../lib/api';
import type { ReportFilters } from './api';

type ListQuery = Record<string, string | string[] | undefined>;

/**
 * The lead list that shows the leads behind a figure: the dashboard's unit, owner and source filters,
 * its period as the creation dates (the period of every report counted by creation), and the bar's own.
 */
export function leadListHref(filters: ReportFilters, extra: ListQuery, withPeriod = true): string {
  return `/leads${toQuery({
    view: 'all',
    unitId: filters.unitId,
    ownerId: filters.ownerId,
    sourceId: filters.sourceId,
    ...(withPeriod ? { createdFrom: filters.from, createdTo: filters.to } : {}),
    ...extra,
  })}`;
}

export const openPhaseList: Phase[] = ['new', 'in_progress'];

/** The last day of the week that starts on `monday` (YYYY-MM-DD). */
export function weekEnd(monday: string): string {
  const d = new Date(`${monday}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 6);
  return d.toISOString().slice(0, 10);
}

/** The later of two dates (either may be missing). */
export const later = (a: string | undefined, b: string) => (a && a > b ? a : b);
/** The earlier of two dates (either may be missing). */
export const earlier = (a: string | undefined, b: string) => (a && a < b ? a : b);
