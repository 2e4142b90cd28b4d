import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import type { ImportOptions, LeadCreate } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import type { Logger } from '../../lib/logger';
import type { Principal } from '../access/principal';
import { createAuthRepository } from '../auth/auth.repository';
import { createLeadsRepository } from '../leads/leads.repository';
import type { LeadHooks } from '../leads/lead-hooks';
import { createLeadIn, updateLeadIn } from '../leads/leads.service';
import { refusalOf } from './form-lead';
import { csvRows, csvShape, xlsxRows, type FileRow, type FileShape } from './import-reader';
import { firstEmail, importChunk, rejectsOf } from './import-chunk';
import { createRowReader, type RowReader, type RowReject } from './import-rows';
import { createImportsRepository, type Counts, type ImportRow } from './imports.repository';

export const IMPORT_JOB = 'lead-import';

const zero = (): Counts => ({ processed: 0, created: 0, updated: 0, skipped: 0, rejected: 0 });
const add = (a: Counts, b: Counts) => {
  for (const k of Object.keys(a) as (keyof Counts)[]) a[k] += b[k];
};

/** Raised to end a run: cancelled by a user, or interrupted by a shutdown (it resumes on the next start). */
class Stop extends Error {
  constructor(readonly why: 'cancelled' | 'interrupted') {
    super(why);
  }
}
/** Raised to roll back the one transaction of an all-or-nothing run or a dry run. */
class Rollback extends Error {}

/** Live progress of the runs of this process: an all-or-nothing run commits nothing until its end. */
export interface LiveProgress {
  counts: Counts;
  since: number;
  processedAtStart: number;
}

/**
 * Runs imports: reads the stored file as a stream, turns each row into a lead by the rules of any
 * save (the leads service's createLeadIn / updateLeadIn), and records every refused row with its
 * reasons. keep-good-rows commits a chunk of rows at a time with the resume point, so that a run
 * stopped by a crash or a shutdown resumes after the last committed chunk and writes no row twice;
 * all-or-nothing and dry runs hold the whole file in one transaction, rolled back when a row is
 * refused (or always, for a dry run).
 */
