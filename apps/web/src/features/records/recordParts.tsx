import { Anchor, Breadcrumbs, Text } from '@mantine/core';

import { Link, useParams } from 'react-router';
import { type Company } from '@leadline/contract';

import type { TFunction } from 'i18next';

import { useRecord, type RecordPath } from './api';

/** What the pages of companies, contacts and opportunities show alike: labels, colours, crumbs. */
export const typeColors: Record<string, string> = {
  prospect: 'blue',
  customer: 'teal',
  supplier: 'grape',
  partner: 'orange',
};
export const stageColors: Record<string, string> = { open: 'blue', won: 'teal', lost: 'red' };

export function typeLabel(t: TFunction<'records'>, type: Company['type']): string {
  const labels: Record<Company['type'], string> = {
    prospect: t('type.prospect'),
    customer: t('type.customer'),
    supplier: t('type.supplier'),
    partner: t('type.partner'),
  };
  return labels[type] ?? type;
}

export function stageLabel(t: TFunction<'records'>, stage: string): string {
  const labels: Record<string, string> = {
    open: t('stage.open'),
    won: t('stage.won'),
    lost: t('stage.lost'),
  };
  return labels[stage] ?? stage;
}

export function useRecordOfPage<T>(path: RecordPath) {
  const { id } = useParams();
  return useRecord<T>(path, id);
}

export function Crumbs({ path, label, current }: { path: string; label: string; current: string }) {
  return (
    <Breadcrumbs mb={4}>
      <Anchor component={Link} to={path} size="sm">
        {label}
      </Anchor>
      <Text size="sm">{current}</Text>
    </Breadcrumbs>
  );
}
