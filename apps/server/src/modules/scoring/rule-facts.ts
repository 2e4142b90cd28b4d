import type { RuleFacts } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { camelRow } from '../../lib/sql';

/** What happened on a lead, as rule conditions read it under `events`. */
const eventsSql = `SELECT
    (SELECT count(*)::int FROM activities a WHERE a.lead_id = $1 AND a.done AND a.type = 'meeting') AS meetings_held,
    (SELECT count(*)::int FROM activities a WHERE a.lead_id = $1 AND a.done AND a.type = 'call') AS calls_done,
    (SELECT count(*)::int FROM activities a WHERE a.lead_id = $1 AND a.done) AS activities_done,
    (SELECT count(*)::int FROM activities a WHERE a.lead_id = $1 AND NOT a.done) AS activities_open,
    (SELECT count(*)::int FROM lead_messages m WHERE m.lead_id = $1 AND m.channel = 'email'
        AND m.status = 'sent') AS emails_sent,
    (SELECT count(*)::int FROM lead_messages m WHERE m.lead_id = $1 AND m.channel = 'email'
        AND m.status = 'sent' AND m.template_id IS NOT NULL) AS template_emails_sent,
    (SELECT count(*)::int FROM lead_messages m WHERE m.lead_id = $1 AND m.channel = 'sms'
        AND m.status = 'sent') AS sms_sent`;

export interface FactsExtra {
  /** The web form a lead being created came through. */
  webFormId?: string | null;
  /** How the lead came in: api, import or web_form. */
  channel?: string;
}

const noEvents = {
  meetingsHeld: 0,
  callsDone: 0,
  activitiesDone: 0,
  activitiesOpen: 0,
  emailsSent: 0,
  templateEmailsSent: 0,
  smsSent: 0,
};

/**
 * The facts rule conditions are evaluated on: the lead's fields as the API names them, its company and
 * contact records, and its events. `lead` is a stored lead or the values of one being created (no id yet).
 */
export async function ruleFactsOf(
  q: Queryable,
  lead: Record<string, unknown>,
  extra: FactsExtra = {},
): Promise<RuleFacts> {
  const companyId = lead.companyId as string | null | undefined;
  const contactId = lead.contactId as string | null | undefined;
  const id = lead.id as string | undefined;
  const company = companyId ? await recordOf(q, 'companies', companyId) : null;
  const contact = contactId ? await recordOf(q, 'contacts', contactId) : null;
  const events = id ? camelRow<Record<string, unknown>>((await q.query(eventsSql, [id]))[0]) : noEvents;
  const last = (lead.lastEventAt as string | null | undefined) ?? (lead.createdAt as string | undefined);
  const daysWithoutActivity = last ? Math.floor((Date.now() - Date.parse(last)) / 86_400_000) : 0;
  return {
    lead,
    company,
    contact,
    events: {
      ...events,
      daysWithoutActivity,
      webFormId: extra.webFormId ?? null,
      channel: extra.channel ?? null,
    },
  };
}

/** A company or contact as conditions read it: its columns in camelCase, without the search text. */
async function recordOf(q: Queryable, table: 'companies' | 'contacts', id: string) {
  const [row] = await q.query(`SELECT * FROM ${table} WHERE id = $1`, [id]);
  if (!row) return null;
  const { searchText: _searchText, ...rest } = camelRow<Record<string, unknown>>(row);
  return rest;
}