export function createImportRunner({
  db,
  log,
  chunkRows,
  rowByRow = false,
}: {
  db: Database;
  log: Logger;
  chunkRows: number;
  /** Every row through the save of one lead: the reference the set path is compared with. */
  rowByRow?: boolean;
}) {
  const live = new Map<string, LiveProgress>();
  // What other modules do when a lead is created or changed; given once the application is built.
  const hooks: { current: LeadHooks } = { current: {} };
  const running = new Set<string>();
  const shutdown = new AbortController();

  /** The save of one lead for a row the set path leaves to it, in a savepoint of its own. */
  async function oneRow(
    tx: Queryable,
    imp: ImportRow,
    p: Principal,
    reader: RowReader,
    row: FileRow,
    input: LeadCreate,
    counts: Counts,
    rejects: RowReject[],
  ) {
    const repo = createImportsRepository(tx);
    const duplicate =
      imp.duplicate_policy === 'create'
        ? null
        : await repo.duplicateOf({
            externalClientId: input.externalClientId,
            email: firstEmail(input.emails),
          });
    if (duplicate && imp.duplicate_policy === 'skip') {
      counts.skipped++;
      return;
    }
    try {
      // A savepoint per row: a refused row leaves nothing behind and the chunk goes on.
      await tx.transaction(async (sp) => {
        if (duplicate) {
          await updateLeadIn(sp, p, duplicate, input, undefined, hooks.current);
        } else {
          const lead = await createLeadIn(sp, p, input, hooks.current, { channel: 'import' });
          await createLeadsRepository(sp).addEvents(lead.id, p.userId, [
            { kind: 'imported', payload: { importId: imp.id, line: row.line } },
          ]);
        }
      });
      if (duplicate) counts.updated++;
      else counts.created++;
    } catch (err) {
      const errors = refusalOf(err);
      if (!errors) throw err;
      counts.rejected++;
      rejects.push(...rejectsOf(reader, row.line, errors));
    }
  }

  /** A chunk of rows, set-based where it can (see importChunk), in the caller's transaction. */
  const chunkOf = (
    tx: Queryable,
    imp: ImportRow,
    p: Principal,
    reader: RowReader,
    rows: FileRow[],
    counts: Counts,
    rejects: RowReject[],
  ) =>
    importChunk(
      {
        tx,
        imp,
        p,
        reader,
        hooks: hooks.current,
        counts,
        rejects,
        oneRow: (row, input) => oneRow(tx, imp, p, reader, row, input, counts, rejects),
        setPath: !rowByRow,
      },
      rows,
    );

  /**
   * Between chunks: lets the requests waiting meanwhile be answered (the embedded database answers in
   * the same thread, so a run would otherwise hold it to the end), then honours a shutdown or a cancel.
   */
  async function checkStop(q: Queryable, id: string) {
    await yieldToOthers();
    if (shutdown.signal.aborted) throw new Stop('interrupted');
    if (await createImportsRepository(q).cancelRequested(id)) throw new Stop('cancelled');
  }

  /** keep-good-rows: one transaction per chunk, with its rejects and the resume point. */
  async function inChunks(
    imp: ImportRow,
    p: Principal,
    rows: AsyncIterable<FileRow>,
    progress: LiveProgress,
  ) {
    const reader = createRowReader(optionsOf(imp));
    let total = 0;
    let chunk: FileRow[] = [];
    const flush = async () => {
      const counts = zero();
      const rejects: RowReject[] = [];
      await db.transaction(async (tx) => {
        await chunkOf(tx, imp, p, reader, chunk, counts, rejects);
        const repo = createImportsRepository(tx);
        await repo.addRejects(imp.id, rejects);
        await repo.advance(imp.id, counts, chunk[chunk.length - 1].line);
      });
      add(progress.counts, counts);
      chunk = [];
      await checkStop(db, imp.id);
    };
    for await (const row of rows) {
      total++;
      if (row.line <= imp.committed_line) continue;
      chunk.push(row);
      if (chunk.length >= chunkRows) await flush();
    }
    if (chunk.length) await flush();
    return total;
  }

  /** all-or-nothing and dry runs: the whole file in one transaction; rejects spooled to disk meanwhile. */
  async function atOnce(imp: ImportRow, p: Principal, rows: AsyncIterable<FileRow>, progress: LiveProgress) {
    const reader = createRowReader(optionsOf(imp));
    const spoolPath = `${imp.file_path}.rejects`;
    const spool = createWriteStream(spoolPath);
    const counts = progress.counts;
    let total = 0;
    let rolledBack = false;
    try {
      await db.transaction(async (tx) => {
        let chunk: FileRow[] = [];
        const flush = async () => {
          const rejects: RowReject[] = [];
          await chunkOf(tx, imp, p, reader, chunk, counts, rejects);
          chunk = [];
          for (const r of rejects) if (!spool.write(`${JSON.stringify(r)}\n`)) await once(spool, 'drain');
          await checkStop(tx, imp.id);
        };
        for await (const row of rows) {
          total++;
          chunk.push(row);
          if (chunk.length >= chunkRows) await flush();
        }
        if (chunk.length) await flush();
        if (imp.dry_run || counts.rejected > 0) throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
      rolledBack = true;
    } finally {
      spool.end();
      await once(spool, 'close');
    }
    // The rejects are written once the transaction is over, a thousand at a time.
    const repo = createImportsRepository(db);
    let batch: RowReject[] = [];
    for await (const line of createInterface({ input: createReadStream(spoolPath) })) {
      if (!line) continue;
      batch.push(JSON.parse(line) as RowReject);
      if (batch.length >= 1000) {
        await repo.addRejects(imp.id, batch);
        batch = [];
      }
    }
    await repo.addRejects(imp.id, batch);
    await rm(spoolPath, { force: true });
    return { total, rolledBack };
  }

  const optionsOf = (imp: ImportRow): ImportOptions => ({
    mapping: imp.mapping,
    defaults: imp.defaults,
    duplicatePolicy: imp.duplicate_policy,
    mode: imp.mode,
    dryRun: imp.dry_run,
  });

  async function run(id: string) {
    if (running.has(id) || shutdown.signal.aborted) return;
    running.add(id);
    const repo = createImportsRepository(db);
    try {
      const imp = await repo.get(id);
      if (!imp || imp.state === 'done' || imp.state === 'failed') return;
      const row = await createAuthRepository(db).principalByUserId(imp.created_by_id);
      if (!row) {
        await repo.finish(id, 'failed', { error: 'The user who started the import is no longer active.' });
        return;
      }
      const p: Principal = {
        userId: row.id,
        name: row.name,
        email: row.email,
        roles: row.roles,
        unitIds: row.unit_ids,
        partnerCompanyId: row.partner_company_id,
        via: 'session',
      };
      const shape: FileShape =
        imp.format === 'csv' ? await csvShape(imp.file_path) : { encoding: null, delimiter: null };
      const oneTransaction = imp.mode === 'all-or-nothing' || imp.dry_run;
      if (oneTransaction) await repo.restart(id);
      await repo.start(id, shape);
      const fresh = (await repo.get(id))!;
      const progress: LiveProgress = { counts: zero(), since: Date.now(), processedAtStart: fresh.processed };
      live.set(id, progress);
      const rows = imp.format === 'csv' ? csvRows(imp.file_path, shape) : xlsxRows(imp.file_path);
      try {
        if (!oneTransaction) {
          const total = await inChunks(fresh, p, rows, progress);
          await repo.finish(id, 'done', { total });
        } else {
          const { total, rolledBack } = await atOnce(fresh, p, rows, progress);
          const c = progress.counts;
          if (imp.dry_run) await repo.finish(id, 'done', { total, counts: c });
          else if (rolledBack)
            await repo.finish(id, 'failed', {
              total,
              counts: { ...c, created: 0, updated: 0 },
              error: `${c.rejected} row${c.rejected === 1 ? ' was' : 's were'} refused: nothing was written.`,
            });
          else await repo.finish(id, 'done', { total, counts: c });
        }
      } catch (err) {
        if (err instanceof Stop && err.why === 'interrupted') return;
        if (err instanceof Stop) {
          await repo.finish(id, 'failed', {
            error: oneTransaction
              ? 'Cancelled: nothing was written.'
              : 'Cancelled: the rows before it are kept.',
            ...(oneTransaction ? { counts: { ...progress.counts, created: 0, updated: 0 } } : {}),
          });
          await rm(imp.file_path, { force: true });
          return;
        }
        throw err;
      }
      await rm(imp.file_path, { force: true });
    } catch (err) {
      const message = (err as Error).message;
      log.error({ msg: message, importId: id }, 'import failed');
      const code = (err as { code?: string }).code;
      await repo
        .finish(id, 'failed', {
          error:
            typeof code === 'string' && code.startsWith('CSV_')
              ? `The file is not a readable CSV: ${message}`
              : 'The import stopped on an error.',
        })
        .catch(() => {});
    } finally {
      running.delete(id);
      live.delete(id);
    }
  }

  return {
    run,
    live: (id: string) => live.get(id),
    /** The lead hooks every imported lead fires, as a lead saved by hand does. */
    useHooks(h: LeadHooks) {
      hooks.current = h;
    },
    /** Imports a stopped process left unfinished, run again (they resume from their last chunk). */
    async resumeAll() {
      for (const id of await createImportsRepository(db).unfinished()) await run(id);
    },
    /** Stops the runs at their next chunk boundary; they resume on the next start. */
    stop() {
      shutdown.abort();
    },
  };
}
export type ImportRunner = ReturnType<typeof createImportRunner>;
