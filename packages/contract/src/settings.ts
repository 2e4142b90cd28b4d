import { z } from 'zod';
import { text } from './common';
import { Locale, TimeZone } from './locale';

export const qualificationFields = [
  'goal',
  'implementationOptions',
  'procurementProcedure',
  'decisionLevel',
  'terms',
  'decisionMaker',
  'selectionCriteria',
  'complianceWithCriteria',
  'channel',
] as const;
export const QualificationField = z.enum([...qualificationFields, 'ownerId']);
export type QualificationField = z.infer<typeof QualificationField>;

/**
 * The mandatory qualification fields (the setting's list) a lead still misses: what Qualify, and
 * Disqualify with a code that creates an opportunity, refuse on, and what their dialogs ask for.
 */
export function missingQualificationFields(
  lead: { readonly [K in QualificationField]: string | null },
  required: readonly QualificationField[],
): QualificationField[] {
  return required.filter((f) => {
    const v = lead[f];
    return v == null || v.trim() === '';
  });
}

export const Visibility = z.enum(['all', 'team']);

export const Settings = z.object({
  /** all: every CRM user sees every lead; team: own leads, their units' and collaborating units' leads. */
  visibility: Visibility,
  /** Region used to read phone numbers typed without a country code (ISO 3166 alpha-2). */
  defaultPhoneRegion: z.string().regex(/^[A-Z]{2}$/),
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/),
  /** The organisation's language: mails to users who chose none, set by LEADLINE_LOCALE at first start. */
  locale: Locale,
  /** Dates and times are shown in this zone (IANA name). */
  timeZone: z.string(),
  defaultNewStatusId: z.uuid(),
  defaultWonStatusId: z.uuid(),
  defaultLostStatusId: z.uuid(),
  defaultDroppedStatusId: z.uuid(),
  /** Fields that must be filled before a lead can be qualified. */
  qualificationRequiredFields: z.array(QualificationField),
  enrichment: z.object({
    enabled: z.boolean(),
    provider: z.enum(['dadata']),
    baseUrl: z.string(),
    /** Write-only: answered as "***" when set. */
    apiKey: z.string(),
    companyByEmail: z.boolean(),
  }),
  /** Let webhooks reach private and loopback addresses (off: refused, against request forgery). */
  webhooksAllowPrivateNetworks: z.boolean(),
  /** The largest file a lead may be given as an attachment (413 beyond). */
  attachmentMaxBytes: z.number().int(),
  /** The score (sum of per-field log-odds weights) from which a lead is listed as a likely duplicate. */
  duplicateThreshold: z.number(),
  version: z.number().int(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    visibility: Visibility,
    defaultPhoneRegion: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as DE'),
    defaultCurrency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code such as EUR'),
    locale: Locale,
    timeZone: TimeZone,
    defaultNewStatusId: z.uuid(),
    defaultWonStatusId: z.uuid(),
    defaultLostStatusId: z.uuid(),
    defaultDroppedStatusId: z.uuid(),
    qualificationRequiredFields: z.array(QualificationField).max(20),
    enrichment: z
      .object({
        enabled: z.boolean(),
        provider: z.enum(['dadata']),
        baseUrl: z.url().max(500),
        apiKey: text(500),
        companyByEmail: z.boolean(),
      })
      .partial(),
    webhooksAllowPrivateNetworks: z.boolean(),
    attachmentMaxBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024),
    duplicateThreshold: z.number().min(0).max(40),
  })
  .partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
