import type { CommunicationRule, Lead } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { createLeadsRepository } from '../leads/leads.repository';
import { AppError } from '../../http/errors';
import type { LeadChange, LeadHooks } from '../leads/lead-hooks';
import type { Mailer } from '../mail/mailer';
import { createCommunicationRulesRepository } from './communication-rules.repository';
import { createCommunicationsRepository } from './communications.repository';
import { queueToLead } from './communications.service';
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

type Senders = { mailer: Pick<Mailer, 'enqueue'>; sms: Pick<SmsSender, 'configured' | 'enqueue'> };

/**
 * Sends a rule's template for a lead and logs it: what it sent, or why it sent nothing. A rule that
 * cannot send (Do not email, no address, a template that fails) logs the reason and throws nothing.
 */
async function fireRule(tx: Queryable, senders: Senders, rule: CommunicationRule, lead: Lead) {
  const repo = createCommunicationRulesRepository(tx);
  // A rule firing for many leads at once (a bulk move) reads its template once a second, as the rules.
  const template = await tx.memo.get(`communication-template:${rule.templateId}`, () =>
    createCommunicationsRepository(tx).getTemplate(rule.templateId),
  );
  if (!template) return;
  try {
    const staff = rule.recipient === 'contact' ? undefined : await repo.staffEmails(rule.recipient, lead);
    if (staff && staff.length === 0)
      throw new AppError('no_recipient', 422, `The lead has no ${rule.recipient} with an e-mail address.`);
    // A refusal is thrown before anything is written: no savepoint is needed to go on after one.
    const messageId = await queueToLead(tx, senders, lead, null, {
      channel: template.channel,
      templateId: template.id,
      template,
      staff,
    });
    await repo.log({
      ruleId: rule.id,
      leadId: lead.id,
      messageId,
      outcome: 'sent',
      reason: null,
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const reason = [err.message, ...(err.fieldErrors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' ');
    await repo.log({ ruleId: rule.id, leadId: lead.id, messageId: null, outcome: 'skipped', reason });
  }
}

export const OVERDUE_RULES_JOB = 'communication-rules.overdue';
/** Leads handled per transaction by the overdue run. */
const OVERDUE_BATCH = 200;

/**
 * The daily run of the "overdue" rules: each open, active lead past its expected completion date is
 * sent each active overdue rule's template once for that overdue spell (a rule already logged for the
 * lead since it became overdue is not fired again, so running more often than daily sends nothing twice).
 */
export async function runOverdueRules(db: Database, senders: Senders) {
  const rules = (await createCommunicationRulesRepository(db).active()).filter((r) => r.event === 'overdue');
  let fired = 0;
  for (const rule of rules) {
    for (;;) {
      const ids = await createCommunicationRulesRepository(db).overdueLeadsFor(rule.id, OVERDUE_BATCH);
      if (ids.length === 0) break;
      await db.transaction(async (tx) => {
        const leads = createLeadsRepository(tx);
        for (const id of ids) {
          if (!(await leads.lock(id))) continue;
          const lead = await leads.get(id);
          if (lead) await fireRule(tx, senders, rule, lead);
          fired += 1;
        }
      });
      if (ids.length < OVERDUE_BATCH) break;
    }
  }
  return fired;
}

/**
 * Sends the templates of the active rules a lead change sets off, in the transaction of the change, and
 * logs each: what it sent, or why it sent nothing (Do not email, no address, a template that fails). A
 * rule that cannot send never undoes the change that set it off.
 */
export function communicationRuleHooks(senders: Senders): LeadHooks {
  return {
    async changed(tx: Queryable, change: LeadChange) {
      const rules = await tx.memo.get('communication-rules:active', () =>
        createCommunicationRulesRepository(tx).active(),
      );
      const fired = rules.filter((r) => matches(r, change));
      if (fired.length === 0) return;
      for (const rule of fired) await fireRule(tx, senders, rule, change.after);
    },
    // The leads are read only when an active rule fires on a creation or an assignment.
    async createdMany(tx, { actorId, leads }) {
      const rules = await tx.memo.get('communication-rules:active', () =>
        createCommunicationRulesRepository(tx).active(),
      );
      if (!rules.some((r) => r.event === 'created' || r.event === 'assigned')) return;
      for (const after of await leads()) {
        const change: LeadChange = { actorId, before: null, after };
        for (const rule of rules.filter((r) => matches(r, change))) await fireRule(tx, senders, rule, after);
      }
    },
  };
}
