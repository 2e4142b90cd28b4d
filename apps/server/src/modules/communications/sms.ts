import type { Config } from '../../config';
import type { Database, Queryable } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import { createCommunicationsRepository } from './communications.repository';

export const SMS_JOB = 'sms.deliver';
/** The queue retries a failed SMS this many times (with back-off) before the message is failed. */
export const SMS_RETRIES = 5;
const SMS_LEASE_SECONDS = 120;

/** Whoever carries a text to a phone. */
export interface SmsProvider {
  send(message: { id: string; to: string; text: string }): Promise<void>;
}

/**
 * A provider over HTTP, Twilio-compatible by default: a form-encoded POST of To, From and Body with the
 * configured Authorization header. The message id goes along as Idempotency-Key, so a provider that
 * honours it drops a repeated delivery.
 */
export function httpSmsProvider(opts: { url: string; authorization?: string; from?: string }): SmsProvider {
  return {
    async send({ id, to, text }) {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': id,
          ...(opts.authorization ? { authorization: opts.authorization } : {}),
        },
        body: new URLSearchParams({
          To: to,
          ...(opts.from ? { From: opts.from } : {}),
          Body: text,
        }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok)
        throw new Error(`The SMS provider answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    },
  };
}

export interface SmsSender {
  readonly configured: boolean;
  /** The delivery job of a message row, in the caller's transaction. */
  enqueue(tx: Queryable, messageId: string): Promise<void>;
  deliver(messageId: string): Promise<void>;
}

export function createSmsSender(
  config: Pick<Config, 'smsUrl' | 'smsAuthorization' | 'smsFrom'>,
  db: Database,
  jobs?: Pick<Jobs, 'send'>,
  provider: SmsProvider | undefined = config.smsUrl
    ? httpSmsProvider({ url: config.smsUrl, authorization: config.smsAuthorization, from: config.smsFrom })
    : undefined,
): SmsSender {
  const repo = createCommunicationsRepository(db);
  return {
    configured: provider !== undefined,
    async enqueue(tx, messageId) {
      if (!jobs) throw new Error('SMS were set up without a job queue');
      await jobs.send(SMS_JOB, { id: messageId }, { tx });
    },
    async deliver(messageId) {
      if (!provider) return;
      // One attempt at a time holds the message; a run that finds it held comes back when the lease ends.
      const m = await repo.claimSms(messageId, SMS_LEASE_SECONDS);
      if (!m) {
        const left = await repo.smsLeaseLeft(messageId);
        if (left !== null && jobs)
          await jobs.send(SMS_JOB, { id: messageId }, { startAfterSeconds: left + 1 });
        return;
      }
      try {
        await provider.send({ id: messageId, to: m.to, text: m.text });
        await repo.finishSms(messageId, 'sent', null);
      } catch (err) {
        const last = m.attempts > SMS_RETRIES;
        await repo.finishSms(messageId, last ? 'failed' : 'queued', (err as Error).message.slice(0, 1000));
        if (!last) throw err;
      }
    },
  };
}
