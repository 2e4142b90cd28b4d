import type { Role, User, Unit } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { camelRow, likePattern } from '../../lib/sql';
import { afterCursor, orderAndLimit, type Keyset, type SortColumn } from '../../lib/pagination';

const userSelect = `SELECT u.id, u.email, u.name, u.roles, u.partner_company_id, u.active, u.away, u.locale, u.version,
    u.created_at, u.updated_at,
    coalesce((SELECT array_agg(m.unit_id::text ORDER BY m.unit_id) FROM unit_members m WHERE m.user_id = u.id),
             '{}'::text[]) AS unit_ids
  FROM users u`;

export const userSortColumns: Record<string, SortColumn> = {
  name: { sql: 'u.name', cast: 'text' },
  email: { sql: 'u.email', cast: 'text', nullable: true },
  createdAt: { sql: 'u.created_at', cast: 'timestamptz' },
};

const unitSelect = `SELECT n.id, n.name, n.active, n.version, n.created_at, n.updated_at,
    coalesce((SELECT array_agg(m.user_id::text ORDER BY m.user_id) FROM unit_members m WHERE m.unit_id = n.id),
             '{}'::text[]) AS member_ids,
    coalesce((SELECT array_agg(c.collaborating_unit_id::text ORDER BY c.collaborating_unit_id)
                FROM unit_collaborations c WHERE c.unit_id = n.id), '{}'::text[]) AS collaborating_unit_ids
  FROM units n`;

