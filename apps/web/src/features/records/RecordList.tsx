import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList, type RecordPath } from './api';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

export interface RecordColumn<T> {
  label: string;
  render: (item: T) => ReactNode;
}

/** A searchable, keyset-paged list of one kind of record; a row opens its page. */
export function RecordList<T extends { id: string }>({
  path,
  label,
  columns,
  params = {},
  emptyText,
}: {
  path: RecordPath;
  label: string;
  columns: RecordColumn<T>[];
  params?: Record<string, string | undefined>;
  emptyText?: string;
}) {
  const navigate = useNavigate();
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
          aria-label="Search"
          placeholder={`Search ${label.toLowerCase()}`}
          leftSection={<IconSearch size={14} />}
          w={320}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        {total !== undefined && (
          <Text size="sm" c="dimmed">
            {total.toLocaleString()} {label.toLowerCase()}
          </Text>
        )}
      </Group>
      <Paper withBorder>
        {list.isLoading ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={`No ${label.toLowerCase()}`} description={emptyText} />
        ) : (
          <Table aria-label={label} stickyHeader>
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
          Load more
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
