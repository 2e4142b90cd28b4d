import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Unit } from '@leadline/contract';
import { deleteRecord, saveRecord } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { nameOf, toOptions, unitsKey, usersKey, useUnits, useUsers } from '../../lib/queries';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';

export function UnitsPage() {
  const units = useUnits();
  const users = useUsers();
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Units are teams or departments. With team visibility, a user sees the leads of their units and of
          the units they collaborate with.
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          New unit
        </Button>
      </Group>
      <Paper withBorder>
        {units.isLoading ? (
          <LoadingState />
        ) : units.isError ? (
          <ErrorState error={units.error} onRetry={() => void units.refetch()} />
        ) : units.data!.items.length === 0 ? (
          <EmptyState
            title="No units yet"
            description="Create a unit to group users and share their leads."
            action={
              <Button variant="light" onClick={() => setEditing('new')}>
                Create the first unit
              </Button>
            }
          />
        ) : (
          <Table aria-label="Units">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Members</Table.Th>
                <Table.Th>Collaborating units</Table.Th>
                <Table.Th>Active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {units.data!.items.map((u) => {
                const members = u.memberIds.map((id) => nameOf(users.data?.items, id)).filter(Boolean);
                return (
                  <Table.Tr
                    key={u.id}
                    className="ll-clickable"
                    tabIndex={0}
                    onClick={() => setEditing(u)}
                    onKeyDown={(e) => e.key === 'Enter' && setEditing(u)}
                  >
                    <Table.Td fw={500}>{u.name}</Table.Td>
                    <Table.Td>
                      <Tooltip label={members.join(', ') || 'No members'} multiline maw={320}>
                        <Text size="sm" span>
                          {members.length} {members.length === 1 ? 'member' : 'members'}
                          {members.length > 0 && (
                            <Text span c="dimmed" size="sm">
                              {' '}
                              · {members.slice(0, 3).join(', ')}
                              {members.length > 3 ? '…' : ''}
                            </Text>
                          )}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.collaboratingUnitIds.map((id) => (
                          <Badge key={id} color="gray">
                            {nameOf(units.data?.items, id)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {u.active ? <Badge color="teal">Active</Badge> : <Badge color="gray">Inactive</Badge>}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New unit' : `Edit ${editing?.name ?? 'unit'}`}
      >
        {editing !== null && (
          <UnitForm
            key={editing === 'new' ? 'new' : editing.id}
            unit={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

interface UnitValues {
  name: string;
  memberIds: string[];
  collaboratingUnitIds: string[];
  active: boolean;
}

function UnitForm({ unit, onDone }: { unit: Unit | null; onDone: () => void }) {
  const qc = useQueryClient();
  const users = useUsers();
  const units = useUnits();
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<UnitValues>({
    initialValues: {
      name: unit?.name ?? '',
      memberIds: unit?.memberIds ?? [],
      collaboratingUnitIds: unit?.collaboratingUnitIds ?? [],
      active: unit?.active ?? true,
    },
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: unitsKey });
    void qc.invalidateQueries({ queryKey: usersKey });
  };
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: UnitValues) => saveRecord<Unit>('/units', unit, v),
    onSuccess: (u) => {
      refresh();
      notifySuccess(unit ? `${u.name} saved` : `${u.name} created`);
      onDone();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteRecord('/units', unit!.id),
    onSuccess: () => {
      refresh();
      notifySuccess(`${unit!.name} deleted`);
      onDone();
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <MultiSelect
          label="Members"
          searchable
          data={toOptions(users.data?.items)}
          {...form.getInputProps('memberIds')}
        />
        <MultiSelect
          label="Collaborating units"
          description="Their members see this unit's leads, and this unit sees theirs."
          searchable
          data={toOptions(units.data?.items.filter((u) => u.id !== unit?.id))}
          {...form.getInputProps('collaboratingUnitIds')}
        />
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="space-between" mt="xs">
          {unit ? (
            <Button
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() =>
                modals.openConfirmModal({
                  title: `Delete ${unit.name}?`,
                  children: <Text size="sm">Its members stay; they just leave this unit.</Text>,
                  labels: { confirm: 'Delete', cancel: 'Cancel' },
                  confirmProps: { color: 'red' },
                  onConfirm: () => remove.mutate(),
                })
              }
            >
              Delete unit
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {unit ? 'Save' : 'Create unit'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
