// Dates, numbers and money are formatted by apps/web/src/i18n/format.ts, in the user's language.
export {};
