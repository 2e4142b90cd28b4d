import { phases, type DisqualificationCode, type LeadStatus, type Phase } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { camelRow } from '../../lib/sql';

// Whether leads use a status or a code is read here, on the leads' column that points at this module's
// tables: the one read outside the module's own tables, so that a retired status can say it is in use.
const statusSelect = `SELECT s.id, s.name, s.color, s.phase, s.position, s.active, s.version, s.created_at, s.updated_at,
    EXISTS (SELECT 1 FROM leads l WHERE l.status_id = s.id) AS in_use
  FROM lead_statuses s`;

const codeSelect = `SELECT id, name, creates_opportunity, position, active, version, created_at, updated_at
  FROM disqualification_codes`;

type Table = 'lead_statuses' | 'disqualification_codes';

export interface StatusChanges {
  name?: string | null;
  color?: string | null;
  phase?: Phase | null;
  position?: number | null;
  active?: boolean | null;
}
export interface CodeChanges {
  name?: string | null;
  createsOpportunity?: boolean | null;
  position?: number | null;
  active?: boolean | null;
}

/** Lead statuses and disqualification codes. */
export function createStatusesRepository(q: Queryable) {
  const nextPosition = async (table: Table) =>
    (await q.query<{ next: number }>(`SELECT coalesce(max(position), 0) + 1 AS next FROM ${table}`))[0].next;

  /**
   * The place of a new status: right after the last status of its phase (or of the phases before it), so
   * a new open status comes before the closed ones; the statuses after it move down by one.
   */
  const afterItsPhase = async (phase: Phase) => {
    const earlier = phases.slice(0, phases.indexOf(phase) + 1);
    const [{ at }] = await q.query<{ at: number }>(
      'SELECT coalesce(max(position), 0) + 1 AS at FROM lead_statuses WHERE phase = ANY ($1::text[])',
      [earlier],
    );
    await q.query(
      'UPDATE lead_statuses SET position = position + 1, version = version + 1, updated_at = now() WHERE position >= $1',
      [at],
    );
    return at;
  };

  return {
    async nameTaken(table: Table, name: string, exceptId?: string) {
      const rows = await q.query(
        `SELECT 1 FROM ${table} WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
        [name, exceptId ?? null],
      );
      return rows.length > 0;
    },

    async getStatus(id: string) {
      const [row] = await q.query(`${statusSelect} WHERE s.id = $1`, [id]);
      return row ? camelRow<LeadStatus>(row) : undefined;
    },

    async listStatuses(active?: boolean) {
      const rows = await q.query(
        `${statusSelect} WHERE ($1::boolean IS NULL OR s.active = $1) ORDER BY s.position, s.name, s.id`,
        [active ?? null],
      );
      return rows.map((r) => camelRow<LeadStatus>(r));
    },

    async insertStatus(s: { name: string; color: string; phase: Phase; position?: number; active: boolean }) {
      const position = s.position ?? (await afterItsPhase(s.phase));
      const [row] = await q.query<{ id: string }>(
        'INSERT INTO lead_statuses (name, color, phase, position, active) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [s.name, s.color, s.phase, position, s.active],
      );
      return row.id;
    },

    /** Changes the fields given; false when `version` is stale. */
    async updateStatus(id: string, c: StatusChanges, version: number | undefined) {
      const rows = await q.query(
        `UPDATE lead_statuses SET name = coalesce($2, name), color = coalesce($3, color), phase = coalesce($4, phase),
                position = coalesce($5, position), active = coalesce($6, active), version = version + 1, updated_at = now()
          WHERE id = $1 AND ($7::int IS NULL OR version = $7) RETURNING id`,
        [
          id,
          c.name ?? null,
          c.color ?? null,
          c.phase ?? null,
          c.position ?? null,
          c.active ?? null,
          version ?? null,
        ],
      );
      return rows.length > 0;
    },

    async existingStatusIds(ids: string[]) {
      const rows = await q.query<{ id: string }>('SELECT id FROM lead_statuses WHERE id = ANY ($1::uuid[])', [
        ids,
      ]);
      return new Set(rows.map((r) => r.id));
    },

    /** The listed statuses first, in that order, the others after them. */
    async reorderStatuses(ids: string[]) {
      await q.query(
        `WITH wanted AS (SELECT id, ord FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)),
              ordered AS (
                SELECT s.id, row_number() OVER (ORDER BY w.ord NULLS LAST, s.position, s.name) AS pos
                  FROM lead_statuses s LEFT JOIN wanted w ON w.id = s.id)
         UPDATE lead_statuses s SET position = o.pos, version = s.version + 1, updated_at = now()
           FROM ordered o WHERE o.id = s.id AND s.position IS DISTINCT FROM o.pos`,
        [ids],
      );
    },

    async allStatusesInOrder() {
      const rows = await q.query(`${statusSelect} ORDER BY s.position, s.id`);
      return rows.map((r) => camelRow<LeadStatus>(r));
    },

    async deleteStatus(id: string) {
      await q.query('DELETE FROM lead_statuses WHERE id = $1', [id]);
    },

    /** A status by id, as the lead actions need it. */
    async statusById(id: string) {
      const rows = await q.query<{ id: string; phase: Phase; active: boolean; name: string }>(
        'SELECT id, phase, active, name FROM lead_statuses WHERE id = $1',
        [id],
      );
      return rows[0];
    },

    /** The first active status of a phase in pipeline order. */
    async firstStatusOf(phase: Phase) {
      const rows = await q.query<{ id: string; phase: Phase }>(
        'SELECT id, phase FROM lead_statuses WHERE phase = $1 AND active ORDER BY position, id LIMIT 1',
        [phase],
      );
      return rows[0];
    },

    async getCode(id: string) {
      const [row] = await q.query(`${codeSelect} WHERE id = $1`, [id]);
      return row ? camelRow<DisqualificationCode>(row) : undefined;
    },

    async listCodes(active?: boolean) {
      const rows = await q.query(
        `${codeSelect} WHERE ($1::boolean IS NULL OR active = $1) ORDER BY position, name, id`,
        [active ?? null],
      );
      return rows.map((r) => camelRow<DisqualificationCode>(r));
    },

    async insertCode(c: { name: string; createsOpportunity: boolean; position?: number; active: boolean }) {
      const position = c.position ?? (await nextPosition('disqualification_codes'));
      const [row] = await q.query<{ id: string }>(
        'INSERT INTO disqualification_codes (name, creates_opportunity, position, active) VALUES ($1, $2, $3, $4) RETURNING id',
        [c.name, c.createsOpportunity, position, c.active],
      );
      return row.id;
    },

    async updateCode(id: string, c: CodeChanges) {
      await q.query(
        `UPDATE disqualification_codes SET name = coalesce($2, name), creates_opportunity = coalesce($3, creates_opportunity),
                position = coalesce($4, position), active = coalesce($5, active), version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, c.name ?? null, c.createsOpportunity ?? null, c.position ?? null, c.active ?? null],
      );
    },

    async codeInUse(id: string) {
      const used = await q.query('SELECT 1 FROM leads WHERE disqualification_code_id = $1 LIMIT 1', [id]);
      return used.length > 0;
    },

    async deleteCode(id: string) {
      await q.query('DELETE FROM disqualification_codes WHERE id = $1', [id]);
    },

    /** A disqualification code as the Disqualify action needs it. */
    async codeById(id: string) {
      const rows = await q.query<{ active: boolean; creates_opportunity: boolean }>(
        'SELECT active, creates_opportunity FROM disqualification_codes WHERE id = $1',
        [id],
      );
      return rows[0];
    },
  };
}
