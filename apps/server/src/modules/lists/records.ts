import type { FieldError } from '@leadline/contract';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams, page } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { requirePrincipal } from '../../http/auth';
import { conflict, fieldError, invalid, notFound } from '../../http/errors';
import { ifMatchVersion, staleVersion } from '../../http/versioning';
import type { SortColumn } from '../../lib/keyset';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { keysetPage, type PageRequest } from '../../lib/pagination';
import { likePattern } from '../../lib/sql';

/**
 * Configuration records (lists of values, tags, cities, campaigns, lead types, the catalogue) share one
 * shape and one set of rules: every CRM user reads them, crm_admin writes them, names are unique without
 * case, references must exist (422 naming the field), PATCH honours If-Match, and a record still in use
 * is not deleted (409: retire it with active=false). This describes one such table.
 */
type Row = Record<string, unknown>;

/** An API field stored in one column, or in several (money), with its own encoding. */
export type FieldSpec =
  { col: string } | { cols: string[]; encode: (value: unknown) => unknown[]; decode: (row: Row) => unknown };

export interface LinkSpec {
  /** The join table, the column pointing at this record and the one pointing at the other. */
  table: string;
  own: string;
  other: string;
  /** The table the ids must exist in, and its name for messages. */
  target: string;
  label: string;
}

export interface RecordSpec {
  path: string;
  table: string;
  label: string;
  tag: string;
  fields: Record<string, FieldSpec>;
  /** Fields unique without case (name, number), and the code when there is one. */
  unique: string[];
  /** Single references that must exist: field -> [table, label]. */
  refs?: Record<string, [string, string]>;
  links?: Record<string, LinkSpec>;
  sortColumns: Record<string, SortColumn>;
  defaultSort: string;
  /** Columns that `q` searches (ILIKE). */
  search: string[];
  /** Extra exact filters of the list: query parameter -> column (text ones compared without case). */
  filters?: Record<string, { col: string; text?: boolean }>;
  /** Rules across fields, on the record as it would be after the change. */
  check?: (q: Queryable, next: Row, errors: FieldError[]) => Promise<void> | void;
  /** Uses that no foreign key protects (values kept as text, cascading join tables). */
  inUse?: (q: Queryable, current: Row) => Promise<boolean>;
  schemas: { item: z.ZodType; create: z.ZodType; patch: z.ZodType; query: z.ZodType };
}

const isForeignKeyViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23503';

function columnOf(spec: RecordSpec, field: string) {
  const f = spec.fields[field];
  return 'col' in f ? f.col : f.cols[0];
}

