import type { ReactNode } from 'react';
import { ActionIcon, Button, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import type { CrudRecord, SettingsCrud } from './useSettingsCrud';

export interface CrudColumn<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** This cell is the button that opens the row's editor (with `openOnRow`). */
  opens?: boolean;
  breakWords?: boolean;
}

export interface CrudRowAction<T> {
  key: string;
  label: (row: T) => string;
  icon: ReactNode;
  onClick: (row: T) => void;
}

export interface SettingsCrudPageProps<T extends CrudRecord> {
  /** The list's query: loading and failure show instead of the list. */
  query: { isLoading: boolean; error: unknown; refetch: () => unknown };
  rows: T[];
  crud: SettingsCrud<T>;
  intro?: ReactNode;
  newLabel: string;
  /** More buttons, before the "new" one. */
  toolbar?: ReactNode;
  columns: CrudColumn<T>[];
  minWidth: number;
  empty: string;
  /** A click anywhere on the row opens its editor. */
  openOnRow?: boolean;
  /** A switch that turns the record on and off, with the column's header and each switch's name. */
  activeSwitch?: { header: string; label: (row: T) => string };
  /** Icon buttons at the row's end, before the delete button. */
  actions?: CrudRowAction<T>[];
  /** The name of the row's delete button; without it, the row has none. */
  deleteLabel?: (row: T) => string;
  /** The page's dialogs. */
  children?: ReactNode;
}

/**
 * An administrator's list of configuration records: a toolbar with "new", a table whose rows open their
 * editor, switch the record on and off, or delete it, and the page's dialogs.
 */
export function SettingsCrudPage<T extends CrudRecord>(props: SettingsCrudPageProps<T>) {
  const { query, rows, crud, intro, newLabel, toolbar, columns, minWidth, empty, openOnRow } = props;
  const { activeSwitch, actions = [], deleteLabel, children } = props;
  if (query.isLoading) return <LoadingState />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const hasActions = actions.length > 0 || deleteLabel !== undefined;
  return (
    <Stack gap="sm">
      <Group justify={intro ? 'space-between' : 'flex-end'}>
        {intro && (
          <Text size="sm" c="dimmed" maw={640}>
            {intro}
          </Text>
        )}
        <Group gap="xs">
          {toolbar}
          <Button leftSection={<IconPlus size={14} />} onClick={crud.openNew}>
            {newLabel}
          </Button>
        </Group>
      </Group>
      {rows.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.header}</Table.Th>
                ))}
                {activeSwitch && <Table.Th>{activeSwitch.header}</Table.Th>}
                {hasActions && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr
                  key={row.id}
                  style={openOnRow ? { cursor: 'pointer' } : undefined}
                  onClick={openOnRow ? () => crud.open(row) : undefined}
                >
                  {columns.map((c) => (
                    <Table.Td key={c.key} style={c.breakWords ? { wordBreak: 'break-all' } : undefined}>
                      {c.opens ? (
                        <Text size="sm" c="blue" component="button" type="button" bd={0} bg="none" p={0}>
                          {c.cell(row)}
                        </Text>
                      ) : (
                        c.cell(row)
                      )}
                    </Table.Td>
                  ))}
                  {activeSwitch && (
                    <Table.Td>
                      <Switch
                        checked={row.active ?? false}
                        onChange={() => crud.toggleActive(row)}
                        aria-label={activeSwitch.label(row)}
                      />
                    </Table.Td>
                  )}
                  {hasActions && (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {actions.map((a) => (
                          <ActionIcon
                            key={a.key}
                            variant="subtle"
                            aria-label={a.label(row)}
                            onClick={() => a.onClick(row)}
                          >
                            {a.icon}
                          </ActionIcon>
                        ))}
                        {deleteLabel && (
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={deleteLabel(row)}
                            onClick={() => crud.remove(row)}
                          >
                            <IconTrash size={14} />
                          </ActionIcon>
                        )}
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {children}
    </Stack>
  );
}
