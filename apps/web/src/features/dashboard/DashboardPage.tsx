import { useMemo } from 'react';
import { SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { phases, type Phase } from '@leadline/contract';
import { useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { formatMoney, formatNumber } from '../../i18n/format';
import { usePhaseLabels } from '../../i18n/labels';
import { nameOf, useUsers } from '../../lib/queries';
import { useDisqualificationCodes, useRefList, useStatuses } from '../../lib/refs';
import { useReport } from './api';
import { ChartCard, Empty, RowBars } from './ChartCard';
import { KeyFigures, onBar, phaseColors, weeklyBars } from './DashboardParts';
import { DashboardFilters, useDashboardFilters } from './DashboardFilters';
import { earlier, later, leadListHref, openPhaseList, weekEnd } from './links';
import { DirectionAmounts, SourcesTable } from './ReportTables';

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const { user } = useSession();
  const navigate = useNavigate();
  const phaseLabels = usePhaseLabels();
  const personal = !!user && !user.roles.some((r) => r === 'crm_admin' || r === 'crm_manager');

  const { period, filters, setParam } = useDashboardFilters(personal, user?.id);

  const users = useUsers();
  const sources = useRefList('/lead-sources');
  const campaigns = useRefList('/marketing-campaigns');
  const directions = useRefList('/sales-directions');
  const statuses = useStatuses();
  const codes = useDisqualificationCodes();

  const funnel = useReport('funnel', filters);
  const created = useReport('created', filters);
  const outcomes = useReport('outcomes', filters);
  const times = useReport('time-in-status', filters);
  const owners = useReport('owners', filters);
  const bySource = useReport('sources', filters);
  const byDirection = useReport('directions', filters);

  const sourceName = (id: string) => nameOf(sources.data, id) || t('unknown');
  const userName = (id: string | null) =>
    id ? nameOf(users.data?.items, id) || t('unknown') : t('unassigned');
  const statusName = (id: string) => statuses.data?.find((s) => s.id === id)?.name ?? t('unknown');
  const go = (href: string) => void navigate(href);

  // Leads created per week, one stacked series per source.
  const weekly = useMemo(
    () => weeklyBars(created.data?.weeks ?? [], sourceName),
    // sourceName is a new function each render; the source names it reads come from sources.data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [created.data, sources.data],
  );

  if (funnel.isError) return <ErrorState error={funnel.error} />;
  if (!funnel.data) return <LoadingState />;

  const f = funnel.data;
  const phaseData = phases.map((p) => ({
    phase: p,
    label: phaseLabels[p],
    count: f.phases.find((x) => x.phase === p)?.count ?? 0,
  }));
  const statusData = [...f.statuses]
    .sort(
      (a, b) =>
        (statuses.data?.findIndex((s) => s.id === a.statusId) ?? 0) -
        (statuses.data?.findIndex((s) => s.id === b.statusId) ?? 0),
    )
    .map((s) => ({ statusId: s.statusId, label: statusName(s.statusId), count: s.count }));
  const monthData = (outcomes.data?.months ?? []).map((m) => ({
    ...m,
    label: dayjs(`${m.month}-01`).format('MM.YYYY'),
  }));
  const timeData = (times.data?.statuses ?? []).map((s) => ({
    statusId: s.statusId,
    label: statusName(s.statusId),
    hours: Math.round((s.averageSeconds / 3600) * 10) / 10,
    count: s.count,
  }));
  const ownerData = (owners.data?.owners ?? []).map((o) => ({ ...o, label: userName(o.ownerId) }));
  const directionData = (byDirection.data?.directions ?? []).map((d) => ({
    ...d,
    label: d.salesDirectionId
      ? nameOf(directions.data, d.salesDirectionId) || t('unknown')
      : t('noDirection'),
    amount: d.targetAmounts.map((m) => formatMoney(m, { whole: true })).join(' + '),
  }));
  const today = dayjs().format('YYYY-MM-DD');
  const ownerList = (ownerId: string | null, extra: Record<string, string | string[]>) =>
    leadListHref(filters, {
      phase: openPhaseList,
      ...(ownerId ? { ownerId } : { view: 'unassigned' }),
      ...extra,
    });

  return (
    <Stack gap="md">
      <PageHeader title={personal ? t('titleMine') : t('title')} />
      <DashboardFilters period={period} filters={filters} personal={personal} setParam={setParam} />

      <KeyFigures funnel={f} timeToQualify={times.data?.timeToQualify.averageSeconds ?? null} />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ChartCard
          title={t('chart.created')}
          report="created"
          filters={filters}
          testId="chart-created"
          empty={weekly.data.length === 0}
        >
          <BarChart
            h={240}
            data={weekly.data}
            dataKey="label"
            type="stacked"
            series={weekly.series}
            yAxisProps={{ allowDecimals: false }}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            valueFormatter={(v) => formatNumber(v)}
            barProps={(s) =>
              onBar<{ week: string }>((item) => {
                if (!item.payload) return;
                go(
                  leadListHref(filters, {
                    createdFrom: later(filters.from, item.payload.week),
                    createdTo: earlier(filters.to, weekEnd(item.payload.week)),
                    sourceId: s.name,
                  }),
                );
              })
            }
          />
        </ChartCard>

        <ChartCard title={t('chart.funnel')} report="funnel" filters={filters} testId="chart-funnel">
          <BarChart
            h={240}
            data={phaseData}
            dataKey="label"
            series={[{ name: 'count', label: t('leads'), color: 'indigo.6' }]}
            yAxisProps={{ allowDecimals: false }}
            valueFormatter={(v) => formatNumber(v)}
            withBarValueLabel
            barProps={onBar<{ phase: Phase }>((item) => {
              if (item.payload) go(leadListHref(filters, { phase: item.payload.phase }));
            })}
          />
        </ChartCard>

        <ChartCard
          title={t('chart.statuses')}
          report="funnel"
          filters={filters}
          testId="chart-statuses"
          empty={statusData.length === 0}
        >
          <RowBars
            data={statusData}
            series={[{ name: 'count', label: t('leads'), color: 'teal.6' }]}
            barProps={onBar<{ statusId: string }>((item) => {
              if (item.payload) go(leadListHref(filters, { statusId: item.payload.statusId }));
            })}
          />
        </ChartCard>

        <ChartCard title={t('chart.outcomes')} report="outcomes" filters={filters} testId="chart-outcomes">
          {monthData.length === 0 ? (
            <Empty />
          ) : (
            <BarChart
              h={220}
              data={monthData}
              dataKey="label"
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              yAxisProps={{ allowDecimals: false }}
              series={(['won', 'lost', 'dropped'] as const).map((p) => ({
                name: p,
                label: phaseLabels[p],
                color: phaseColors[p],
                stackId: 'a',
              }))}
              valueFormatter={(v) => formatNumber(v)}
              barProps={(s) =>
                onBar(() => go(leadListHref(filters, { view: 'closed', phase: s.name }, false)))
              }
            />
          )}
          <Text size="sm" fw={600} mt="sm">
            {t('topCodes')}
          </Text>
          {(outcomes.data?.topCodes ?? []).length === 0 ? (
            <Empty />
          ) : (
            <Table fz="sm" verticalSpacing={4}>
              <Table.Tbody>
                {outcomes.data?.topCodes.map((c) => (
                  <Table.Tr key={c.codeId}>
                    <Table.Td>{nameOf(codes.data, c.codeId) || t('unknown')}</Table.Td>
                    <Table.Td ta="right">{formatNumber(c.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </ChartCard>

        <ChartCard
          title={t('chart.timeInStatus')}
          report="time-in-status"
          filters={filters}
          testId="chart-time"
          empty={timeData.length === 0}
        >
          <RowBars
            data={timeData}
            wholeNumbers={false}
            series={[{ name: 'hours', label: t('averageHours'), color: 'orange.6' }]}
            valueFormatter={(v) => t('duration.hours', { n: formatNumber(v, 1) })}
            barProps={onBar<{ statusId: string }>((item) => {
              if (item.payload) go(leadListHref(filters, { statusId: item.payload.statusId }, false));
            })}
          />
        </ChartCard>

        <ChartCard
          title={t('chart.owners')}
          report="owners"
          filters={filters}
          testId="chart-owners"
          empty={ownerData.length === 0}
        >
          <RowBars
            data={ownerData}
            labelWidth={120}
            rowHeight={48}
            minHeight={180}
            legend
            series={[
              { name: 'open', label: t('open'), color: 'indigo.5' },
              { name: 'overdue', label: t('overdue'), color: 'red.6' },
              { name: 'noNextStep', label: t('noNextStep'), color: 'yellow.6' },
            ]}
            barProps={(s) =>
              onBar<{ ownerId: string | null }>((item) => {
                if (!item.payload) return;
                const extra: Record<string, string> =
                  s.name === 'overdue'
                    ? { expectedCompletionBefore: today }
                    : s.name === 'noNextStep'
                      ? { hasNextEvent: 'false' }
                      : {};
                go(ownerList(item.payload.ownerId, extra));
              })
            }
          />
        </ChartCard>

        <ChartCard
          title={t('chart.directions')}
          report="directions"
          filters={filters}
          testId="chart-directions"
          empty={directionData.length === 0}
        >
          <RowBars
            data={directionData}
            series={[{ name: 'count', label: t('openLeads'), color: 'grape.6' }]}
            barProps={onBar<{ salesDirectionId: string | null }>((item) => {
              if (!item.payload) return;
              go(
                leadListHref(filters, {
                  phase: openPhaseList,
                  salesDirectionId: item.payload.salesDirectionId ?? 'none',
                }),
              );
            })}
          />
          <DirectionAmounts directions={directionData} />
        </ChartCard>

        <ChartCard
          title={t('chart.sources')}
          report="sources"
          filters={filters}
          testId="chart-sources"
          empty={(bySource.data?.sources ?? []).length === 0}
        >
          <SourcesTable
            sources={bySource.data?.sources ?? []}
            filters={filters}
            sourceName={sourceName}
            campaignName={(id) => nameOf(campaigns.data, id) || t('unknown')}
          />
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}
