import type { ImportOptions } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { keysetPage, type PageRequest } from '../../lib/pagination';
import type { RowReject } from './import-rows';

export interface ImportRow {
  id: string;
  created_by_id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  file_name: string;
  file_path: string;
  format: 'csv' | 'xlsx';
  mapping: ImportOptions['mapping'];
  defaults: ImportOptions['defaults'];
  duplicate_policy: ImportOptions['duplicatePolicy'];
  mode: ImportOptions['mode'];
  dry_run: boolean;
  encoding: string | null;
  delimiter: string | null;
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  committed_line: number;
  cancel_requested: boolean;
  error: string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  created_at: Date | string;
}

export interface Counts {
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
}

/** Tables a reference may be named in, and the columns that hold the name people type. */
const nameColumns: Record<string, string[]> = {
  users: ['email', 'name'],
  partnership_agreements: ['number'],
  companies: ['name', 'tin'],
};

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export interface StoredMapping {
  headers: string[];
  mapping: ImportOptions['mapping'];
  defaults: ImportOptions['defaults'];
  duplicate_policy: ImportOptions['duplicatePolicy'];
  mode: ImportOptions['mode'];
  updated_at: Date | string;
}

export function createImportsRepository(db: Queryable) {
  return {
    /** The imports a user started (everyone's for `userId` null), newest first. */
    list: (userId: string | null, request: PageRequest) =>
      keysetPage(db, {
        columns: '*',
        from: 'imports',
        where: userId ? ['created_by_id = $1'] : [],
        params: userId ? [userId] : [],
        sortColumns: { createdAt: { sql: 'created_at', cast: 'timestamptz' } },
        defaultSort: '-createdAt',
        idColumn: 'id',
        request,
        map: (row) => {
          const r = row as unknown as ImportRow;
          return {
            ...r,
            mapping: json<ImportRow['mapping']>(r.mapping),
            defaults: json<ImportRow['defaults']>(r.defaults),
          };
        },
      }),

    async mapping(userId: string, shape: string): Promise<StoredMapping | undefined> {
      const [row] = await db.query<StoredMapping>(
        `SELECT headers, mapping, defaults, duplicate_policy, mode, updated_at
           FROM import_mappings WHERE user_id = $1 AND shape = $2`,
        [userId, shape],
      );
      return row
        ? { ...row, headers: json(row.headers), mapping: json(row.mapping), defaults: json(row.defaults) }
        : undefined;
    },

    async rememberMapping(userId: string, shape: string, headers: string[], o: ImportOptions) {
      await db.query(
        `INSERT INTO import_mappings (user_id, shape, headers, mapping, defaults, duplicate_policy, mode)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6, $7)
         ON CONFLICT (user_id, shape) DO UPDATE
           SET headers = EXCLUDED.headers, mapping = EXCLUDED.mapping, defaults = EXCLUDED.defaults,
               duplicate_policy = EXCLUDED.duplicate_policy, mode = EXCLUDED.mode, updated_at = now()`,
        [
          userId,
          shape,
          JSON.stringify(headers),
          JSON.stringify(o.mapping),
          JSON.stringify(o.defaults),
          o.duplicatePolicy,
          o.mode,
        ],
      );
    },

    async insert(i: {
      createdById: string;
      fileName: string;
      filePath: string;
      fileSize: number;
      format: 'csv' | 'xlsx';
      options: ImportOptions;
    }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO imports (created_by_id, file_name, file_path, file_size, format, mapping, defaults,
                              duplicate_policy, mode, dry_run)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10) RETURNING id`,
        [
          i.createdById,
          i.fileName,
          i.filePath,
          i.fileSize,
          i.format,
          JSON.stringify(i.options.mapping),
          JSON.stringify(i.options.defaults),
          i.options.duplicatePolicy,
          i.options.mode,
          i.options.dryRun,
        ],
      );
      return row.id;
    },

    async get(id: string): Promise<ImportRow | undefined> {
      const [row] = await db.query<ImportRow>('SELECT * FROM imports WHERE id = $1', [id]);
      return row ? { ...row, mapping: json(row.mapping), defaults: json(row.defaults) } : undefined;
    },

    /** Imports a stopped process left unfinished. */
    async unfinished() {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM imports WHERE state IN ('queued', 'running') ORDER BY created_at`,
      );
      return rows.map((r) => r.id);
    },

    async start(id: string, shape: { encoding: string | null; delimiter: string | null }) {
      await db.query(
        `UPDATE imports SET state = 'running', started_at = coalesce(started_at, now()), encoding = $2,
                delimiter = $3, updated_at = now() WHERE id = $1`,
        [id, shape.encoding, shape.delimiter],
      );
    },

    /** A run that cannot resume from a chunk (one transaction for the file) starts over from nothing. */
    async restart(id: string) {
      await db.query('DELETE FROM import_rejects WHERE import_id = $1', [id]);
      await db.query(
        `UPDATE imports SET processed = 0, created = 0, updated = 0, skipped = 0, rejected = 0, committed_line = 0,
                total = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
    },

    /** Adds a chunk's counts and moves the resume point, in the chunk's transaction. */
    async advance(id: string, c: Counts, line: number) {
      await db.query(
        `UPDATE imports SET processed = processed + $2, created = created + $3, updated = updated + $4,
                skipped = skipped + $5, rejected = rejected + $6, committed_line = $7, updated_at = now()
          WHERE id = $1`,
        [id, c.processed, c.created, c.updated, c.skipped, c.rejected, line],
      );
    },

    async finish(
      id: string,
      state: 'done' | 'failed',
      fields: { total?: number; counts?: Counts; error?: string },
    ) {
      const c = fields.counts;
      await db.query(
        `UPDATE imports SET state = $2, total = coalesce($3, total), error = $4, finished_at = now(), updated_at = now(),
                processed = coalesce($5, processed), created = coalesce($6, created), updated = coalesce($7, updated),
                skipped = coalesce($8, skipped), rejected = coalesce($9, rejected)
          WHERE id = $1`,
        [
          id,
          state,
          fields.total ?? null,
          fields.error ?? null,
          c?.processed ?? null,
          c?.created ?? null,
          c?.updated ?? null,
          c?.skipped ?? null,
          c?.rejected ?? null,
        ],
      );
    },

    async requestCancel(id: string) {
      await db.query(
        `UPDATE imports SET cancel_requested = true, updated_at = now() WHERE id = $1 AND state IN ('queued', 'running')`,
        [id],
      );
    },

    async cancelRequested(id: string) {
      const [row] = await db.query<{ cancel_requested: boolean }>(
        'SELECT cancel_requested FROM imports WHERE id = $1',
        [id],
      );
      return !!row?.cancel_requested;
    },

    async addRejects(id: string, rejects: RowReject[]) {
      if (rejects.length === 0) return;
      await db.query(
        `INSERT INTO import_rejects (import_id, line, column_name, reason)
         SELECT $1, l, c, r FROM unnest($2::int[], $3::text[], $4::text[]) AS x(l, c, r)`,
        [id, rejects.map((r) => r.line), rejects.map((r) => r.column), rejects.map((r) => r.reason)],
      );
    },

    /** A page of the rejects in line order, after (line, seq). */
    async rejects(id: string, after: [number, number] | null, limit: number) {
      return db.query<{ line: number; seq: number; column_name: string | null; reason: string }>(
        `SELECT line, seq, column_name, reason FROM import_rejects
          WHERE import_id = $1 AND ($2::int IS NULL OR (line, seq) > ($2::int, $3::bigint))
          ORDER BY line, seq LIMIT $4`,
        [id, after?.[0] ?? null, after?.[1] ?? null, limit],
      );
    },

    /** The lead an imported row is the same as: by external client id, else by e-mail. */
    async duplicateOf(by: { externalClientId?: string | null; email?: string | null }) {
      if (by.externalClientId) {
        const [row] = await db.query<{ id: string }>(
          'SELECT id FROM leads WHERE external_client_id = $1 ORDER BY created_at, id LIMIT 1',
          [by.externalClientId],
        );
        if (row) return row.id;
      }
      if (by.email) {
        const [row] = await db.query<{ id: string }>(
          'SELECT id FROM leads WHERE emails @> ARRAY[$1::text] ORDER BY created_at, id LIMIT 1',
          [by.email.toLowerCase()],
        );
        if (row) return row.id;
      }
      return null;
    },

    /** `idByName` for many names (lower case) of one table, in one query: the map from name to id. */
    async idsByName(table: string, values: string[]) {
      const out = new Map<string, string>();
      if (table === 'contacts' || values.length === 0) return out;
      const cols = nameColumns[table] ?? ['name'];
      const rows = await db.query<{ v: string; id: string }>(
        `SELECT DISTINCT ON (v) v, t.id FROM unnest($1::text[]) AS v
           JOIN ${table} t ON ${cols.map((c) => `lower(t.${c}::text) = v`).join(' OR ')}
          ORDER BY v, t.id`,
        [values],
      );
      for (const r of rows) out.set(r.v, r.id);
      return out;
    },

    /**
     * `duplicateOf` for a chunk of rows in two queries: the oldest lead with each external client id, and
     * the oldest lead with each e-mail (lower case).
     */
    async duplicatesOf(externalClientIds: string[], emails: string[]) {
      const byExternal = new Map<string, string>();
      const byEmail = new Map<string, string>();
      // Found through each key's index (= ANY; @> a key at a time), then the oldest per key among the
      // few matches. A subquery per key ordered by creation with LIMIT 1 let the planner walk the creation
      // index instead, reading every lead for each key: minutes a chunk once a table without statistics
      // grew to 40,000. `emails && chunk` compares every key of the chunk with every e-mail it reads (an
      // array overlap is a loop in a loop): 4 s a chunk of 5,000 at 50,000 leads.
      if (externalClientIds.length)
        for (const r of await db.query<{ k: string; id: string }>(
          `SELECT DISTINCT ON (l.external_client_id) l.external_client_id AS k, l.id
             FROM leads l WHERE l.external_client_id = ANY ($1::text[])
            ORDER BY l.external_client_id, l.created_at, l.id`,
          [externalClientIds],
        ))
          byExternal.set(r.k, r.id);
      if (emails.length)
        for (const r of await db.query<{ k: string; id: string }>(
          `SELECT DISTINCT ON (e.k) e.k, l.id
             FROM unnest($1::text[]) AS e(k) JOIN leads l ON l.emails @> ARRAY[e.k]
            ORDER BY e.k, l.created_at, l.id`,
          [emails],
        ))
          byEmail.set(r.k, r.id);
      return { byExternal, byEmail };
    },

    /** The id of the record of `table` that a file names (by name, or e-mail, number or TIN). */
    async idByName(table: string, value: string) {
      const cols = nameColumns[table] ?? ['name'];
      if (table === 'contacts') return null;
      const [row] = await db.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE ${cols.map((c) => `lower(${c}::text) = lower($1)`).join(' OR ')}
          ORDER BY id LIMIT 1`,
        [value.trim()],
      );
      return row?.id ?? null;
    },
  };
}
export type ImportsRepository = ReturnType<typeof createImportsRepository>;
