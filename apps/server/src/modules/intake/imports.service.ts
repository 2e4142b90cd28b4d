import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ImportMapping, ImportOptions, ImportStatus } from '@leadline/contract';
import type { Database } from '../../db/client';
import { conflict, forbidden, notFound } from '../../http/errors';
import type { Jobs } from '../../jobs/queue';
import type { PageRequest } from '../../lib/pagination';
import { iso } from '../../lib/sql';
import { authorizeLeadCreate } from '../access/lead-policy';
import { isAdmin, isCrmUser } from '../access/policy';
import type { Principal } from '../access/principal';
import { neutralizeFormula } from './lead-export';
import { IMPORT_JOB, type ImportRunner } from './import-runner';
import { createImportsRepository, type ImportRow } from './imports.repository';

const REJECT_PAGE = 1000;

/** The headers of a file as one shape: the same set of names, whatever their order, case or spacing. */
const normalHeaders = (headers: string[]) =>
  [...new Set(headers.map((h) => h.trim().replace(/\s+/g, ' ').toLowerCase()).filter(Boolean))].sort();
export const shapeOf = (headers: string[]) =>
  createHash('sha256').update(normalHeaders(headers).join('\u001f')).digest('hex');

/** Imports of leads: started by anyone who may create leads, seen and cancelled by them (and administrators). */
/**
 * Importing files is the CRM staff's work: a partner registers her leads one by one on the portal, where
 * the agreement rules are explained field by field.
 */
function authorizeImport(p: Principal) {
  if (!isCrmUser(p)) throw forbidden('Only the CRM staff import leads.');
  authorizeLeadCreate(p);
}

