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

export interface LeadHooks {
  changed?(tx: Queryable, change: LeadChange): Promise<void>;
  commented?(tx: Queryable, comment: LeadComment): Promise<void>;
}

/** Runs every module's hooks in turn, in the order given. */
export function combineLeadHooks(...all: LeadHooks[]): Required<LeadHooks> {
  return {
    async changed(tx, change) {
      for (const h of all) await h.changed?.(tx, change);
    },
    async commented(tx, comment) {
      for (const h of all) await h.commented?.(tx, comment);
    },
  };
}