export function createRecordStore(spec: RecordSpec) {
  const linkSelects = Object.entries(spec.links ?? {}).map(
    ([field, l]) =>
      `coalesce((SELECT array_agg(x.${l.other}::text ORDER BY x.${l.other}) FROM ${l.table} x
                 WHERE x.${l.own} = t.id), '{}'::text[]) AS "link_${field}"`,
  );
  const columns = ['t.*', ...linkSelects].join(', ');

  const toItem = (row: Row): Row => {
    const item: Row = {};
    for (const key of ['id', 'version', 'created_at', 'updated_at']) {
      const v = row[key];
      item[key === 'created_at' ? 'createdAt' : key === 'updated_at' ? 'updatedAt' : key] =
        v instanceof Date ? v.toISOString() : v;
    }
    for (const [field, f] of Object.entries(spec.fields)) {
      item[field] = 'col' in f ? (row[f.col] ?? null) : f.decode(row);
    }
    for (const field of Object.keys(spec.links ?? {})) item[field] = row[`link_${field}`];
    return item;
  };

  return {
    toItem,
    async get(q: Queryable, id: string, lock = false): Promise<Row | undefined> {
      const rows = await q.query<Row>(
        `SELECT ${columns} FROM ${spec.table} t WHERE t.id = $1${lock ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] ? toItem(rows[0]) : undefined;
    },

    list(q: Queryable, query: PageRequest & Row) {
      const params: unknown[] = [];
      const where: string[] = [];
      if (typeof query.q === 'string' && query.q.trim()) {
        params.push(likePattern(query.q.trim()));
        where.push(`(${spec.search.map((c) => `t.${c} ILIKE $${params.length}`).join(' OR ')})`);
      }
      if (typeof query.active === 'boolean') {
        params.push(query.active);
        where.push(`t.active = $${params.length}`);
      }
      for (const [param, f] of Object.entries(spec.filters ?? {})) {
        if (query[param] === undefined) continue;
        params.push(query[param]);
        where.push(
          f.text ? `lower(t.${f.col}) = lower($${params.length})` : `t.${f.col} = $${params.length}`,
        );
      }
      return keysetPage(q, {
        columns,
        from: `${spec.table} t`,
        where,
        params,
        sortColumns: spec.sortColumns,
        defaultSort: spec.defaultSort,
        idColumn: 't.id',
        request: query,
        map: toItem,
      });
    },

    /** Every field at fault in the record as it would be after the change. */
    async validate(q: Queryable, next: Row, input: Row, selfId: string | null) {
      const errors: FieldError[] = [];
      for (const field of spec.unique) {
        const value = next[field];
        if (input[field] === undefined || value == null || value === '') continue;
        const rows = await q.query(
          `SELECT 1 FROM ${spec.table} WHERE lower(${columnOf(spec, field)}) = lower($1)
             AND id IS DISTINCT FROM $2::uuid`,
          [value, selfId],
        );
        if (rows.length) errors.push(fieldError(field, 'taken', `another ${spec.label} has this ${field}`));
      }
      for (const [field, [table, label]] of Object.entries(spec.refs ?? {})) {
        const id = input[field];
        if (typeof id !== 'string') continue;
        if (!(await q.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).length)
          errors.push(fieldError(field, 'not_found', `no such ${label}`));
      }
      for (const [field, l] of Object.entries(spec.links ?? {})) {
        const ids = input[field];
        if (!Array.isArray(ids) || ids.length === 0) continue;
        const found = new Set(
          (
            await q.query<{ id: string }>(
              `SELECT id::text AS id FROM ${l.target} WHERE id = ANY ($1::uuid[])`,
              [ids],
            )
          ).map((r) => r.id),
        );
        (ids as string[]).forEach((id, i) => {
          if (!found.has(id)) errors.push(fieldError(`${field}.${i}`, 'not_found', `no such ${l.label}`));
        });
      }
      await spec.check?.(q, next, errors);
      return errors;
    },

    async write(q: Queryable, id: string | null, input: Row, version?: number): Promise<string> {
      const cols: string[] = [];
      const values: unknown[] = [];
      for (const [field, f] of Object.entries(spec.fields)) {
        if (input[field] === undefined) continue;
        if ('col' in f) {
          cols.push(f.col);
          values.push(input[field]);
        } else {
          cols.push(...f.cols);
          values.push(...f.encode(input[field]));
        }
      }
      let recordId = id;
      if (recordId === null) {
        const [row] = await q.query<{ id: string }>(
          cols.length
            ? `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
               RETURNING id`
            : `INSERT INTO ${spec.table} DEFAULT VALUES RETURNING id`,
          values,
        );
        recordId = row.id;
      } else {
        const sets = cols.map((c, i) => `${c} = $${i + 3}`);
        sets.push('version = version + 1', 'updated_at = now()');
        const rows = await q.query(
          `UPDATE ${spec.table} SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING id`,
          [recordId, version, ...values],
        );
        if (!rows.length) throw staleVersion((version ?? 0) + 1);
      }
      for (const [field, l] of Object.entries(spec.links ?? {})) {
        const ids = input[field];
        if (!Array.isArray(ids)) continue;
        await q.query(`DELETE FROM ${l.table} WHERE ${l.own} = $1`, [recordId]);
        if (ids.length)
          await q.query(
            `INSERT INTO ${l.table} (${l.own}, ${l.other}) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
            [recordId, [...new Set(ids as string[])]],
          );
      }
      return recordId;
    },
  };
}

