import type { z } from 'zod';
import type {
  DisqualificationCode,
  DisqualificationCodeCreate,
  DisqualificationCodePatch,
  LeadStatus,
  LeadStatusCreate,
  LeadStatusPatch,
} from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { conflict, fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { camelRow } from '../../lib/sql';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { readSettings } from '../settings/settings.service';

const statusSelect = `SELECT s.id, s.name, s.color, s.phase, s.position, s.active, s.version, s.created_at, s.updated_at,
    EXISTS (SELECT 1 FROM leads l WHERE l.status_id = s.id) AS in_use
  FROM lead_statuses s`;

const codeSelect = `SELECT id, name, creates_opportunity, position, active, version, created_at, updated_at
  FROM disqualification_codes`;

const defaultKeys = [
  'defaultNewStatusId',
  'defaultWonStatusId',
  'defaultLostStatusId',
  'defaultDroppedStatusId',
] as const;

async function nameTaken(q: Queryable, table: string, name: string, exceptId?: string) {
  const rows = await q.query(
    `SELECT 1 FROM ${table} WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
    [name, exceptId ?? null],
  );
  return rows.length > 0;
}

/**
 * Pipeline configuration: statuses (each in one fixed phase, ordered, retired rather than deleted once
 * used) and disqualification codes. Only crm_admin changes them; every CRM user reads them.
 */
export function createStatusesService({ db }: { db: Database }) {
  const getStatus = async (q: Queryable, id: string) => {
    const [row] = await q.query(`${statusSelect} WHERE s.id = $1`, [id]);
    return row ? camelRow<LeadStatus>(row) : undefined;
  };
  const getCode = async (q: Queryable, id: string) => {
    const [row] = await q.query(`${codeSelect} WHERE id = $1`, [id]);
    return row ? camelRow<DisqualificationCode>(row) : undefined;
  };
  /** A status that settings name as a default must stay active and keep its phase. */
  const defaultRole = async (q: Queryable, id: string) => {
    const s = await readSettings(q);
    return defaultKeys.find((k) => s[k] === id);
  };

  return {
    async listStatuses(p: Principal, active?: boolean) {
      authorize(p, 'read', 'configuration');
      const rows = await db.query(
        `${statusSelect} WHERE ($1::boolean IS NULL OR s.active = $1) ORDER BY s.position, s.name, s.id`,
        [active ?? null],
      );
      const items = rows.map((r) => camelRow<LeadStatus>(r));
      return { items, nextCursor: null, total: items.length };
    },
    async getStatus(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const s = await getStatus(db, id);
      if (!s) throw notFound('status');
      return s;
    },
    async createStatus(p: Principal, input: z.infer<typeof LeadStatusCreate>) {
      authorize(p, 'create', 'configuration');
      return db.transaction(async (tx) => {
        if (await nameTaken(tx, 'lead_statuses', input.name))
          throw invalid([fieldError('name', 'taken', 'another status has this name')]);
        const [{ next }] = await tx.query<{ next: number }>(
          'SELECT coalesce(max(position), 0) + 1 AS next FROM lead_statuses',
        );
        const [row] = await tx.query<{ id: string }>(
          'INSERT INTO lead_statuses (name, color, phase, position, active) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [input.name, input.color, input.phase, input.position ?? next, input.active],
        );
        return (await getStatus(tx, row.id))!;
      });
    },
    async updateStatus(
      p: Principal,
      id: string,
      input: z.infer<typeof LeadStatusPatch>,
      version: number | undefined,
    ) {
      authorize(p, 'update', 'configuration');
      return db.transaction(async (tx) => {
        const current = await getStatus(tx, id);
        if (!current) throw notFound('status');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const errors = [];
        if (input.name && (await nameTaken(tx, 'lead_statuses', input.name, id))) {
          errors.push(fieldError('name', 'taken', 'another status has this name'));
        }
        if (input.phase && input.phase !== current.phase) {
          // Leads carry their status's phase; moving a used status to another phase would rewrite history.
          if (current.inUse)
            errors.push(fieldError('phase', 'in_use', 'the phase of a status in use cannot change'));
          if (await defaultRole(tx, id))
            errors.push(fieldError('phase', 'default_status', 'this status is a default in the settings'));
        }
        if (input.active === false && (await defaultRole(tx, id))) {
          errors.push(
            fieldError(
              'active',
              'default_status',
              'a default status of the settings cannot be retired; choose another default first',
            ),
          );
        }
        if (errors.length) throw invalid(errors);
        const rows = await tx.query(
          `UPDATE lead_statuses SET name = coalesce($2, name), color = coalesce($3, color), phase = coalesce($4, phase),
                  position = coalesce($5, position), active = coalesce($6, active), version = version + 1, updated_at = now()
            WHERE id = $1 AND ($7::int IS NULL OR version = $7) RETURNING id`,
          [
            id,
            input.name ?? null,
            input.color ?? null,
            input.phase ?? null,
            input.position ?? null,
            input.active ?? null,
            version ?? null,
          ],
        );
        if (rows.length === 0) throw staleVersion(current.version);
        return (await getStatus(tx, id))!;
      });
    },
    /** Sets the order of the statuses: the listed ids first, in that order, the others after them. */
    async reorderStatuses(p: Principal, ids: string[]) {
      authorize(p, 'update', 'configuration');
      return db.transaction(async (tx) => {
        const known = await tx.query<{ id: string }>(
          'SELECT id FROM lead_statuses WHERE id = ANY ($1::uuid[])',
          [ids],
        );
        const found = new Set(known.map((r) => r.id));
        const errors = ids.flatMap((id, i) =>
          found.has(id) ? [] : [fieldError(`ids.${i}`, 'not_found', 'no such status')],
        );
        if (new Set(ids).size !== ids.length)
          errors.push(fieldError('ids', 'duplicate', 'each status may appear once'));
        if (errors.length) throw invalid(errors);
        await tx.query(
          `WITH wanted AS (SELECT id, ord FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)),
                ordered AS (
                  SELECT s.id, row_number() OVER (ORDER BY w.ord NULLS LAST, s.position, s.name) AS pos
                    FROM lead_statuses s LEFT JOIN wanted w ON w.id = s.id)
           UPDATE lead_statuses s SET position = o.pos, version = s.version + 1, updated_at = now()
             FROM ordered o WHERE o.id = s.id AND s.position IS DISTINCT FROM o.pos`,
          [ids],
        );
        const rows = await tx.query(`${statusSelect} ORDER BY s.position, s.id`);
        const items = rows.map((r) => camelRow<LeadStatus>(r));
        return { items, nextCursor: null, total: items.length };
      });
    },
    async deleteStatus(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await db.transaction(async (tx) => {
        const current = await getStatus(tx, id);
        if (!current) throw notFound('status');
        if (current.inUse)
          throw conflict('The status is used by leads; retire it (active: false) instead.', 'status_in_use');
        if (await defaultRole(tx, id))
          throw conflict(
            'The status is a default in the settings; choose another default first.',
            'default_status',
          );
        await tx.query('DELETE FROM lead_statuses WHERE id = $1', [id]);
      });
    },

    async listCodes(p: Principal, active?: boolean) {
      authorize(p, 'read', 'configuration');
      const rows = await db.query(
        `${codeSelect} WHERE ($1::boolean IS NULL OR active = $1) ORDER BY position, name, id`,
        [active ?? null],
      );
      const items = rows.map((r) => camelRow<DisqualificationCode>(r));
      return { items, nextCursor: null, total: items.length };
    },
    async getCode(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const c = await getCode(db, id);
      if (!c) throw notFound('disqualification code');
      return c;
    },
    async createCode(p: Principal, input: z.infer<typeof DisqualificationCodeCreate>) {
      authorize(p, 'create', 'configuration');
      return db.transaction(async (tx) => {
        if (await nameTaken(tx, 'disqualification_codes', input.name)) {
          throw invalid([fieldError('name', 'taken', 'another code has this name')]);
        }
        const [{ next }] = await tx.query<{ next: number }>(
          'SELECT coalesce(max(position), 0) + 1 AS next FROM disqualification_codes',
        );
        const [row] = await tx.query<{ id: string }>(
          'INSERT INTO disqualification_codes (name, creates_opportunity, position, active) VALUES ($1, $2, $3, $4) RETURNING id',
          [input.name, input.createsOpportunity, input.position ?? next, input.active],
        );
        return (await getCode(tx, row.id))!;
      });
    },
    async updateCode(
      p: Principal,
      id: string,
      input: z.infer<typeof DisqualificationCodePatch>,
      version: number | undefined,
    ) {
      authorize(p, 'update', 'configuration');
      return db.transaction(async (tx) => {
        const current = await getCode(tx, id);
        if (!current) throw notFound('disqualification code');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        if (input.name && (await nameTaken(tx, 'disqualification_codes', input.name, id))) {
          throw invalid([fieldError('name', 'taken', 'another code has this name')]);
        }
        await tx.query(
          `UPDATE disqualification_codes SET name = coalesce($2, name), creates_opportunity = coalesce($3, creates_opportunity),
                  position = coalesce($4, position), active = coalesce($5, active), version = version + 1, updated_at = now()
            WHERE id = $1`,
          [
            id,
            input.name ?? null,
            input.createsOpportunity ?? null,
            input.position ?? null,
            input.active ?? null,
          ],
        );
        return (await getCode(tx, id))!;
      });
    },
    async deleteCode(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await db.transaction(async (tx) => {
        if (!(await getCode(tx, id))) throw notFound('disqualification code');
        const used = await tx.query('SELECT 1 FROM leads WHERE disqualification_code_id = $1 LIMIT 1', [id]);
        if (used.length > 0)
          throw conflict('The code is used by leads; retire it (active: false) instead.', 'code_in_use');
        await tx.query('DELETE FROM disqualification_codes WHERE id = $1', [id]);
      });
    },
  };
}
export type StatusesService = ReturnType<typeof createStatusesService>;
