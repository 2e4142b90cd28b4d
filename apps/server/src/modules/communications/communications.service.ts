import { decodeCursor, encodeCursor } from '../../lib/keyset';
import { newestFirst } from '../../lib/pagination';
import type { CommunicationCreate, FieldError, Lead } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { AppError, conflict, fieldError, invalid, notFound } from '../../http/errors';
import { canEditLead, canSeeLead } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadScopeOf } from '../leads/lead-context';
import { createLeadsRepository } from '../leads/leads.repository';
import { visibleLead } from '../leads/leads.service';
import type { Mailer } from '../mail/mailer';
import { attachmentsOfLead } from '../attachments';
import { createCommunicationsRepository } from './communications.repository';
import { renderMessage } from './template-engine';
import { templateValuesOf } from './template-values';
import type { SmsSender } from './sms';
import { checkTemplate } from './templates.service';

/** Do not email / Do not call: always honoured, and the answer names the flag. */
function refusedByFlag(lead: Lead, channel: 'email' | 'sms'): FieldError | null {
  if (channel === 'email' && lead.doNotEmail)
    return fieldError('doNotEmail', 'do_not_email', 'this lead asked not to be e-mailed');
  if (channel === 'sms' && lead.doNotCall)
    return fieldError('doNotCall', 'do_not_call', 'this lead asked not to be called or texted');
  return null;
}

type Senders = { mailer: Pick<Mailer, 'enqueue'>; sms: Pick<SmsSender, 'configured' | 'enqueue'> };
type OutgoingMessage = {
  channel: 'email' | 'sms';
  templateId: string | null;
  template: { subject: string | null; body: string };
  /** Staff addresses (the owner, a unit) instead of the lead's contact. */
  staff?: string[];
  /** E-mail only: files of the lead sent with it. */
  attachments?: { id: string; name: string; contentType: string; sha256: string }[];
};

/**
 * Queues a message to a lead's contact in the caller's transaction, and answers its id: the message row,
 * its timeline entry and its delivery (the mail outbox row and job) commit together or not at all. Every
 * refusal (a flag, no recipient, no SMS provider, a template that fails to render) is thrown before
 * anything is written, so a caller may go on with its transaction after catching one.
 */
export async function queueToLead(
  tx: Queryable,
  senders: Senders,
  lead: Lead,
  actorId: string | null,
  message: OutgoingMessage,
): Promise<string> {
  // The contact's wishes bind messages to the contact; the lead's own staff is told regardless.
  const flag = message.staff ? null : refusedByFlag(lead, message.channel);
  if (flag) throw invalid([flag], 'The lead does not accept this kind of message.');
  // An SMS goes to the first phone number; an e-mail to every address.
  const to = message.staff ?? (message.channel === 'email' ? lead.emails : lead.phones.slice(0, 1));
  if (to.length === 0)
    throw invalid([
      fieldError(
        message.channel === 'email' ? 'emails' : 'phones',
        'no_recipient',
        `the lead has no ${message.channel === 'email' ? 'e-mail address' : 'phone number'}`,
      ),
    ]);
  if (message.channel === 'sms' && !senders.sms.configured)
    throw new AppError('sms_not_configured', 409, 'No SMS provider is configured (SMS_URL).');
  const rendered = await renderMessage(
    { channel: message.channel, ...message.template },
    await templateValuesOf(tx, lead),
  );
  const mailId =
    message.channel === 'email'
      ? await senders.mailer.enqueue(tx, {
          to,
          subject: rendered.subject ?? '',
          text: rendered.text,
          html: rendered.html ?? undefined,
          attachments: (message.attachments ?? []).map((a) => ({
            name: a.name,
            contentType: a.contentType,
            sha256: a.sha256,
          })),
        })
      : null;
  const repo = createCommunicationsRepository(tx);
  const id = await repo.insertMessage({
    leadId: lead.id,
    channel: message.channel,
    templateId: message.templateId,
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    segments: rendered.segments,
    mailId,
    createdById: actorId,
  });
  if (message.channel === 'sms') await senders.sms.enqueue(tx, id);
  await createLeadsRepository(tx).addEvents(lead.id, actorId, [
    {
      kind: 'message',
      payload: {
        messageId: id,
        channel: message.channel,
        subject: rendered.subject,
        to,
        templateId: message.templateId,
        ...(message.attachments?.length
          ? { attachments: message.attachments.map((a) => ({ id: a.id, name: a.name })) }
          : {}),
      },
    },
  ]);
  return id;
}

/** Queues a message (queueToLead) and answers it as the API shows it. */
export async function sendToLead(
  tx: Queryable,
  senders: Senders,
  lead: Lead,
  actorId: string | null,
  message: OutgoingMessage,
) {
  const id = await queueToLead(tx, senders, lead, actorId, message);
  return (await createCommunicationsRepository(tx).getMessage(id))!;
}

export function createCommunicationsService({
  db,
  mailer,
  sms,
}: {
  db: Database;
  mailer: Pick<Mailer, 'enqueue'>;
  sms: Pick<SmsSender, 'configured' | 'enqueue'>;
}) {
  return {
    async send(p: Principal, leadId: string, input: CommunicationCreate) {
      return db.transaction(async (tx) => {
        const scope = await leadScopeOf(tx, p);
        const leads = createLeadsRepository(tx);
        if (!(await leads.lock(leadId))) throw notFound('lead');
        const lead = (await leads.get(leadId))!;
        if (!canSeeLead(scope, lead) || !canEditLead(scope, lead)) throw notFound('lead');
        if (!lead.active)
          throw conflict(
            'This lead is inactive: activate it before changing anything else.',
            'lead_inactive',
          );
        let template: { subject: string | null; body: string };
        if (input.templateId) {
          const t = await createCommunicationsRepository(tx).getTemplate(input.templateId);
          if (!t) throw invalid([fieldError('templateId', 'not_found', 'no such template')]);
          if (t.channel !== input.channel)
            throw invalid([fieldError('templateId', 'channel_mismatch', `this is an ${t.channel} template`)]);
          template = t;
        } else {
          template = {
            subject: input.channel === 'email' ? (input.subject ?? null) : null,
            body: input.body ?? '',
          };
          const errors = input.body?.trim()
            ? checkTemplate({ channel: input.channel, ...template })
            : [fieldError('body', 'required', 'give a template or the text of the message')];
          const flag = refusedByFlag(lead, input.channel);
          if (flag) errors.unshift(flag);
          if (errors.length) throw invalid(errors);
        }
        const ids = [...new Set(input.attachmentIds ?? [])];
        if (ids.length && input.channel !== 'email')
          throw invalid([fieldError('attachmentIds', 'email_only', 'only an e-mail carries attachments')]);
        return sendToLead(tx, { mailer, sms }, lead, p.userId, {
          channel: input.channel,
          templateId: input.templateId ?? null,
          template,
          attachments: await attachmentsOfLead(tx, lead.id, ids),
        });
      });
    },

    async list(p: Principal, leadId: string, query: { limit: number; cursor?: string }) {
      await visibleLead(db, await leadScopeOf(db, p), leadId);
      const after = query.cursor ? (decodeCursor(query.cursor, newestFirst) as [string, string]) : null;
      const rows = await createCommunicationsRepository(db).listMessages(leadId, after, query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: more ? encodeCursor(newestFirst, { at: last.createdAt, id: last.id }) : null,
      };
    },
  };
}
export type CommunicationsService = ReturnType<typeof createCommunicationsService>;
