import { defaultLocale, locales, type Locale } from '@leadline/contract';
import type { Catalogue } from './catalogue';
import { en } from './en';
import { ru } from './ru';

const catalogues: Record<Locale, Catalogue> = { en, ru };

export const catalogueOf = (locale: Locale): Catalogue => catalogues[locale];

const isLocale = (s: string): s is Locale => (locales as readonly string[]).includes(s);

/**
 * The best of our languages for an `Accept-Language` header (`ru-RU,ru;q=0.9,en;q=0.8`), by quality
 * and then by order; English when none fits.
 */
export function localeOfAcceptLanguage(header: string | string[] | undefined): Locale {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { locale: Locale; q: number } | undefined;
  for (const part of value.split(',').slice(0, 30)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (!isLocale(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? defaultLocale;
}

/** Fills `{{name}}` placeholders; an unknown one stays visible rather than vanishing. */
export function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => params[key] ?? whole);
}

/** A moment in the words of a language and the organisation's time zone: 30.11.2026, 14:05. */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}
