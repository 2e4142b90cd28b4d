import type { DuplicateScan, DuplicateScanRun } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import { notFound } from '../../http/errors';
import { decodeCursor, encodeCursor, type SortTerm } from '../../lib/keyset';
import { letOthersIn } from '../../lib/yield';
import type { LeadScope } from '../access/lead-policy';
import { createDuplicatesRepository } from './duplicates.repository';

/** The job that scans every lead a user may see. */
export const DUPLICATE_SCAN_JOB = 'duplicate-scan';
/** Up to this many visible leads a scan without ids answers at once; above it, it runs as a job. */
export const syncScanLimit = 20_000;
const maxGroups = 1000;

/** Groups of visible leads agreeing on every chosen field (exact keys, normalised), largest first. */
export async function scanDuplicates(q: Queryable, scope: LeadScope, scan: DuplicateScan) {
  const rows = await createDuplicatesRepository(q).groups(scope, scan, maxGroups);
  return { groups: rows.map((r) => ({ key: r.key, leadIds: [...r.lead_ids].sort() })) };
}

interface ScanRow {
  id: string;
  requested_by_id: string;
  scope: LeadScope | string;
  fields: DuplicateScan['fields'];
  state: DuplicateScanRun['state'];
  total: number;
  processed: number;
  group_count: number;
  created_at: string | Date;
  finished_at: string | Date | null;
}
const iso = (v: string | Date) => new Date(v).toISOString();
const runOf = (r: ScanRow): DuplicateScanRun => ({
  id: r.id,
  state: r.state,
  fields: r.fields,
  total: r.total,
  processed: r.processed,
  groupCount: r.group_count,
  createdAt: iso(r.created_at),
  finishedAt: r.finished_at ? iso(r.finished_at) : null,
});

export function createScansRepository(db: Queryable) {
  const get = async (id: string) =>
    (await db.query<ScanRow>('SELECT * FROM duplicate_scans WHERE id = $1', [id]))[0];
  return {
    get,
    async create(userId: string, scope: LeadScope, fields: DuplicateScan['fields']) {
      const [r] = await db.query<ScanRow>(
        `INSERT INTO duplicate_scans (requested_by_id, scope, fields) VALUES ($1, $2::jsonb, $3) RETURNING *`,
        [userId, JSON.stringify(scope), [...new Set(fields)]],
      );
      return r;
    },
    async set(
      id: string,
      v: { state?: DuplicateScanRun['state']; total?: number; processed?: number; groups?: number },
    ) {
      const finished = v.state && v.state !== 'running' ? 'now()' : 'finished_at';
      const [r] = await db.query<ScanRow>(
        `UPDATE duplicate_scans SET state = coalesce($2, state), total = coalesce($3, total),
                processed = coalesce($4, processed), group_count = coalesce($5, group_count),
                finished_at = ${finished}
          WHERE id = $1 AND state IN ('queued', 'running') RETURNING *`,
        [id, v.state ?? null, v.total ?? null, v.processed ?? null, v.groups ?? null],
      );
      // Undefined once the scan was cancelled (or had ended).
      return r as ScanRow | undefined;
    },
    /** Cancels a scan still queued or running; answers it as it is then. */
    async cancel(id: string) {
      await db.query(
        `UPDATE duplicate_scans SET state = 'cancelled', finished_at = now()
          WHERE id = $1 AND state IN ('queued', 'running')`,
        [id],
      );
      return (await get(id))!;
    },
    /** Drops what a cancelled scan had written. */
    async clear(id: string) {
      await db.query('DELETE FROM duplicate_scan_keys WHERE scan_id = $1', [id]);
      await db.query('DELETE FROM duplicate_scan_groups WHERE scan_id = $1', [id]);
    },
    async groups(id: string, afterPosition: number, limit: number) {
      return db.query<{ position: number; key: string; lead_ids: string[] }>(
        `SELECT position, key, lead_ids FROM duplicate_scan_groups WHERE scan_id = $1 AND position > $2
          ORDER BY position LIMIT $3`,
        [id, afterPosition, limit],
      );
    },
  };
}

/** Starts a scan of every lead the scope may see as a job; answers its run (queued). */
export async function startScan(
  db: Database,
  jobs: Pick<Jobs, 'send'> | undefined,
  userId: string,
  scope: LeadScope,
  fields: DuplicateScan['fields'],
) {
  return db.transaction(async (tx) => {
    const row = await createScansRepository(tx).create(userId, scope, fields);
    if (jobs) await jobs.send(DUPLICATE_SCAN_JOB, { id: row.id }, { tx });
    return runOf(row);
  });
}

/** The scan if this user asked it (404 otherwise). */
export async function ownScan(db: Queryable, userId: string, id: string) {
  const row = await createScansRepository(db).get(id);
  if (!row || row.requested_by_id !== userId) throw notFound('duplicate scan');
  return row;
}
export const scanRunOf = runOf;

/** A page of a finished scan's groups, largest first; the cursor is the last group's position. */
export async function scanGroupsPage(db: Queryable, id: string, cursor: string | undefined, limit: number) {
  // The same cursor format, and the same 400 for a crafted one, as every other list.
  const after = cursor === undefined ? 0 : Number(decodeCursor(cursor, groupOrder)[0]);
  const rows = await createScansRepository(db).groups(id, after, limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ key: r.key, leadIds: r.lead_ids.map(String) }));
  const last = rows[limit - 1];
  return {
    items,
    nextCursor: rows.length > limit ? encodeCursor(groupOrder, { position: last.position }) : null,
  };
}
const groupOrder: SortTerm[] = [{ key: 'position', col: { sql: 'position', cast: 'int' }, desc: false }];

/**
 * The scan job: the keys of every visible lead are written batch by batch (each batch one statement,
 * progress after each; a cancel is seen between batches), then grouped in one statement.
 */
export async function runScan(db: Database, id: string, batch = 20_000) {
  const scans = createScansRepository(db);
  const scan = await scans.get(id);
  if (!scan || scan.state !== 'queued') return;
  const scope = typeof scan.scope === 'string' ? (JSON.parse(scan.scope) as LeadScope) : scan.scope;
  const repo = createDuplicatesRepository(db);
  const total = await repo.countVisible(scope, 2_000_000_000);
  await scans.set(id, { state: 'running', total });
  let after: string | null = null;
  let processed = 0;
  try {
    for (;;) {
      const { n, last } = await repo.writeScanKeys(id, scope, scan.fields, after, batch);
      if (n === 0) break;
      processed += n;
      after = last;
      if (!(await scans.set(id, { processed }))) return scans.clear(id);
      await letOthersIn();
    }
    const groups = await repo.groupScanKeys(id);
    if (!(await scans.set(id, { state: 'done', processed, total: processed, groups }))) await scans.clear(id);
  } catch (err) {
    await scans.set(id, { state: 'failed' });
    throw err;
  }
}