export function createRecordService(spec: RecordSpec, db: Database) {
  const store = createRecordStore(spec);
  return {
    spec,
    store,
    async list(p: Principal, query: PageRequest & Row) {
      authorize(p, 'read', 'configuration');
      return store.list(db, query);
    },
    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const item = await store.get(db, id);
      if (!item) throw notFound(spec.label);
      return item;
    },
    async create(p: Principal, input: Row) {
      authorize(p, 'create', 'configuration');
      return db.transaction(async (tx) => {
        const errors = await store.validate(tx, input, input, null);
        if (errors.length) throw invalid(errors);
        return (await store.get(tx, await store.write(tx, null, input)))!;
      });
    },
    async update(p: Principal, id: string, input: Row, version: number | undefined) {
      authorize(p, 'update', 'configuration');
      return db.transaction(async (tx) => {
        const current = await store.get(tx, id, true);
        if (!current) throw notFound(spec.label);
        if (version !== undefined && version !== current.version)
          throw staleVersion(current.version as number);
        const errors = await store.validate(tx, { ...current, ...input }, input, id);
        if (errors.length) throw invalid(errors);
        await store.write(tx, id, input, current.version as number);
        return (await store.get(tx, id))!;
      });
    },
    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      try {
        await db.transaction(async (tx) => {
          const current = await store.get(tx, id, true);
          if (!current) throw notFound(spec.label);
          if (await spec.inUse?.(tx, current)) throw inUse(spec.label);
          await tx.query(`DELETE FROM ${spec.table} WHERE id = $1`, [id]);
        });
      } catch (err) {
        if (isForeignKeyViolation(err)) throw inUse(spec.label);
        throw err;
      }
    },
  };
}
export type RecordService = ReturnType<typeof createRecordService>;

const inUse = (label: string) =>
  conflict(`This ${label} is in use; retire it with active=false instead of deleting it.`, 'in_use');

/** GET|POST /api/v1/<path> and GET|PATCH|DELETE /api/v1/<path>/{id} for one configuration table. */
export function recordRoutes(app: FastifyInstance, service: RecordService) {
  const { spec } = service;
  const base = `/api/v1/${spec.path}`;
  const tags = [spec.tag];
  const idOf = (params: unknown) => (params as { id: string }).id;
  app.route({
    method: 'GET',
    url: base,
    schema: {
      tags,
      summary: `List ${spec.label}s`,
      querystring: spec.schemas.query,
      response: { 200: page(spec.schemas.item) },
    },
    handler: (req) => service.list(requirePrincipal(req), req.query as PageRequest & Row),
  });
  app.route({
    method: 'POST',
    url: base,
    schema: {
      tags,
      summary: `Create a ${spec.label} (crm_admin)`,
      body: spec.schemas.create,
      response: { 201: spec.schemas.item },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await service.create(requirePrincipal(req), req.body as Row)),
  });
  app.route({
    method: 'GET',
    url: `${base}/:id`,
    schema: { tags, summary: `Get a ${spec.label}`, params: IdParams, response: { 200: spec.schemas.item } },
    handler: (req) => service.get(requirePrincipal(req), idOf(req.params)),
  });
  app.route({
    method: 'PATCH',
    url: `${base}/:id`,
    schema: {
      tags,
      summary: `Change a ${spec.label} (crm_admin); If-Match: version`,
      params: IdParams,
      body: spec.schemas.patch,
      response: { 200: spec.schemas.item },
    },
    handler: (req) =>
      service.update(requirePrincipal(req), idOf(req.params), req.body as Row, ifMatchVersion(req)),
  });
  app.route({
    method: 'DELETE',
    url: `${base}/:id`,
    schema: {
      tags,
      summary: `Delete a ${spec.label} that is not in use (crm_admin)`,
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await service.remove(requirePrincipal(req), idOf(req.params));
      return reply.status(204).send(null);
    },
  });
}
