import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales, type Locale } from '@leadline/contract';

/** Every catalogue: `locales/<language>/<feature>.json`, bundled (a few kilobytes each). */
const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true });

const resources: Resource = {};
for (const [path, mod] of Object.entries(files)) {
  const [, lang, ns] = /\/locales\/([a-z]+)\/([a-zA-Z]+)\.json$/.exec(path) ?? [];
  if (lang && ns) resources[lang] = { ...resources[lang], [ns]: mod.default };
}

const isLocale = (s: string): s is Locale => (locales as readonly string[]).includes(s);

/** The first of the browser's languages that Leadline speaks; English otherwise. */
export function browserLocale(): Locale {
  const tags = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const tag of tags) {
    const primary = (tag ?? '').toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

void i18next.use(initReactI18next).init({
  resources,
  lng: browserLocale(),
  fallbackLng: 'en',
  supportedLngs: [...locales],
  defaultNS: 'common',
  ns: Object.keys(resources.en ?? {}),
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const i18n = i18next;
export const currentLocale = (): Locale => (isLocale(i18next.language) ? i18next.language : 'en');
