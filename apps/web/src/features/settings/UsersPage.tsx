import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { roles, type Role, type User } from '@leadline/contract';
import { saveRecord, useUserSearch } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { roleLabels, shortRoleLabels } from '../../lib/format';
import { nameOf, toOptions, unitsKey, useUnits, usersKey } from '../../lib/queries';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

export function UsersPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [active, setActive] = useState<'true' | 'false' | 'all'>('true');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const units = useUnits();
  const users = useUserSearch(q, active);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="xs">
          <TextInput
            data-page-search
            aria-label="Search users"
            placeholder="Search users"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <SegmentedControl
            size="xs"
            value={active}
            onChange={(v) => setActive(v as typeof active)}
            data={[
              { value: 'true', label: 'Active' },
              { value: 'false', label: 'Inactive' },
              { value: 'all', label: 'All' },
            ]}
          />
        </Group>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          New user
        </Button>
      </Group>
      <Paper withBorder>
        {users.isLoading ? (
          <LoadingState />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : users.data!.items.length === 0 ? (
          <EmptyState title="No users match" description="Change the search or create a user." />
        ) : (
          <Table aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Units</Table.Th>
                <Table.Th>Active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data!.items.map((u) => (
                <Table.Tr
                  key={u.id}
                  className="ll-clickable"
                  onClick={() => setEditing(u)}
                  onKeyDown={(e) => e.key === 'Enter' && setEditing(u)}
                  tabIndex={0}
                >
                  <Table.Td fw={500}>{u.name}</Table.Td>
                  <Table.Td c="dimmed">{u.email}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.roles.map((r) => (
                        <Badge key={r} color={r === 'crm_admin' ? 'grape' : 'indigo'}>
                          {shortRoleLabels[r]}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{u.unitIds.map((id) => nameOf(units.data?.items, id)).join(', ')}</Table.Td>
                  <Table.Td>
                    {u.active ? <Badge color="teal">Active</Badge> : <Badge color="gray">Inactive</Badge>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {users.data?.total !== undefined && (
        <Text size="xs" c="dimmed">
          {users.data.total} users
        </Text>
      )}
      <UserDialog user={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

interface UserValues {
  name: string;
  email: string;
  password: string;
  roles: Role[];
  unitIds: string[];
  active: boolean;
}

function UserDialog({ user, onClose }: { user: User | 'new' | null; onClose: () => void }) {
  const isNew = user === 'new';
  const existing = user && user !== 'new' ? user : null;
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={isNew ? 'New user' : `Edit ${existing?.name ?? 'user'}`}
      size="md"
    >
      {user !== null && <UserForm key={existing?.id ?? 'new'} user={existing} onDone={onClose} />}
    </Modal>
  );
}

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const qc = useQueryClient();
  const units = useUnits();
  const form = useForm<UserValues>({
    initialValues: {
      name: user?.name ?? '',
      email: user?.email ?? '',
      password: '',
      roles: user?.roles ?? ['crm_sales'],
      unitIds: user?.unitIds ?? [],
      active: user?.active ?? true,
    },
  });
  const [general, setGeneral] = useState<unknown>(null);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: UserValues) => {
      if (!user) return saveRecord<User>('/users', null, v);
      const patch: Partial<UserValues> = {
        name: v.name,
        email: v.email,
        roles: v.roles,
        unitIds: v.unitIds,
        active: v.active,
      };
      if (v.password) patch.password = v.password;
      return saveRecord<User>('/users', user, patch);
    },
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: usersKey });
      void qc.invalidateQueries({ queryKey: unitsKey });
      notifySuccess(user ? `${u.name} saved` : `${u.name} created`);
      onDone();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
        <PasswordInput
          label={user ? 'New password' : 'Password'}
          description={user ? 'Leave empty to keep the current password.' : 'At least 10 characters.'}
          required={!user}
          autoComplete="new-password"
          {...form.getInputProps('password')}
        />
        <MultiSelect label="Roles" data={roleOptions} required searchable {...form.getInputProps('roles')} />
        <MultiSelect
          label="Units"
          data={toOptions(units.data?.items)}
          searchable
          {...form.getInputProps('unitIds')}
        />
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {user ? 'Save' : 'Create user'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
