import { z } from 'zod';
import { Phase, Timestamp, requiredText, text } from './common';

export const channels = ['email', 'sms'] as const;
export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;

/**
 * The variables a template may use, by object: `{{ lead.name }}`, `{{ contact.firstName }}`, ... A
 * template naming anything else is refused when it is saved, so the editor offers exactly these.
 */
export const templateVariables = {
  lead: [
    'id',
    'number',
    'name',
    'description',
    'customerRequirements',
    'statusName',
    'phase',
    'targetAmount',
    'expectedCompletionDate',
    'startDate',
    'priority',
    'nextEventAt',
  ],
  contact: ['firstName', 'lastName', 'middleName', 'fullName', 'email', 'phone', 'jobTitle', 'department'],
  company: ['name', 'website', 'tin'],
  owner: ['name', 'email'],
} as const;

export const Template = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: Channel,
  subject: z.string().nullable(),
  body: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Template = z.infer<typeof Template>;

export const TemplateCreate = z.strictObject({
  name: requiredText(200),
  channel: Channel,
  /** Liquid; required for e-mail, unused for SMS. */
  subject: text(500).nullable().optional(),
  /** Liquid: HTML for e-mail (a plain-text part is made from it), plain text for SMS. */
  body: requiredText(100_000),
});
export type TemplateCreate = z.infer<typeof TemplateCreate>;

export const TemplatePatch = TemplateCreate.partial();
export type TemplatePatch = z.infer<typeof TemplatePatch>;

export const TemplatePreviewBody = z.strictObject({ leadId: z.uuid() });

export const RenderedMessage = z.object({
  channel: Channel,
  subject: z.string().nullable(),
  html: z.string().nullable(),
  text: z.string(),
  /** SMS only: how many parts the text is sent in, and in which encoding. */
  segments: z.number().int().nullable(),
  encoding: z.enum(['gsm7', 'ucs2']).nullable(),
});
export type RenderedMessage = z.infer<typeof RenderedMessage>;

export const messageStates = ['queued', 'sent', 'failed'] as const;

export const LeadMessage = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  channel: Channel,
  templateId: z.uuid().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  segments: z.number().int().nullable(),
  /** queued, sent (or kept in the built-in outbox when no SMTP server is set), failed with the error. */
  state: z.enum(messageStates),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdById: z.uuid().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export type LeadMessage = z.infer<typeof LeadMessage>;

export const CommunicationCreate = z.strictObject({
  channel: Channel,
  templateId: z.uuid().optional(),
  /** Free text instead of a template (Liquid as in templates). */
  subject: text(500).optional(),
  body: text(100_000).optional(),
  /** E-mail only: attachments of this lead sent with the message. */
  attachmentIds: z.array(z.uuid()).max(20).optional(),
});
export type CommunicationCreate = z.infer<typeof CommunicationCreate>;

/**
 * How many SMS parts a text takes: GSM-7 holds 160 characters in one part and 153 in each part of a
 * longer one (the extended characters count twice); anything outside GSM-7 goes as UCS-2, 70 and 67
 * UTF-16 units. Server and editor count the same way.
 */
const gsmBasic =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsmExtended = '^{}\\[~]|€\f';
export function smsSegments(text: string): { segments: number; encoding: 'gsm7' | 'ucs2'; units: number } {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (gsmBasic.includes(ch)) septets += 1;
    else if (gsmExtended.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm)
    return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

export const ruleEvents = [
  'created',
  'status_entered',
  'phase_entered',
  'assigned',
  'overdue',
  'qualified',
  'disqualified',
] as const;
export const RuleEvent = z.enum(ruleEvents);
export const RuleRecipient = z.enum(['contact', 'owner', 'unit']);

export const CommunicationRule = z.object({
  id: z.uuid(),
  name: z.string(),
  event: RuleEvent,
  statusId: z.uuid().nullable(),
  phase: Phase.nullable(),
  templateId: z.uuid(),
  recipient: RuleRecipient,
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type CommunicationRule = z.infer<typeof CommunicationRule>;

export const CommunicationRuleCreate = z.strictObject({
  name: requiredText(200),
  event: RuleEvent,
  /** status_entered: the status entered (any status when absent). */
  statusId: z.uuid().nullable().optional(),
  /** phase_entered: the phase entered (any phase when absent). */
  phase: Phase.nullable().optional(),
  templateId: z.uuid(),
  recipient: RuleRecipient,
  active: z.boolean().default(true),
});
export type CommunicationRuleCreate = z.infer<typeof CommunicationRuleCreate>;

export const CommunicationRulePatch = z.strictObject({
  name: requiredText(200).optional(),
  event: RuleEvent.optional(),
  statusId: z.uuid().nullable().optional(),
  phase: Phase.nullable().optional(),
  templateId: z.uuid().optional(),
  recipient: RuleRecipient.optional(),
  active: z.boolean().optional(),
});
export type CommunicationRulePatch = z.infer<typeof CommunicationRulePatch>;

export const CommunicationRuleLogEntry = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  leadId: z.uuid(),
  messageId: z.uuid().nullable(),
  outcome: z.enum(['sent', 'skipped']),
  /** Why nothing was sent (Do not email, no address, ...). */
  reason: z.string().nullable(),
  createdAt: Timestamp,
});

export const webhookEvents = [
  'lead.created',
  'lead.updated',
  'lead.status_changed',
  'lead.qualified',
  'lead.disqualified',
  'lead.dropped',
  'lead.merged',
  'activity.created',
] as const;
export const WebhookEvent = z.enum(webhookEvents);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(WebhookEvent),
  active: z.boolean(),
  /** Why the endpoint was disabled (five days of failed deliveries), when it was. */
  disabledReason: z.string().nullable(),
  failingSince: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Webhook = z.infer<typeof Webhook>;
/** The creation's answer is the only one that holds the signing secret. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string() });

const WebhookUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);
export const WebhookCreate = z.strictObject({
  url: WebhookUrl,
  events: z.array(WebhookEvent).min(1).max(webhookEvents.length),
  active: z.boolean().default(true),
});
export const WebhookPatch = z.strictObject({
  url: WebhookUrl.optional(),
  events: z.array(WebhookEvent).min(1).max(webhookEvents.length).optional(),
  active: z.boolean().optional(),
});

export const WebhookDelivery = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  event: WebhookEvent,
  status: z.enum(['pending', 'delivering', 'succeeded', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable(),
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
