import { useMemo } from 'react';
import { Select, SimpleGrid } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { toOptions, useUnits, useUsers } from '../../lib/queries';
import { useRefList } from '../../lib/refs';
import type { ReportFilters } from './api';
import { periodStart, periods, type Period } from './DashboardParts';

/**
 * The dashboard's filters, kept in the address bar: the period, unit, owner and source. A sales user's
 * dashboard is their own leads (`personal`).
 */
export function useDashboardFilters(personal: boolean, userId: string | undefined) {
  const [params, setParams] = useSearchParams();
  const period = (periods as readonly string[]).includes(params.get('period') ?? '')
    ? (params.get('period') as Period)
    : '12m';
  const filters: ReportFilters = useMemo(
    () => ({
      from: periodStart(period),
      unitId: params.get('unitId') ?? undefined,
      // A sales user's dashboard is their own leads.
      ownerId: personal ? userId : (params.get('ownerId') ?? undefined),
      sourceId: params.get('sourceId') ?? undefined,
    }),
    [period, params, personal, userId],
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

  return { period, filters, setParam };
}

export function DashboardFilters({
  period,
  filters,
  personal,
  setParam,
}: {
  period: Period;
  filters: ReportFilters;
  personal: boolean;
  setParam: (key: string, value: string | null) => void;
}) {
  const { t } = useTranslation('dashboard');
  const users = useUsers();
  const units = useUnits();
  const sources = useRefList('/lead-sources');
  const periodLabels: Record<Period, string> = {
    '4w': t('period.4w'),
    '3m': t('period.3m'),
    '12m': t('period.12m'),
    year: t('period.year'),
    all: t('period.all'),
  };
  return (
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
  );
}
