import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SourcesReport } from '@leadline/contract';
import { formatMoney, formatNumber } from '../../i18n/format';
import type { ReportFilters } from './api';
import { leadListHref } from './links';

/** Leads, qualified leads, conversion and won value per source and campaign; a count opens those leads. */
export function SourcesTable({
  sources,
  filters,
  sourceName,
  campaignName,
}: {
  sources: SourcesReport['sources'];
  filters: ReportFilters;
  sourceName: (id: string) => string;
  campaignName: (id: string) => string;
}) {
  const { t } = useTranslation('dashboard');
  return (
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
          {sources.map((s) => (
            <Table.Tr key={`${s.sourceId}/${s.campaignId ?? ''}`}>
              <Table.Td>{sourceName(s.sourceId)}</Table.Td>
              <Table.Td>{s.campaignId ? campaignName(s.campaignId) : '—'}</Table.Td>
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
  );
}

/** Each direction's target amounts of its open leads (the chart beside it counts them). */
export function DirectionAmounts({
  directions,
}: {
  directions: { salesDirectionId: string | null; label: string; amount: string }[];
}) {
  const { t } = useTranslation('dashboard');
  return (
    <Table fz="sm" verticalSpacing={4} mt="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('direction')}</Table.Th>
          <Table.Th ta="right">{t('targetAmount')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {directions.map((d) => (
          <Table.Tr key={d.salesDirectionId ?? 'none'}>
            <Table.Td>{d.label}</Table.Td>
            <Table.Td ta="right">{d.amount || '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
