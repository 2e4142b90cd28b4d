// Dates, numbers and money are formatted by apps/web/src/i18n/format.ts, in the user's language.

/** A person's name as written: first, middle and last name, whichever are known. */
export const personName = (p: {
  firstName: string | null;
  middleName?: string | null;
  lastName: string | null;
}) => [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ');
