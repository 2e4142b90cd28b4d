import type { FieldError, LeadCreate, Phase } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import type { LeadHooks } from '../leads/lead-hooks';
import { applyLeadInput, type Draft, type SaveContext } from '../leads/lead-rules';
import { createLeadsMany, rememberingReads, saveContextOf, setPathFits } from '../leads/lead-set-path';
import type { FileRow } from './import-reader';
import type { RowReader, RowReject } from './import-rows';
import { createImportsRepository, type Counts, type ImportRow } from './imports.repository';

export const firstEmail = (emails: LeadCreate['emails']) => {
  const list = Array.isArray(emails) ? emails : (emails ?? '').split(/[,;]/);
  return list.map((e) => e.trim()).find(Boolean) ?? null;
};

/** The rejects of a row the rules of a save refused, pointing at the file's columns. */
export const rejectsOf = (reader: RowReader, line: number, errors: FieldError[]): RowReject[] =>
  errors.map((e) => ({
    line,
    column: reader.columnOf(e.field) ?? e.field,
    reason: `${e.field}: ${e.message}`,
  }));

/** A row read, checked and ready to be written by the set path. */
interface Planned {
  row: FileRow;
  input: LeadCreate;
  values: Draft;
}

export interface ChunkRun {
  tx: Queryable;
  imp: ImportRow;
  p: Principal;
  reader: RowReader;
  hooks: LeadHooks;
  counts: Counts;
  rejects: RowReject[];
  /** The save of one lead (the row's own duplicate check, savepoint, create or update). */
  oneRow(row: FileRow, input: LeadCreate): Promise<void>;
  /** false: every row through `oneRow`, one after the other (the reference the set path is held to). */
  setPath: boolean;
}

/**
 * Imports a chunk of rows in the caller's transaction, set-based: names looked up once per table, the
 * duplicates of every row found in two queries, the rules of a save applied to each row with the reads
 * shared by the chunk, then the contacts, leads, tags and history written a statement each. A row the
 * set path does not write (see setPathFits, a duplicate to update) goes through the save of one lead, in
 * its place in the file's order: the rows read before it are written first.
 */
export async function importChunk(run: ChunkRun, rows: FileRow[]) {
  const { tx, imp, p, reader, counts, rejects } = run;
  const repo = createImportsRepository(tx);
  await reader.prepare(repo, rows);
  const reads: { row: FileRow; input?: LeadCreate }[] = [];
  for (const row of rows) {
    const read = await reader.read(repo, row.line, row.cells);
    counts.processed++;
    if (!read.input) {
      counts.rejected++;
      rejects.push(...read.rejects);
    } else reads.push({ row, input: read.input });
  }
  if (!run.setPath) {
    for (const { row, input } of reads) await run.oneRow(row, input!);
    return;
  }
  const policy = imp.duplicate_policy;
  const keysOf = (input: LeadCreate) => ({
    external: input.externalClientId ?? null,
    email: firstEmail(input.emails)?.toLowerCase() ?? null,
  });
  const stored =
    policy === 'create'
      ? null
      : await repo.duplicatesOf(
          [...new Set(reads.map((r) => keysOf(r.input!).external).filter((k): k is string => !!k))],
          [...new Set(reads.map((r) => keysOf(r.input!).email).filter((k): k is string => !!k))],
        );
  // The keys of the rows of this chunk written before: a repeat of one is a duplicate, as in the file.
  const seen = { external: new Set<string>(), email: new Set<string>() };
  const remember = (input: LeadCreate) => {
    const k = keysOf(input);
    if (k.external) seen.external.add(k.external);
    if (k.email) seen.email.add(k.email);
  };
  const isDuplicate = (input: LeadCreate) => {
    const k = keysOf(input);
    return (
      (!!k.external && (stored!.byExternal.has(k.external) || seen.external.has(k.external))) ||
      (!!k.email && (stored!.byEmail.has(k.email) || seen.email.has(k.email)))
    );
  };

  const context = await leadContextOf(tx, p);
  const ctx = saveContextOf(tx, context, p.userId);
  const shared = rememberingReads(tx);
  let planned: Planned[] = [];
  const flush = async () => {
    const batch = planned;
    planned = [];
    if (batch.length) await writePlanned(run, ctx, context.newStatus!, batch);
  };
  const alone = async (row: FileRow, input: LeadCreate) => {
    await flush();
    await run.oneRow(row, input);
    remember(input);
  };

  for (const { row, input } of reads as { row: FileRow; input: LeadCreate }[]) {
    if (policy !== 'create' && isDuplicate(input)) {
      if (policy === 'skip') counts.skipped++;
      else await alone(row, input);
      continue;
    }
    if (!context.newStatus) {
      await alone(row, input);
      continue;
    }
    const { values, errors } = await applyLeadInput(ctx, input, null, shared);
    if (errors.length) {
      counts.rejected++;
      rejects.push(...rejectsOf(reader, row.line, errors));
      continue;
    }
    if (!setPathFits(values)) {
      await alone(row, input);
      continue;
    }
    planned.push({ row, input, values });
    remember(input);
  }
  await flush();
}

/**
 * Writes checked rows as a save of each would, in a savepoint: contacts matched or created, tags, the
 * leads with their numbers, search text, 'created' and 'imported' events, then the rules of a new lead for
 * each and the hooks once for them all. Should the statement fail, each row goes through the save of one lead instead.
 */
async function writePlanned(
  run: ChunkRun,
  ctx: SaveContext,
  newStatus: { id: string; phase: Phase },
  batch: Planned[],
) {
  const { imp, p, hooks, counts } = run;
  try {
    await run.tx.transaction((w) =>
      createLeadsMany(
        w,
        ctx,
        p,
        newStatus,
        batch.map(({ row, values }) => ({ values, eventPayload: { line: row.line } })),
        { kind: 'imported', payload: { importId: imp.id } },
        { channel: 'import' },
        hooks,
      ),
    );
    counts.created += batch.length;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string' && !(err instanceof Error && 'status' in err)) throw err;
    for (const b of batch) await run.oneRow(b.row, b.input);
  }
}
