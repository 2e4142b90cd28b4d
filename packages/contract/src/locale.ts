import { z } from 'zod';

/** The languages of the interface, the API's messages and the mails. */
export const locales = ['en', 'ru'] as const;
export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;
export const defaultLocale: Locale = 'en';

/** An IANA time zone name the runtime knows, such as Europe/Moscow. */
export const TimeZone = z
  .string()
  .max(100)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a time zone such as Europe/Moscow' },
  );

/** What a signed-in user may change about themselves (`PATCH /api/v1/me`). */
export const MePatch = z
  .object({
    /** null: follow the browser's language. */
    locale: Locale.nullable(),
    /** Away: round-robin assignment passes the user by until it is set off. */
    away: z.boolean(),
  })
  .partial();
export type MePatch = z.infer<typeof MePatch>;
