import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { leadExportColumns, type LeadExportColumn } from '@leadline/contract';
import { toQuery } from '../../lib/api';

/** The list's columns as export columns: the company and contact columns as the fields they show. */
const exportColumnsOf = (columns: string[]): LeadExportColumn[] => {
  const out: LeadExportColumn[] = [];
  for (const c of columns) {
    const as: string[] =
      c === 'company'
        ? ['companyName', 'leadCompanyName']
        : c === 'contact'
          ? ['firstName', 'lastName']
          : [c];
    for (const k of as)
      if (k in leadExportColumns && !out.includes(k as LeadExportColumn)) out.push(k as LeadExportColumn);
  }
  return out;
};

export interface ExportScope {
  view: string;
  q?: string;
  sort?: string;
  filters: Record<string, string | string[] | undefined>;
  /** The list's column ids, in their order. */
  columns: string[];
  /** Only these leads (the selection). */
  ids?: string[];
}

/** The address of an export of what the list shows (its view, filters, sort and columns), or of the selection. */
export function exportUrl(format: 'csv' | 'xlsx', s: ExportScope) {
  const columns = exportColumnsOf(s.columns);
  return `/api/v1/leads/export.${format}${toQuery({
    view: s.view,
    q: s.q,
    sort: s.sort,
    ...s.filters,
    columns: columns.length ? columns.join(',') : undefined,
    ids: s.ids?.length ? s.ids.join(',') : undefined,
  })}`;
}

/** "Export" with CSV and Excel: downloads what the list shows, or only the selected leads. */
export function ExportMenu({ scope, compact }: { scope: ExportScope; compact?: boolean }) {
  const { t } = useTranslation('intake');
  const selection = !!scope.ids?.length;
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant={compact ? 'white' : 'default'}
          size={compact ? 'compact-sm' : 'sm'}
          leftSection={<IconDownload size={14} />}
          rightSection={<IconChevronDown size={12} />}
        >
          {selection ? t('export.selected') : t('export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={exportUrl('csv', scope)} download>
          {t('export.csv')}
        </Menu.Item>
        <Menu.Item component="a" href={exportUrl('xlsx', scope)} download>
          {t('export.xlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
