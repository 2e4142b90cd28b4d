import type { KeyboardEvent, ReactNode } from 'react';
import { Paper, ScrollArea, Table } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState, LoadingState } from './States';

export interface QueryColumn<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: 'right';
  fw?: number;
}

/**
 * A list read from the API as a table in a bordered panel: loading, error (with retry) and empty states,
 * sideways scrolling below `minWidth`, and rows that open their record when clicked or on Enter.
 */
export function QueryTable<T extends { id: string }>({
  query,
  label,
  columns,
  minWidth,
  empty,
  onRowClick,
}: {
  query: UseQueryResult<{ items: T[] }>;
  label: string;
  columns: QueryColumn<T>[];
  minWidth: number;
  /** Shown when the list is empty (an EmptyState). */
  empty: ReactNode;
  onRowClick?: (row: T) => void;
}) {
  return (
    <Paper withBorder>
      {query.isLoading ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data?.items.length ? (
        empty
      ) : (
        <ScrollArea type="auto">
          <Table aria-label={label} highlightOnHover miw={minWidth}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key} ta={c.align}>
                    {c.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((row) => (
                <Table.Tr
                  key={row.id}
                  {...(onRowClick && {
                    className: 'll-clickable',
                    tabIndex: 0,
                    onClick: () => onRowClick(row),
                    // Enter on the row itself (a link in it answers its own Enter).
                    onKeyDown: (e: KeyboardEvent) =>
                      e.key === 'Enter' && e.target === e.currentTarget && onRowClick(row),
                  })}
                >
                  {columns.map((c) => (
                    <Table.Td key={c.key} ta={c.align} fw={c.fw}>
                      {c.cell(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Paper>
  );
}
