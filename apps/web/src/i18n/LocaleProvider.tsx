import { useEffect, type ReactNode } from 'react';
import { DatesProvider } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import type { Locale } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/auth';
import { changeLocale } from '../features/auth/api';
import { browserLocale, currentLocale, i18n } from './i18n';
import { setOrganisationFormats } from './format';

/**
 * Puts the whole interface in the signed-in user's language (their choice, else the browser's), with
 * dates in the organisation's time zone: i18next, dayjs, Mantine's date pickers and the format module.
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { user, organisation } = useSession();
  const locale: Locale = user?.locale ?? browserLocale();
  // Set before the children render, so that no screen shows a moment of the other language.
  setOrganisationFormats({ timeZone: organisation?.timeZone, currency: organisation?.currency });
  if (currentLocale() !== locale) void i18n.changeLanguage(locale);
  dayjs.locale(locale);
  useTranslation();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <DatesProvider settings={{ locale, firstDayOfWeek: locale === 'ru' ? 1 : 0 }}>{children}</DatesProvider>
  );
}

/** The language switch: stored on the user, so it follows them to every browser. */
export function useChangeLocale() {
  const { refresh } = useSession();
  return useMutation({
    mutationFn: (locale: Locale) => changeLocale(locale),
    onSuccess: async (_, locale) => {
      await i18n.changeLanguage(locale);
      await refresh();
    },
  });
}
