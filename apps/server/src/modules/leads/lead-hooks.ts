import type { Lead } from '@leadline/contract';
import type { Queryable } from '../../db/client';

/**
 * A change of a lead as the modules that react to it see it (notifications, and later automatic messages
 * and webhooks), inside the transaction of the change: what they write commits or rolls back with it.
 */
export interface LeadChange {
  actorId: string | null;
  /** null when the lead was just created. */
  before: Lead | null;
  after: Lead;
  /** The pipeline action that made the change, when one did. */
  action?: string;
}

/** A comment written on a lead; `body` is the sanitised HTML the timeline shows. */
export interface LeadComment {
  actorId: string;
  actorName: string;
  lead: Lead;
  body: string;
}

/**
 * Many leads created together (a chunk of an import): the hooks hear of them once, and read the leads
 * only when they need them (`leads()` reads them once for every hook).
 */
export interface LeadsCreated {
  actorId: string | null;
  ids: string[];
  leads(): Promise<Lead[]>;
}

export interface LeadHooks {
  changed?(tx: Queryable, change: LeadChange): Promise<void>;
  /** The set form of `changed` for new leads; a module without it hears `changed` for each lead. */
  createdMany?(tx: Queryable, created: LeadsCreated): Promise<void>;
  commented?(tx: Queryable, comment: LeadComment): Promise<void>;
}

/** `changed` for each of many new leads, as a module without `createdMany` hears of them. */
export async function eachCreated(
  tx: Queryable,
  changed: NonNullable<LeadHooks['changed']>,
  { actorId, leads }: LeadsCreated,
) {
  for (const after of await leads()) await changed(tx, { actorId, before: null, after });
}

/** Runs every module's hooks in turn, in the order given. */
export function combineLeadHooks(...all: LeadHooks[]): Required<LeadHooks> {
  return {
    async changed(tx, change) {
      for (const h of all) await h.changed?.(tx, change);
    },
    async createdMany(tx, created) {
      let read: Promise<Lead[]> | undefined;
      const once: LeadsCreated = { ...created, leads: () => (read ??= created.leads()) };
      for (const h of all) {
        if (h.createdMany) await h.createdMany(tx, once);
        else if (h.changed) await eachCreated(tx, h.changed, once);
      }
    },
    async commented(tx, comment) {
      for (const h of all) await h.commented?.(tx, comment);
    },
  };
}
