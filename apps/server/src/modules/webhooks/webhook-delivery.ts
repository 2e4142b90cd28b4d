import { Webhook as Signer } from 'standardwebhooks';
import type { Database } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import type { Mailer } from '../mail/mailer';
import { readSettings } from '../settings/settings.service';
import { postJson, RefusedAddressError } from './safe-request';
import { WEBHOOK_JOB } from './webhook-outbox';
import { createWebhooksRepository } from './webhooks.repository';

/** Svix's schedule: the first attempt at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. */
export const retrySchedule = [5, 300, 1800, 7200, 18000, 36000, 36000];
const DISABLE_AFTER_SECONDS = 5 * 24 * 3600;
const TIMEOUT_MS = 15_000;
const LEASE_SECONDS = 60;

/** The `webhook-id` of a delivery: the same on every attempt, so a receiver can drop a repeat. */
export const webhookMessageId = (deliveryId: string) => `msg_${deliveryId}`;

/**
 * One attempt of one delivery, signed per Standard Webhooks. A 2xx answer within 15 s is a success;
 * anything else schedules the next attempt, until the schedule ends and the delivery fails. An endpoint
 * that has failed for five days is disabled and the administrators are told by e-mail.
 */
export function createWebhookDelivery(
  db: Database,
  jobs: Pick<Jobs, 'send'>,
  mailer: Pick<Mailer, 'enqueue'>,
) {
  const repo = createWebhooksRepository(db);
  return {
    async deliver(id: string) {
      const d = await repo.claim(id, LEASE_SECONDS);
      if (!d) return;
      if (!d.active) {
        await repo.finish(id, {
          status: 'failed',
          nextAttemptAt: null,
          responseStatus: null,
          durationMs: null,
          responseExcerpt: null,
          error: 'The webhook is disabled.',
        });
        return;
      }
      const settings = await readSettings(db);
      const body = JSON.stringify(d.payload);
      const msgId = webhookMessageId(d.id);
      const now = new Date();
      const signature = new Signer(d.secret).sign(msgId, now, body);
      const started = Date.now();
      let status: number | null = null;
      let excerpt: string | null = null;
      let error: string | null = null;
      try {
        const res = await postJson(
          d.url,
          body,
          {
            'webhook-id': msgId,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signature,
            'user-agent': 'Leadline-Webhooks/1',
          },
          { allowPrivate: settings.webhooksAllowPrivateNetworks, timeoutMs: TIMEOUT_MS, maxBody: 1000 },
        );
        status = res.status;
        excerpt = res.body.slice(0, 500);
        if (status < 200 || status >= 300) error = `The endpoint answered ${status}.`;
      } catch (err) {
        error =
          err instanceof RefusedAddressError
            ? `${err.message} Private networks are not allowed (setting webhooksAllowPrivateNetworks).`
            : (err as Error).message.slice(0, 500);
      }
      const durationMs = Date.now() - started;
      if (!error) {
        await repo.finish(id, {
          status: 'succeeded',
          nextAttemptAt: null,
          responseStatus: status,
          durationMs,
          responseExcerpt: excerpt,
          error: null,
        });
        await repo.succeeded(d.webhook_id);
        return;
      }
      const delay = retrySchedule[d.attempts - 1];
      await db.transaction(async (tx) => {
        const txRepo = createWebhooksRepository(tx);
        const next = delay === undefined ? null : new Date(Date.now() + delay * 1000);
        await txRepo.finish(id, {
          status: next ? 'pending' : 'failed',
          nextAttemptAt: next,
          responseStatus: status,
          durationMs,
          responseExcerpt: excerpt,
          error,
        });
        if (next) await jobs.send(WEBHOOK_JOB, { id }, { tx, startAfterSeconds: delay });
        const reason = `Every delivery failed for five days; the last: ${error}`;
        if (await txRepo.failed(d.webhook_id, DISABLE_AFTER_SECONDS, reason)) {
          const admins = await txRepo.adminEmails();
          if (admins.length)
            await mailer.enqueue(tx, {
              to: admins,
              subject: 'A webhook was disabled',
              text: `The webhook to ${d.url} was disabled: ${reason}\nSwitch it on again in the webhook settings once the endpoint works.`,
            });
        }
      });
    },
  };
}
