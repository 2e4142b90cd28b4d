import type { Queryable } from '../../db/client';
import { canSeeLead } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { createLeadsRepository } from '../leads/leads.repository';
import { createNotificationsRepository, type NewNotification } from './notifications.repository';
import type { Role } from '@leadline/contract';

/**
 * Writes notifications in the caller's transaction, each only to an active person who may see its lead:
 * a notification never tells a user about a lead their visibility hides.
 */
export async function notify(tx: Queryable, items: NewNotification[]): Promise<NewNotification[]> {
  if (items.length === 0) return [];
  const repo = createNotificationsRepository(tx);
  const people = new Map(
    (await repo.recipients([...new Set(items.map((i) => i.userId))])).map((u) => [u.id, u]),
  );
  const leads = createLeadsRepository(tx);
  const leadCache = new Map<string, Awaited<ReturnType<typeof leads.get>>>();
  const allowed: NewNotification[] = [];
  for (const item of items) {
    const u = people.get(item.userId);
    if (!u) continue;
    if (item.leadId) {
      if (!leadCache.has(item.leadId)) leadCache.set(item.leadId, await leads.get(item.leadId));
      const lead = leadCache.get(item.leadId);
      const p: Principal = {
        userId: u.id,
        name: u.name,
        email: u.email,
        roles: u.roles as Role[],
        unitIds: u.unit_ids,
        partnerCompanyId: u.partner_company_id,
        via: 'session',
      };
      if (!lead || !canSeeLead((await leadContextOf(tx, p)).scope, lead)) continue;
    }
    allowed.push(item);
  }
  await repo.insert(allowed);
  return allowed;
}

/** How a notification names a lead. */
export const leadLabel = (lead: { number: string; name: string }) => `${lead.number} «${lead.name}»`;
