import type { ReactNode } from 'react';
import { Anchor, Group, Paper, Text, Title, type MantineColor } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Phase, ReportName } from '@leadline/contract';
import { formatNumber } from '../../i18n/format';
import { csvHref, type ReportFilters } from './api';

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

export function ChartCard({
  title,
  report,
  filters,
  children,
  testId,
}: {
  title: string;
  report: ReportName;
  filters: ReportFilters;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation('dashboard');
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId} style={{ minWidth: 0 }}>
      <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
        <Title order={4} size="h5">
          {title}
        </Title>
        <Anchor
          href={csvHref(report, filters)}
          size="xs"
          download
          aria-label={t('csvOf', { report: title })}
          style={{ whiteSpace: 'nowrap' }}
        >
          <Group gap={4} wrap="nowrap">
            <IconDownload size={14} />
            CSV
          </Group>
        </Anchor>
      </Group>
      {children}
    </Paper>
  );
}

export function Empty() {
  const { t } = useTranslation('dashboard');
  return (
    <Text c="dimmed" size="sm" py="lg" ta="center">
      {t('noData')}
    </Text>
  );
}

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
