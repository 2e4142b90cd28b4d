import type { Queryable } from '../../db/client';
import type { LeadChange, LeadHooks } from '../leads/lead-hooks';
import { createNotificationsRepository, type NewNotification } from './notifications.repository';
import { leadLabel, notify } from './notify';

/** Who is told of a lead entering a unit's queue; a chunk of leads asks it once per unit. */
type UnitMembers = (unitId: string) => Promise<string[]>;

const membersOnce = (tx: Queryable): UnitMembers => {
  const known = new Map<string, Promise<string[]>>();
  return (unitId) => {
    if (!known.has(unitId)) known.set(unitId, createNotificationsRepository(tx).unitMembers(unitId));
    return known.get(unitId)!;
  };
};

/**
 * Notifications about leads: the new owner learns a lead was assigned to them, a unit's members that a
 * lead entered their queue (no owner, the unit's), a user that a comment mentions them by `@name`.
 * Nobody is told about what they did themselves.
 */
async function changeItems(members: UnitMembers, { actorId, before, after }: LeadChange) {
  const items: NewNotification[] = [];
  if (after.ownerId && after.ownerId !== (before?.ownerId ?? null) && after.ownerId !== actorId) {
    items.push({
      userId: after.ownerId,
      kind: 'assigned',
      leadId: after.id,
      text: `Lead ${leadLabel(after)} was assigned to you.`,
    });
  }
  const enteredQueue =
    after.ownerId === null &&
    after.unitId !== null &&
    (before === null || before.unitId !== after.unitId || before.ownerId !== null);
  if (enteredQueue && after.unitId) {
    for (const userId of await members(after.unitId)) {
      if (userId === actorId) continue;
      items.push({
        userId,
        kind: 'queue',
        leadId: after.id,
        text: `Lead ${leadLabel(after)} entered your unit's queue.`,
      });
    }
  }
  return items;
}

export const leadNotificationHooks: LeadHooks = {
  async changed(tx, change) {
    await notify(tx, await changeItems(membersOnce(tx), change));
  },

  // The leads are read only when one of them has someone to tell; their notifications are written at once.
  async createdMany(tx, { actorId, ids, leads }) {
    if (!(await createNotificationsRepository(tx).anyToTell(ids, actorId))) return;
    const items: NewNotification[] = [];
    const members = membersOnce(tx);
    for (const after of await leads())
      items.push(...(await changeItems(members, { actorId, before: null, after })));
    await notify(tx, items);
  },

  async commented(tx, { actorId, actorName, lead, body }) {
    if (!body.includes('@')) return;
    const ids = await createNotificationsRepository(tx).mentioned(body);
    await notify(
      tx,
      ids
        .filter((id) => id !== actorId)
        .map((userId) => ({
          userId,
          kind: 'mention' as const,
          leadId: lead.id,
          text: `${actorName} mentioned you on lead ${leadLabel(lead)}.`,
        })),
    );
  },
};
