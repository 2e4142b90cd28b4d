import type { Locale } from '@leadline/contract';
import { currentLocale } from './i18n';

/**
 * Dates, times, numbers and money, in the user's language and the organisation's time zone. The one place
 * that turns values into text: components call these and never build a format of their own.
 */
let timeZone: string | undefined;
let defaultCurrency = 'EUR';

export function setOrganisationFormats(o: { timeZone?: string; currency?: string }) {
  timeZone = o.timeZone;
  if (o.currency) defaultCurrency = o.currency;
}
export const organisationCurrency = () => defaultCurrency;

/** BCP 47 tags: English with day-month-year order, Russian as Russia writes it. */
const tags: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' };
const tag = () => tags[currentLocale()];

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  const k = `${tag()}|${timeZone ?? ''}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = make();
    cache.set(k, f);
  }
  return f as T;
}

type DateLike = string | Date | null | undefined;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** 30.11.2026 in Russian, 30 Nov 2026 in English. A plain `YYYY-MM-DD` is a calendar day, never shifted. */
export function formatDate(v: DateLike): string {
  if (!v) return '';
  const calendarDay = typeof v === 'string' && dateOnly.test(v);
  const date = calendarDay ? new Date(`${v}T00:00:00Z`) : new Date(v);
  if (Number.isNaN(date.getTime())) return '';
  const ru = currentLocale() === 'ru';
  return cached(
    `date|${calendarDay}`,
    () =>
      new Intl.DateTimeFormat(tag(), {
        day: ru ? '2-digit' : 'numeric',
        month: ru ? '2-digit' : 'short',
        year: 'numeric',
        timeZone: calendarDay ? 'UTC' : timeZone,
      }),
  ).format(date);
}

/** 30.11.2026, 14:05 in Russian, 30 Nov 2026, 14:05 in English. */
export function formatDateTime(v: DateLike): string {
  if (!v) return '';
  const date = new Date(v);
  if (Number.isNaN(date.getTime())) return '';
  return `${formatDate(date)}, ${formatTime(date)}`;
}

export function formatTime(v: DateLike): string {
  if (!v) return '';
  const date = new Date(v);
  if (Number.isNaN(date.getTime())) return '';
  return cached(
    'time',
    () => new Intl.DateTimeFormat(tag(), { hour: '2-digit', minute: '2-digit', timeZone }),
  ).format(date);
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", «3 часа назад». */
export function fromNow(v: DateLike, now: Date = new Date()): string {
  if (!v) return '';
  const seconds = (new Date(v).getTime() - now.getTime()) / 1000;
  if (Number.isNaN(seconds)) return '';
  const f = cached('relative', () => new Intl.RelativeTimeFormat(tag(), { numeric: 'auto' }));
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return f.format(Math.round(seconds / size), unit);
  }
  return f.format(0, 'minute');
}

export function formatNumber(n: number | string | null | undefined, digits?: number): string {
  if (n === null || n === undefined || n === '') return '';
  const value = Number(n);
  if (!Number.isFinite(value)) return String(n);
  return cached(
    `number|${digits ?? ''}`,
    () => new Intl.NumberFormat(tag(), digits === undefined ? {} : { maximumFractionDigits: digits }),
  ).format(value);
}

export interface MoneyLike {
  amount: string | number;
  currency?: string | null;
}

/**
 * 1 234,50 ₽ in Russian, €1,234.50 in English; `whole` drops the cents for totals. An unknown currency
 * code is shown beside the number rather than failing.
 */
export function formatMoney(m: MoneyLike | null | undefined, opts: { whole?: boolean } = {}): string {
  if (!m || m.amount === '' || m.amount === null || m.amount === undefined) return '';
  const value = Number(m.amount);
  const currency = m.currency || defaultCurrency;
  try {
    return cached(
      `money|${currency}|${opts.whole ? 0 : ''}`,
      () =>
        new Intl.NumberFormat(tag(), {
          style: 'currency',
          currency,
          ...(opts.whole ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
        }),
    ).format(value);
  } catch {
    return `${formatNumber(value)} ${currency}`;
  }
}

/** The pattern Mantine's date inputs show and read, in the user's language. */
export const dateInputFormat = () => (currentLocale() === 'ru' ? 'DD.MM.YYYY' : 'D MMM YYYY');
