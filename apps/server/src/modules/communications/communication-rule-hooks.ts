import type { CommunicationRule } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { AppError } from '../../http/errors';
import type { LeadChange, LeadHooks } from '../leads/lead-hooks';
import type { Mailer } from '../mail/mailer';
import { createCommunicationRulesRepository } from './communication-rules.repository';
import { createCommunicationsRepository } from './communications.repository';
import { sendToLead } from './communications.service';
import type { SmsSender } from './sms';

/** Which rules a lead change sets off. */
function matches(rule: CommunicationRule, { before, after, action }: LeadChange): boolean {
  switch (rule.event) {
    case 'created':
      return before === null;
    case 'status_entered':
      return (
        before !== null &&
        before.statusId !== after.statusId &&
        (!rule.statusId || rule.statusId === after.statusId)
      );
    case 'phase_entered':
      return before !== null && before.phase !== after.phase && (!rule.phase || rule.phase === after.phase);
    case 'assigned':
      return after.ownerId !== null && after.ownerId !== (before?.ownerId ?? null);
    case 'qualified':
      return action === 'qualify' || action === 'convert';
    case 'disqualified':
      return action === 'disqualify';
    case 'overdue':
      return false;
  }
}

/**
 * Sends the templates of the active rules a lead change sets off, in the transaction of the change, and
 * logs each: what it sent, or why it sent nothing (Do not email, no address, a template that fails). A
 * rule that cannot send never undoes the change that set it off.
 */
export function communicationRuleHooks(senders: {
  mailer: Pick<Mailer, 'enqueue'>;
  sms: Pick<SmsSender, 'configured' | 'enqueue'>;
}): LeadHooks {
  return {
    async changed(tx: Queryable, change: LeadChange) {
      const rules = await tx.memo.get('communication-rules:active', () =>
        createCommunicationRulesRepository(tx).active(),
      );
      const fired = rules.filter((r) => matches(r, change));
      if (fired.length === 0) return;
      const repo = createCommunicationRulesRepository(tx);
      for (const rule of fired) {
        const template = await createCommunicationsRepository(tx).getTemplate(rule.templateId);
        if (!template) continue;
        try {
          const staff =
            rule.recipient === 'contact' ? undefined : await repo.staffEmails(rule.recipient, change.after);
          if (staff && staff.length === 0)
            throw new AppError(
              'no_recipient',
              422,
              `The lead has no ${rule.recipient} with an e-mail address.`,
            );
          const message = await tx.transaction((sp) =>
            sendToLead(sp, senders, change.after, null, {
              channel: template.channel,
              templateId: template.id,
              template,
              staff,
            }),
          );
          await repo.log({
            ruleId: rule.id,
            leadId: change.after.id,
            messageId: message.id,
            outcome: 'sent',
            reason: null,
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const reason = [
            err.message,
            ...(err.fieldErrors ?? []).map((e) => `${e.field}: ${e.message}`),
          ].join(' ');
          await repo.log({
            ruleId: rule.id,
            leadId: change.after.id,
            messageId: null,
            outcome: 'skipped',
            reason,
          });
        }
      }
    },
  };
}
