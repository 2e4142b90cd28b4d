import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import type { Database, Queryable } from '../../db/client';
import type { Jobs } from '../../jobs/queue';
import type { Readable } from 'node:stream';
import { createMailRepository, type MailAttachment } from './mail.repository';

export const MAIL_JOB = 'mail.deliver';
/** pg-boss retries a failed delivery this many times (with back-off) before the message is failed. */
export const MAIL_RETRIES = 5;
/** How long one delivery attempt holds a message; longer than nodemailer's own SMTP timeouts. */
export const MAIL_LEASE_SECONDS = 15 * 60;

/**
 * The Message-ID of an outbox message is made from its id: every attempt of one message carries the same
 * one, so that a receiving server (or a reader) can tell a repeated delivery from a second message.
 */
export const messageIdOf = (id: string) => `<${id}@leadline.mail>`;

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Files kept in the file store (a lead's attachments). */
  attachments?: MailAttachment[];
}

/** Where the bytes of mail attachments are read from (the attachments' file store). */
export interface MailFiles {
  open(sha256: string): Promise<Readable | null>;
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
  files?: MailFiles,
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
        attachments: message.attachments,
      });
      await jobs.send(MAIL_JOB, { id }, { tx });
      return id;
    },

    async deliver(id) {
      // Only a queued message is attempted, by one job at a time: a job that runs twice, or again while a
      // worker still sends, does not send twice.
      const m = await repo.startAttempt(id, MAIL_LEASE_SECONDS);
      if (!m) {
        // Another attempt holds it. Should that worker have died, the message is tried again once its
        // lease ends, with the same Message-ID.
        const left = await repo.leaseLeft(id);
        if (left !== null && jobs) await jobs.send(MAIL_JOB, { id }, { startAfterSeconds: left + 1 });
        return;
      }
      if (!transport) {
        await repo.finish(id, 'stored', null);
        return;
      }
      try {
        const attachments = [];
        for (const a of m.attachments ?? []) {
          const content = files ? await files.open(a.sha256) : null;
          if (!content) throw new Error(`the attached file ${a.name} is no longer stored`);
          attachments.push({ filename: a.name, contentType: a.contentType, content });
        }
        await transport.sendMail({
          from: config.mailFrom,
          messageId: messageIdOf(id),
          to: m.to,
          subject: m.subject,
          text: m.text,
          ...(m.html ? { html: m.html } : {}),
          ...(attachments.length ? { attachments } : {}),
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
