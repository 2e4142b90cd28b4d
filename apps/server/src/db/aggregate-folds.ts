import type { Queryable } from './client';

/** Every table of figures kept as inserted changes (0810, 0820, 0853), folded in one statement. */
const FOLD = 'SELECT fold_report_day_counts(), fold_report_day_facts(), fold_lead_status_totals()';

/** How often a process folds the pending changes, at most (when a read sums them). */
const FOLD_EVERY_MS = 60_000;

/**
 * Folds the changes kept beside the report figures and the Kanban totals. A read sums the folded rows
 * and the pending changes, so it is exact at any time; folding now and then keeps the part it sums row
 * by row small.
 */
export function createAggregateFolds(db: Queryable) {
  let lastFold = 0;
  return {
    now: () => db.query(FOLD),
    async nowAndThen() {
      if (Date.now() - lastFold < FOLD_EVERY_MS) return;
      lastFold = Date.now();
      // A read from a read-only replica cannot fold: the sums include the changes anyway.
      await db.query(FOLD).catch(() => undefined);
    },
  };
}
