import type { Phase, Settings } from '@leadline/contract';
import { prepared, type Queryable } from '../../db/client';
import { leadScope, type LeadScope } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { settingsOf } from '../settings/settings.service';
import { jsonValue } from '../../lib/sql';

/** What every lead request needs to know before it reads or writes, read in one round trip. */
export interface LeadContext {
  settings: Settings;
  scope: LeadScope;
  /** `YYYY-MM-DD` as the database sees today. */
  today: string;
  /** Where a new lead starts: the settings' default new status, else the first active one of the new phase. */
  newStatus: { id: string; phase: Phase } | null;
}

const statusJson = `json_build_object('id', s.id, 'phase', s.phase)`;

const contextSql = prepared(`SELECT
    (SELECT coalesce(json_object_agg(key, value), '{}'::json) FROM settings) AS settings,
    current_date::text AS today,
    ARRAY(SELECT unnest($1::uuid[])::text
          UNION SELECT collaborating_unit_id::text FROM unit_collaborations WHERE unit_id = ANY ($1::uuid[])
          UNION SELECT unit_id::text FROM unit_collaborations WHERE collaborating_unit_id = ANY ($1::uuid[]))
      AS team_unit_ids,
    coalesce(
      (SELECT ${statusJson} FROM lead_statuses s
        WHERE s.id::text = (SELECT value #>> '{}' FROM settings WHERE key = 'defaultNewStatusId')),
      (SELECT ${statusJson} FROM lead_statuses s WHERE s.phase = 'new' AND s.active
        ORDER BY s.position, s.id LIMIT 1)) AS new_status`);

/**
 * The settings, the leads this user may see (the visibility setting and their units with the units
 * collaborating with them, either way round), today and the status new leads start in. Read once for
 * many requests (the database's memo): they change only through the administration.
 */
export async function leadContextOf(q: Queryable, p: Principal): Promise<LeadContext> {
  const units = [...p.unitIds].sort();
  // Kept parsed: the settings' parse is done once per memo entry, not on every request.
  const row = await q.memo.get(`lead-context:${units.join(',')}`, async () => {
    const [r] = await q.query<{
      settings: Record<string, unknown> | string;
      today: string;
      team_unit_ids: string[];
      new_status: { id: string; phase: Phase } | string | null;
    }>(contextSql, [units]);
    return {
      settings: settingsOf(jsonValue(r.settings)),
      today: r.today,
      teamUnitIds: r.team_unit_ids,
      newStatus: r.new_status ? jsonValue<{ id: string; phase: Phase }>(r.new_status) : null,
    };
  });
  return {
    settings: row.settings,
    scope: leadScope(p, row.settings.visibility, row.settings.visibility === 'team' ? row.teamUnitIds : []),
    today: row.today,
    newStatus: row.newStatus,
  };
}

/** The leads this user may see, from the visibility setting and their units. */
export async function leadScopeOf(q: Queryable, p: Principal): Promise<LeadScope> {
  return (await leadContextOf(q, p)).scope;
}
