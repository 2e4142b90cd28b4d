import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import type { Database, Queryable } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import { createMailRepository } from './mail.repository';

export const MAIL_JOB = 'mail.deliver';
/** pg-boss retries a failed delivery this many times (with back-off) before the message is failed. */
export const MAIL_RETRIES = 5;

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** 'smtp' when SMTP_URL is set, otherwise 'outbox'. */
  readonly mode: 'smtp' | 'outbox';
  /**
   * Records the message and its delivery job in the caller's transaction: a change that rolls back
   * sends nothing, and a message of a committed change is not lost if the process stops.
   */
  enqueue(tx: Queryable, message: MailMessage): Promise<string>;
  /** Run by the job: sends through SMTP, or keeps the message in the outbox. */
  deliver(id: string): Promise<void>;
  close(): void;
}

export function createMailer(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  db: Database,
  jobs?: Pick<Jobs, 'send'>,
): Mailer {
  const repo = createMailRepository(db);
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : undefined;

  return {
    mode: transport ? 'smtp' : 'outbox',

    async enqueue(tx, message) {
      if (!jobs) throw new Error('the mailer was built without a job queue');
      const to = (Array.isArray(message.to) ? message.to : [message.to]).join(', ');
      const id = await createMailRepository(tx).insert({
        to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
      });
      await jobs.send(MAIL_JOB, { id }, { tx });
      return id;
    },

    async deliver(id) {
      // Only a queued message is attempted: a job that runs twice does not send twice.
      const m = await repo.startAttempt(id);
      if (!m) return;
      if (!transport) {
        await repo.finish(id, 'stored', null);
        return;
      }
      try {
        await transport.sendMail({
          from: config.mailFrom,
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
        });
        await repo.finish(id, 'sent', null);
      } catch (err) {
        const error = (err as Error).message.slice(0, 1000);
        const last = m.attempts > MAIL_RETRIES;
        await repo.finish(id, last ? 'failed' : 'queued', error);
        // Rethrown so that the queue tries again later, with back-off.
        if (!last) throw err;
      }
    },

    close() {
      transport?.close();
    },
  };
}