export function createImportsService({
  db,
  jobs,
  runner,
}: {
  db: Database;
  jobs?: Jobs;
  runner: ImportRunner;
}) {
  const repo = createImportsRepository(db);

  async function visible(p: Principal, id: string) {
    const imp = await repo.get(id);
    if (!imp || (imp.created_by_id !== p.userId && !isAdmin(p))) throw notFound('import');
    return imp;
  }

  function status(imp: ImportRow): ImportStatus {
    // While it runs, a one-transaction import has committed nothing yet: its counts live in the runner.
    const live = imp.state === 'running' ? runner.live(imp.id) : undefined;
    const counts = live
      ? {
          processed: live.processedAtStart + live.counts.processed,
          created: imp.mode === 'keep-good-rows' && !imp.dry_run ? imp.created : live.counts.created,
          updated: imp.mode === 'keep-good-rows' && !imp.dry_run ? imp.updated : live.counts.updated,
          skipped: imp.mode === 'keep-good-rows' && !imp.dry_run ? imp.skipped : live.counts.skipped,
          rejected: imp.mode === 'keep-good-rows' && !imp.dry_run ? imp.rejected : live.counts.rejected,
        }
      : imp;
    const processed = Math.max(counts.processed, imp.processed);
    const started = imp.started_at ? new Date(imp.started_at).getTime() : null;
    const end = imp.finished_at ? new Date(imp.finished_at).getTime() : Date.now();
    const seconds = started ? (end - started) / 1000 : 0;
    const rate =
      live && Date.now() > live.since ? (live.counts.processed * 1000) / (Date.now() - live.since) : null;
    const rowsPerSecond = rate ?? (seconds > 0 ? processed / seconds : null);
    return {
      id: imp.id,
      state: imp.state,
      fileName: imp.file_name,
      format: imp.format,
      duplicatePolicy: imp.duplicate_policy,
      mode: imp.mode,
      dryRun: imp.dry_run,
      total: imp.total,
      processed,
      created: counts.created,
      updated: counts.updated,
      skipped: counts.skipped,
      rejected: counts.rejected,
      rowsPerSecond: rowsPerSecond === null ? null : Math.round(rowsPerSecond * 10) / 10,
      etaSeconds:
        imp.total !== null && rowsPerSecond
          ? Math.round(Math.max(0, imp.total - processed) / rowsPerSecond)
          : null,
      encoding: imp.encoding,
      delimiter: imp.delimiter,
      cancelled: imp.cancel_requested,
      error: imp.error,
      createdAt: iso(imp.created_at)!,
      startedAt: iso(imp.started_at),
      finishedAt: iso(imp.finished_at),
    };
  }

  return {
    /** Records the stored file and its options, and queues the run (in the same transaction). */
    async start(
      p: Principal,
      file: { name: string; path: string; size: number; format: 'csv' | 'xlsx' },
      options: ImportOptions,
      /** The headers of the file, when the client read them: its mapping is remembered for them. */
      headers?: string[],
    ) {
      authorizeImport(p);
      const id = await db.transaction(async (tx) => {
        if (headers?.length)
          await createImportsRepository(tx).rememberMapping(p.userId, shapeOf(headers), headers, options);
        const newId = await createImportsRepository(tx).insert({
          createdById: p.userId,
          fileName: file.name,
          filePath: file.path,
          fileSize: file.size,
          format: file.format,
          options,
        });
        if (jobs) await jobs.send(IMPORT_JOB, { id: newId }, { tx });
        return newId;
      });
      // Without a job queue (an app built for a one-off task) the run starts here.
      if (!jobs) void runner.run(id);
      return { id };
    },

    /** The user's imports, newest first (an administrator's: everyone's). */
    async list(p: Principal, request: PageRequest) {
      authorizeImport(p);
      const page = await repo.list(isAdmin(p) ? null : p.userId, request);
      return { ...page, items: page.items.map(status) };
    },

    /** The mapping the user last chose for a file with these headers. */
    async mapping(p: Principal, headers: string[]): Promise<ImportMapping> {
      authorizeImport(p);
      const found = await repo.mapping(p.userId, shapeOf(headers));
      if (!found)
        return { headers, mapping: null, defaults: null, duplicatePolicy: null, mode: null, updatedAt: null };
      // Only the columns this file has: a header spelt another way is mapped under this file's spelling.
      const byNormal = new Map(headers.map((h) => [normalHeaders([h])[0], h]));
      const mapping = Object.fromEntries(
        Object.entries(found.mapping)
          .map(([col, field]) => [byNormal.get(normalHeaders([col])[0]), field] as const)
          .filter((e): e is readonly [string, (typeof e)[1]] => !!e[0]),
      );
      return {
        headers,
        mapping: Object.keys(mapping).length ? mapping : null,
        defaults: found.defaults,
        duplicatePolicy: found.duplicate_policy,
        mode: found.mode,
        updatedAt: iso(found.updated_at),
      };
    },

    async get(p: Principal, id: string) {
      return status(await visible(p, id));
    },

    /** keep-good-rows keeps the chunks committed before the cancel; the one-transaction modes keep nothing. */
    async cancel(p: Principal, id: string) {
      const imp = await visible(p, id);
      if (imp.state === 'done' || imp.state === 'failed')
        throw conflict('This import has ended.', 'import_ended');
      await repo.requestCancel(id);
      if (imp.state === 'queued' && !runner.live(id)) {
        await repo.finish(id, 'failed', { error: 'Cancelled before it started: nothing was written.' });
      }
      return status((await repo.get(id))!);
    },

    /** Every rejected row (line, column, reason), streamed a page at a time. */
    async rejects(p: Principal, id: string): Promise<Readable> {
      await visible(p, id);
      return Readable.from(
        (async function* () {
          yield `\uFEFF${stringify([['line', 'column', 'reason']], { record_delimiter: 'windows' })}`;
          let after: [number, number] | null = null;
          for (;;) {
            const rows = await repo.rejects(id, after, REJECT_PAGE);
            if (rows.length === 0) return;
            yield stringify(
              rows.map((r) => [r.line, neutralizeFormula(r.column_name ?? ''), neutralizeFormula(r.reason)]),
              { record_delimiter: 'windows' },
            );
            const last = rows[rows.length - 1];
            after = [last.line, Number(last.seq)];
          }
        })(),
      );
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
