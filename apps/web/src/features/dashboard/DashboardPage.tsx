import { useMemo } from 'react';
import { Anchor, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { BarChart, type BarChartSeries } from '@mantine/charts';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { phases, type Phase } from '@leadline/contract';
import { useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { usePhaseLabels } from '../../i18n/labels';
import { nameOf, toOptions, useUnits, useUsers } from '../../lib/queries';
import { useDisqualificationCodes, useRefList, useStatuses } from '../../lib/refs';
import { useReport, type ReportFilters } from './api';
import {
  ChartCard,
  Empty,
  onBar,
  palette,
  periodStart,
  periods,
  phaseColors,
  Stat,
  useDuration,
  type Period,
} from './DashboardParts';
import { earlier, later, leadListHref, openPhaseList, weekEnd } from './links';

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const { user } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const phaseLabels = usePhaseLabels();
  const duration = useDuration();
  const periodLabels: Record<Period, string> = {
    '4w': t('period.4w'),
    '3m': t('period.3m'),
    '12m': t('period.12m'),
    year: t('period.year'),
    all: t('period.all'),
  };
  const personal = !!user && !user.roles.some((r) => r === 'crm_admin' || r === 'crm_manager');

  const period = (periods as readonly string[]).includes(params.get('period') ?? '')
    ? (params.get('period') as Period)
    : '12m';
  const filters: ReportFilters = useMemo(
    () => ({
      from: periodStart(period),
      unitId: params.get('unitId') ?? undefined,
      // A sales user's dashboard is their own leads.
      ownerId: personal ? user?.id : (params.get('ownerId') ?? undefined),
      sourceId: params.get('sourceId') ?? undefined,
    }),
    [period, params, personal, user?.id],
  );
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const users = useUsers();
  const units = useUnits();
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
  const weekly = useMemo(() => {
    const rows = new Map<string, Record<string, string | number>>();
    const seen = new Set<string>();
    for (const w of created.data?.weeks ?? []) {
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
    // sourceName is a new function each render; the source names it reads come from sources.data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [created.data, sources.data]);

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
      <SimpleGrid cols={{ base: 1, xs: 2, md: personal ? 3 : 4 }} spacing="xs">
        <Select
          label={t('filter.period')}
          data={periods.map((p) => ({ value: p, label: periodLabels[p] }))}
          value={period}
          allowDeselect={false}
          onChange={(v) => setParam('period', v)}
        />
        <Select
          label={t('filter.unit')}
          placeholder={t('filter.any')}
          data={toOptions(units.data?.items)}
          value={filters.unitId ?? null}
          clearable
          searchable
          onChange={(v) => setParam('unitId', v)}
        />
        {!personal && (
          <Select
            label={t('filter.owner')}
            placeholder={t('filter.any')}
            data={toOptions(users.data?.items)}
            value={filters.ownerId ?? null}
            clearable
            searchable
            onChange={(v) => setParam('ownerId', v)}
          />
        )}
        <Select
          label={t('filter.source')}
          placeholder={t('filter.any')}
          data={toOptions(sources.data)}
          value={filters.sourceId ?? null}
          clearable
          searchable
          onChange={(v) => setParam('sourceId', v)}
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Stat label={t('stat.total')} value={formatNumber(f.total)} />
        <Stat
          label={t('stat.newToInProgress')}
          value={
            f.conversion.newToInProgress === null ? '—' : `${formatNumber(f.conversion.newToInProgress, 1)} %`
          }
        />
        <Stat
          label={t('stat.inProgressToWon')}
          value={
            f.conversion.inProgressToWon === null ? '—' : `${formatNumber(f.conversion.inProgressToWon, 1)} %`
          }
        />
        <Stat
          label={t('stat.timeToQualify')}
          value={duration(times.data?.timeToQualify.averageSeconds ?? null)}
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <ChartCard title={t('chart.created')} report="created" filters={filters} testId="chart-created">
          {weekly.data.length === 0 ? (
            <Empty />
          ) : (
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
          )}
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

        <ChartCard title={t('chart.statuses')} report="funnel" filters={filters} testId="chart-statuses">
          {statusData.length === 0 ? (
            <Empty />
          ) : (
            <BarChart
              h={Math.max(160, statusData.length * 34)}
              data={statusData}
              dataKey="label"
              orientation="vertical"
              yAxisProps={{ width: 130 }}
              xAxisProps={{ allowDecimals: false }}
              series={[{ name: 'count', label: t('leads'), color: 'teal.6' }]}
              valueFormatter={(v) => formatNumber(v)}
              barProps={onBar<{ statusId: string }>((item) => {
                if (item.payload) go(leadListHref(filters, { statusId: item.payload.statusId }));
              })}
            />
          )}
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
        >
          {timeData.length === 0 ? (
            <Empty />
          ) : (
            <BarChart
              h={Math.max(160, timeData.length * 34)}
              data={timeData}
              dataKey="label"
              orientation="vertical"
              yAxisProps={{ width: 130 }}
              series={[{ name: 'hours', label: t('averageHours'), color: 'orange.6' }]}
              valueFormatter={(v) => t('duration.hours', { n: formatNumber(v, 1) })}
              barProps={onBar<{ statusId: string }>((item) => {
                if (item.payload) go(leadListHref(filters, { statusId: item.payload.statusId }, false));
              })}
            />
          )}
        </ChartCard>

        <ChartCard title={t('chart.owners')} report="owners" filters={filters} testId="chart-owners">
          {ownerData.length === 0 ? (
            <Empty />
          ) : (
            <BarChart
              h={Math.max(180, ownerData.length * 48)}
              data={ownerData}
              dataKey="label"
              orientation="vertical"
              yAxisProps={{ width: 120 }}
              xAxisProps={{ allowDecimals: false }}
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              series={[
                { name: 'open', label: t('open'), color: 'indigo.5' },
                { name: 'overdue', label: t('overdue'), color: 'red.6' },
                { name: 'noNextStep', label: t('noNextStep'), color: 'yellow.6' },
              ]}
              valueFormatter={(v) => formatNumber(v)}
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
          )}
        </ChartCard>

        <ChartCard
          title={t('chart.directions')}
          report="directions"
          filters={filters}
          testId="chart-directions"
        >
          {directionData.length === 0 ? (
            <Empty />
          ) : (
            <>
              <BarChart
                h={Math.max(160, directionData.length * 34)}
                data={directionData}
                dataKey="label"
                orientation="vertical"
                yAxisProps={{ width: 130 }}
                xAxisProps={{ allowDecimals: false }}
                series={[{ name: 'count', label: t('openLeads'), color: 'grape.6' }]}
                valueFormatter={(v) => formatNumber(v)}
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
              <Table fz="sm" verticalSpacing={4} mt="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('direction')}</Table.Th>
                    <Table.Th ta="right">{t('targetAmount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {directionData.map((d) => (
                    <Table.Tr key={d.salesDirectionId ?? 'none'}>
                      <Table.Td>{d.label}</Table.Td>
                      <Table.Td ta="right">{d.amount || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </ChartCard>

        <ChartCard title={t('chart.sources')} report="sources" filters={filters} testId="chart-sources">
          {(bySource.data?.sources ?? []).length === 0 ? (
            <Empty />
          ) : (
            <Table.ScrollContainer minWidth={520}>
              <Table fz="sm" verticalSpacing={4} striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('source')}</Table.Th>
                    <Table.Th>{t('campaign')}</Table.Th>
                    <Table.Th ta="right">{t('leads')}</Table.Th>
                    <Table.Th ta="right">{t('qualified')}</Table.Th>
                    <Table.Th ta="right">{t('conversion')}</Table.Th>
                    <Table.Th ta="right">{t('wonValue')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {bySource.data?.sources.map((s) => (
                    <Table.Tr key={`${s.sourceId}/${s.campaignId ?? ''}`}>
                      <Table.Td>{sourceName(s.sourceId)}</Table.Td>
                      <Table.Td>
                        {s.campaignId ? nameOf(campaigns.data, s.campaignId) || t('unknown') : '—'}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Anchor
                          component={Link}
                          to={leadListHref(filters, {
                            sourceId: s.sourceId,
                            marketingCampaignId: s.campaignId ?? 'none',
                          })}
                        >
                          {formatNumber(s.leads)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(s.qualified)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(s.conversion, 1)} %</Table.Td>
                      <Table.Td ta="right">
                        {s.wonValue.map((m) => formatMoney(m, { whole: true })).join(' + ') || '—'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}
