import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import { useRecordList, type RecordPath } from './api';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

export type RecordKind = 'companies' | 'contacts' | 'opportunities';

export interface RecordColumn<T> {
  label: string;
  render: (item: T) => ReactNode;
}

/** A searchable, keyset-paged list of one kind of record; a row opens its page. */
export function RecordList<T extends { id: string }>({
  path,
  kind,
  columns,
  params = {},
  emptyText,
}: {
  path: RecordPath;
  kind: RecordKind;
  columns: RecordColumn<T>[];
  params?: Record<string, string | undefined>;
  emptyText?: string;
}) {
  const { t } = useTranslation('records');
  const navigate = useNavigate();
  const texts: Record<
    RecordKind,
    { label: string; search: string; empty: string; count: (n: number) => string }
  > = {
    companies: {
      label: t('companies.title'),
      search: t('companies.search'),
      empty: t('companies.empty'),
      count: (n) => t('companies.count', { count: n, formatted: formatNumber(n) }),
    },
    contacts: {
      label: t('contacts.title'),
      search: t('contacts.search'),
      empty: t('contacts.empty'),
      count: (n) => t('contacts.count', { count: n, formatted: formatNumber(n) }),
    },
    opportunities: {
      label: t('opportunities.title'),
      search: t('opportunities.search'),
      empty: t('opportunities.empty'),
      count: (n) => t('opportunities.count', { count: n, formatted: formatNumber(n) }),
    },
  };
  const text = texts[kind];
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useRecordList<T>(path, q, params);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <TextInput
          data-page-search
          aria-label={t('common:search')}
          placeholder={text.search}
          leftSection={<IconSearch size={14} />}
          w={320}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        {total !== undefined && (
          <Text size="sm" c="dimmed">
            {text.count(total)}
          </Text>
        )}
      </Group>
      <Paper withBorder>
        {list.isLoading ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={text.empty} description={emptyText} />
        ) : (
          <Table aria-label={text.label} stickyHeader>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.label}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr
                  key={i.id}
                  className="ll-clickable"
                  tabIndex={0}
                  onClick={() => navigate(`${path}/${i.id}`)}
                  onKeyDown={(e) => e.key === 'Enter' && navigate(`${path}/${i.id}`)}
                >
                  {columns.map((c) => (
                    <Table.Td key={c.label}>{c.render(i)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common:loadMore')}
        </Button>
      )}
    </Stack>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm" c={empty ? 'gray.5' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
        {empty ? '—' : children}
      </Text>
    </div>
  );
}
