import { Paper, SimpleGrid, Text, type MantineColor } from '@mantine/core';
import type { BarChartSeries } from '@mantine/charts';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CreatedReport, FunnelReport, Phase } from '@leadline/contract';
import { formatDate, formatNumber } from '../../i18n/format';

export const periods = ['4w', '3m', '12m', 'year', 'all'] as const;
export type Period = (typeof periods)[number];

/** The first day of a period ending today; undefined for all time. */
export function periodStart(p: Period): string | undefined {
  const today = dayjs();
  switch (p) {
    case '4w':
      return today.subtract(27, 'day').format('YYYY-MM-DD');
    case '3m':
      return today.subtract(3, 'month').add(1, 'day').format('YYYY-MM-DD');
    case '12m':
      return today.subtract(12, 'month').add(1, 'day').format('YYYY-MM-DD');
    case 'year':
      return today.startOf('year').format('YYYY-MM-DD');
    case 'all':
      return undefined;
  }
}

export const palette: MantineColor[] = [
  'indigo.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'cyan.6',
  'pink.6',
  'lime.7',
  'yellow.6',
  'red.7',
  'blue.3',
  'violet.3',
  'green.9',
  'gray.6',
];
export const phaseColors: Record<Phase, MantineColor> = {
  new: 'blue.5',
  in_progress: 'indigo.6',
  won: 'teal.6',
  lost: 'red.6',
  dropped: 'gray.6',
};

/** A bar of a Recharts chart hands its row back as `payload` when clicked. */
type BarClick<Row> = (item: { payload?: Row }) => void;

/** The props that make every bar of a series open a lead list. */
export const onBar = <Row,>(onClick: BarClick<Row>) => ({
  onClick: onClick as never,
  style: { cursor: 'pointer' },
});

/** Seconds as minutes, hours or days, whichever reads best. */
export function useDuration() {
  const { t } = useTranslation('dashboard');
  return (seconds: number | null) => {
    if (seconds === null) return '—';
    if (seconds < 3600) return t('duration.minutes', { n: formatNumber(seconds / 60, 0) });
    if (seconds < 48 * 3600) return t('duration.hours', { n: formatNumber(seconds / 3600, 1) });
    return t('duration.days', { n: formatNumber(seconds / 86400, 1) });
  };
}

export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Paper>
  );
}

/** The funnel's key figures: leads in all, the two conversions, and the average time to qualify. */
export function KeyFigures({
  funnel: f,
  timeToQualify,
}: {
  funnel: FunnelReport;
  timeToQualify: number | null;
}) {
  const { t } = useTranslation('dashboard');
  const duration = useDuration();
  const percent = (v: number | null) => (v === null ? '—' : `${formatNumber(v, 1)} %`);
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
      <Stat label={t('stat.total')} value={formatNumber(f.total)} />
      <Stat label={t('stat.newToInProgress')} value={percent(f.conversion.newToInProgress)} />
      <Stat label={t('stat.inProgressToWon')} value={percent(f.conversion.inProgressToWon)} />
      <Stat label={t('stat.timeToQualify')} value={duration(timeToQualify)} />
    </SimpleGrid>
  );
}

/** Leads created per week as chart rows, with one stacked series per source. */
export function weeklyBars(weeks: CreatedReport['weeks'], sourceName: (id: string) => string) {
  const rows = new Map<string, Record<string, string | number>>();
  const seen = new Set<string>();
  for (const w of weeks) {
    const row = rows.get(w.week) ?? { week: w.week, label: formatDate(w.week) };
    row[w.sourceId] = w.count;
    rows.set(w.week, row);
    seen.add(w.sourceId);
  }
  const series: BarChartSeries[] = [...seen].map((id, i) => ({
    name: id,
    label: sourceName(id),
    color: palette[i % palette.length],
    stackId: 'a',
  }));
  return { data: [...rows.values()], series };
}
