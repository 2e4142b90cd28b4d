import type { Locale } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { catalogueOf, fill, formatDateTime } from '../../i18n/locale';
import type { Catalogue } from '../../i18n/catalogue';
import { readSettings } from '../settings/settings.service';
import { createUsersRepository } from '../users/users.repository';
import type { Mailer } from './mailer';

export type UserMailKind = keyof Catalogue['mails'];

/**
 * A mail to one user, in that user's language (or the organisation's when they chose none), with dates in
 * the organisation's time zone. Enqueued in the caller's transaction like every mail.
 */
export async function enqueueUserMail(
  mailer: Pick<Mailer, 'enqueue'>,
  tx: Queryable,
  userId: string,
  kind: UserMailKind,
  params: Record<string, string> = {},
  at: Date = new Date(),
) {
  const recipient = await createUsersRepository(tx).mailRecipient(userId);
  if (!recipient?.email) return undefined;
  const settings = await readSettings(tx);
  const locale: Locale = recipient.locale ?? settings.locale;
  const template = catalogueOf(locale).mails[kind];
  const all = {
    name: recipient.name,
    email: recipient.email,
    when: formatDateTime(at, locale, settings.timeZone),
    ...params,
  };
  return mailer.enqueue(tx, {
    to: recipient.email,
    subject: fill(template.subject, all),
    text: fill(template.text, all),
  });
}
