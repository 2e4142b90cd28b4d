import type { Locale } from '@leadline/contract';
import type { Queryable } from '../../db/client';

/**
 * The migrations create the default configuration in English. On the first start of a Russian-speaking
 * organisation it is renamed once; afterwards the names are the administrator's to change.
 */
const russian: Record<string, Record<string, string>> = {
  lead_statuses: {
    'To be processed': 'К обработке',
    'Marketing qualification': 'Маркетинговая квалификация',
    'Sales qualification': 'Квалификация продаж',
    Nurturing: 'Прогрев',
    'Qualified (converted)': 'Квалифицирован (конвертирован)',
    'Disqualified (lost)': 'Дисквалифицирован (потерян)',
    Dropped: 'Отменён',
  },
  lead_sources: {
    'Self-generation': 'Собственный поиск',
    Email: 'Электронная почта',
    Call: 'Звонок',
    Chat: 'Чат',
    Vendor: 'Вендор',
    Partner: 'Партнёр',
    'Website form': 'Форма на сайте',
    'Social media': 'Социальные сети',
    'Customer portal': 'Клиентский портал',
    Import: 'Импорт',
    API: 'API',
  },
  disqualification_codes: {
    'Non-target client': 'Нецелевой клиент',
    'Demand is not generated': 'Потребность не сформирована',
    'Non-commercial interest': 'Некоммерческий интерес',
    'Impossible to contact': 'Не удалось связаться',
  },
  lost_reasons: {
    Price: 'Цена',
    Competitor: 'Конкурент',
    'No budget': 'Нет бюджета',
    'No decision': 'Решение не принято',
    Other: 'Другое',
  },
  lead_types: {},
};

const organisation: Record<Locale, Record<string, unknown>> = {
  en: { locale: 'en' },
  ru: { locale: 'ru', timeZone: 'Europe/Moscow', defaultCurrency: 'RUB' },
};

export const administratorName: Record<Locale, string> = { en: 'Administrator', ru: 'Администратор' };

export async function localizeDefaultConfiguration(q: Queryable, locale: Locale) {
  if (locale === 'ru') {
    for (const [table, names] of Object.entries(russian)) {
      const entries = Object.entries(names);
      if (entries.length === 0) continue;
      await q.query(
        `UPDATE ${table} t SET name = n.ru FROM unnest($1::text[], $2::text[]) AS n(en, ru) WHERE t.name = n.en`,
        [entries.map(([en]) => en), entries.map(([, ru]) => ru)],
      );
    }
  }
  for (const [key, value] of Object.entries(organisation[locale])) {
    await q.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [key, JSON.stringify(value)],
    );
  }
}
