import type { WebhookEvent } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import type { LeadHooks } from '../leads/lead-hooks';
import { createWebhooksRepository } from './webhooks.repository';

export const WEBHOOK_JOB = 'webhook.deliver';

/**
 * Writes the deliveries of an event to the outbox, with their jobs, in the caller's transaction: nothing
 * leaves for a change that rolled back, nothing is lost when the process stops. The events some webhook
 * listens to are remembered between requests, so a change nobody listens to costs no query.
 */
export async function publishWebhookEvent(
  tx: Queryable,
  jobs: Pick<Jobs, 'send'> | undefined,
  event: WebhookEvent,
  data: unknown,
) {
  const repo = createWebhooksRepository(tx);
  const listened = await tx.memo.get('webhooks:events', () => repo.anySubscribed());
  if (!listened.includes(event)) return;
  if (!jobs) throw new Error('webhooks were set up without a job queue');
  const ids = await repo.enqueue(event, { type: event, timestamp: new Date().toISOString(), data });
  for (const id of ids) await jobs.send(WEBHOOK_JOB, { id }, { tx });
}

/** The lead events webhooks hear of; the payload is the lead as GET returns it. */
export function webhookLeadHooks(jobs: Pick<Jobs, 'send'> | undefined): LeadHooks {
  return {
    async changed(tx, { before, after, action }) {
      const events: WebhookEvent[] = [];
      if (before === null) events.push('lead.created');
      else {
        events.push('lead.updated');
        if (before.statusId !== after.statusId) events.push('lead.status_changed');
        if (action === 'qualify' || action === 'convert') events.push('lead.qualified');
        if (action === 'disqualify') events.push('lead.disqualified');
        if (action === 'drop') events.push('lead.dropped');
      }
      for (const e of events) await publishWebhookEvent(tx, jobs, e, after);
    },
    // The leads are read only when some webhook listens to their creation.
    async createdMany(tx, { leads }) {
      const listened = await tx.memo.get('webhooks:events', () =>
        createWebhooksRepository(tx).anySubscribed(),
      );
      if (!listened.includes('lead.created')) return;
      for (const lead of await leads()) await publishWebhookEvent(tx, jobs, 'lead.created', lead);
    },
  };
}