export function createUsersRepository(db: Queryable) {
  return {
    /** An integration user's work ends with what it worked for (a web form's removal, say). */
    async retireIntegrationUser(userId: string) {
      await db.query('UPDATE users SET active = false, updated_at = now() WHERE id = $1 AND is_integration', [
        userId,
      ]);
    },
    /** Where and in which language to write to a person. */
    async mailRecipient(id: string) {
      const [row] = await db.query<{ email: string | null; name: string; locale: 'en' | 'ru' | null }>(
        'SELECT email, name, locale FROM users WHERE id = $1 AND NOT is_integration',
        [id],
      );
      return row;
    },
    async list(f: { q?: string; active?: boolean; role?: Role; unitId?: string }, k: Keyset) {
      const params: unknown[] = [];
      const where = ['NOT u.is_integration'];
      if (f.q) {
        params.push(likePattern(f.q));
        where.push(`(u.name ILIKE $${params.length} OR u.email ILIKE $${params.length})`);
      }
      if (f.active !== undefined) {
        params.push(f.active);
        where.push(`u.active = $${params.length}`);
      }
      if (f.role) {
        params.push(f.role);
        where.push(`$${params.length} = ANY (u.roles)`);
      }
      if (f.unitId) {
        params.push(f.unitId);
        where.push(
          `EXISTS (SELECT 1 FROM unit_members m WHERE m.user_id = u.id AND m.unit_id = $${params.length})`,
        );
      }
      const countParams = [...params];
      const countWhere = where.join(' AND ');
      const after = afterCursor(k, params);
      if (after) where.push(after);
      const rows = await db.query(
        `${userSelect} WHERE ${where.join(' AND ')} ${orderAndLimit(k, params)}`,
        params,
      );
      return {
        rows: rows.map((r) => camelRow<User>(r)),
        count: async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM users u WHERE ${countWhere}`,
              countParams,
            )
          )[0].n,
      };
    },
    /** People only, unless `includeIntegration`: a token's own user is visible to itself (/me). */
    async get(id: string, includeIntegration = false): Promise<User | undefined> {
      const rows = await db.query(`${userSelect} WHERE u.id = $1 AND (NOT u.is_integration OR $2)`, [
        id,
        includeIntegration,
      ]);
      return rows[0] ? camelRow<User>(rows[0]) : undefined;
    },
    async emailTaken(email: string, exceptId?: string) {
      const rows = await db.query(
        `SELECT 1 FROM users WHERE lower(email) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
        [email, exceptId ?? null],
      );
      return rows.length > 0;
    },
    async insert(u: {
      email: string | null;
      name: string;
      passwordHash: string | null;
      roles: Role[];
      partnerCompanyId: string | null;
      active: boolean;
      isIntegration?: boolean;
    }) {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO users (email, name, password_hash, roles, partner_company_id, active, is_integration)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [u.email, u.name, u.passwordHash, u.roles, u.partnerCompanyId, u.active, u.isIntegration ?? false],
      );
      return row.id;
    },
    async update(id: string, version: number | undefined, set: Record<string, unknown>) {
      const cols = Object.keys(set);
      const params: unknown[] = [id, ...cols.map((c) => set[c])];
      const assignments = cols.map((c, i) => `${c} = $${i + 2}`);
      assignments.push('version = version + 1', 'updated_at = now()');
      let versionCheck = '';
      if (version !== undefined) {
        params.push(version);
        versionCheck = ` AND version = $${params.length}`;
      }
      const rows = await db.query(
        `UPDATE users SET ${assignments.join(', ')} WHERE id = $1 AND NOT is_integration${versionCheck} RETURNING id`,
        params,
      );
      return rows.length > 0;
    },
    async setUnits(userId: string, unitIds: string[]) {
      await db.query('DELETE FROM unit_members WHERE user_id = $1', [userId]);
      if (unitIds.length > 0) {
        await db.query('INSERT INTO unit_members (unit_id, user_id) SELECT unnest($2::uuid[]), $1', [
          userId,
          unitIds,
        ]);
      }
    },
    async existingUnitIds(ids: string[]) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db.query<{ id: string }>('SELECT id FROM units WHERE id = ANY ($1::uuid[])', [ids]);
      return new Set(rows.map((r) => r.id));
    },
    async companyExists(id: string) {
      const rows = await db.query('SELECT 1 FROM companies WHERE id = $1', [id]);
      return rows.length > 0;
    },
    async existingUserIds(ids: string[]) {
      if (ids.length === 0) return new Set<string>();
      const rows = await db.query<{ id: string }>(
        'SELECT id FROM users WHERE id = ANY ($1::uuid[]) AND NOT is_integration',
        [ids],
      );
      return new Set(rows.map((r) => r.id));
    },
    async countActiveAdmins(exceptId: string) {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE active AND 'crm_admin' = ANY (roles) AND id <> $1 AND NOT is_integration`,
        [exceptId],
      );
      return rows[0].n;
    },
    async setPassword(id: string, passwordHash: string) {
      await db.query(
        'UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1',
        [id, passwordHash],
      );
    },
    /** What decides whether a user may own leads (see assignable-owner.ts). */
    async ownerCandidate(id: string) {
      const rows = await db.query<{ active: boolean; is_integration: boolean; roles: Role[] }>(
        'SELECT active, is_integration, roles FROM users WHERE id = $1',
        [id],
      );
      return rows[0];
    },
    async passwordHash(id: string) {
      const rows = await db.query<{ password_hash: string | null }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [id],
      );
      return rows[0]?.password_hash ?? null;
    },

    async listUnits(): Promise<Unit[]> {
      const rows = await db.query(`${unitSelect} ORDER BY n.name, n.id`);
      return rows.map((r) => camelRow<Unit>(r));
    },
    async getUnit(id: string): Promise<Unit | undefined> {
      const rows = await db.query(`${unitSelect} WHERE n.id = $1`, [id]);
      return rows[0] ? camelRow<Unit>(rows[0]) : undefined;
    },
    async unitNameTaken(name: string, exceptId?: string) {
      const rows = await db.query(
        `SELECT 1 FROM units WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
        [name, exceptId ?? null],
      );
      return rows.length > 0;
    },
    async insertUnit(name: string, active: boolean) {
      const [row] = await db.query<{ id: string }>(
        'INSERT INTO units (name, active) VALUES ($1, $2) RETURNING id',
        [name, active],
      );
      return row.id;
    },
    async updateUnit(id: string, version: number | undefined, set: { name?: string; active?: boolean }) {
      const rows = await db.query(
        `UPDATE units SET name = coalesce($2, name), active = coalesce($3, active), version = version + 1,
                updated_at = now()
          WHERE id = $1 AND ($4::int IS NULL OR version = $4) RETURNING id`,
        [id, set.name ?? null, set.active ?? null, version ?? null],
      );
      return rows.length > 0;
    },
    async setMembers(unitId: string, userIds: string[]) {
      await db.query('DELETE FROM unit_members WHERE unit_id = $1', [unitId]);
      if (userIds.length > 0) {
        await db.query('INSERT INTO unit_members (unit_id, user_id) SELECT $1, unnest($2::uuid[])', [
          unitId,
          userIds,
        ]);
      }
    },
    async setCollaborations(unitId: string, unitIds: string[]) {
      await db.query('DELETE FROM unit_collaborations WHERE unit_id = $1', [unitId]);
      if (unitIds.length > 0) {
        await db.query(
          'INSERT INTO unit_collaborations (unit_id, collaborating_unit_id) SELECT $1, unnest($2::uuid[])',
          [unitId, unitIds],
        );
      }
    },
    async deleteUnit(id: string) {
      const rows = await db.query('DELETE FROM units WHERE id = $1 RETURNING id', [id]);
      return rows.length > 0;
    },
    async unitVersion(id: string) {
      const rows = await db.query<{ version: number }>('SELECT version FROM units WHERE id = $1', [id]);
      return rows[0]?.version;
    },
    async userVersion(id: string) {
      const rows = await db.query<{ version: number }>(
        'SELECT version FROM users WHERE id = $1 AND NOT is_integration',
        [id],
      );
      return rows[0]?.version;
    },
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
