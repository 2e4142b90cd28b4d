import type { ReactNode } from 'react';
import { Anchor, Group, Paper, Text, Title } from '@mantine/core';
import { BarChart, type BarChartProps, type BarChartSeries } from '@mantine/charts';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReportName } from '@leadline/contract';
import { formatNumber } from '../../i18n/format';
import { csvHref, type ReportFilters } from './api';

/** One report of the dashboard: its title, its CSV download, and its chart or "no data". */
export function ChartCard({
  title,
  report,
  filters,
  children,
  testId,
  empty = false,
}: {
  title: string;
  report: ReportName;
  filters: ReportFilters;
  children: ReactNode;
  testId: string;
  /** The report has nothing to show: the card says so instead of its chart. */
  empty?: boolean;
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
      {empty ? <Empty /> : children}
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

/** Horizontal bars, one row a labelled item (status, owner, direction), as tall as its rows need. */
export function RowBars({
  data,
  series,
  labelWidth = 130,
  rowHeight = 34,
  minHeight = 160,
  wholeNumbers = true,
  legend = false,
  valueFormatter = (v) => formatNumber(v),
  barProps,
}: {
  data: Record<string, unknown>[];
  series: BarChartSeries[];
  labelWidth?: number;
  rowHeight?: number;
  minHeight?: number;
  /** The values are counts: the axis shows whole numbers only. */
  wholeNumbers?: boolean;
  legend?: boolean;
  valueFormatter?: (value: number) => string;
  barProps?: BarChartProps['barProps'];
}) {
  return (
    <BarChart
      h={Math.max(minHeight, data.length * rowHeight)}
      data={data}
      dataKey="label"
      orientation="vertical"
      yAxisProps={{ width: labelWidth }}
      xAxisProps={wholeNumbers ? { allowDecimals: false } : undefined}
      withLegend={legend}
      legendProps={legend ? { verticalAlign: 'bottom' } : undefined}
      series={series}
      valueFormatter={valueFormatter}
      barProps={barProps}
    />
  );
}
