import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
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
import { roles, type Role, type User } from '@leadline/contract';
import { saveRecord, useUserSearch } from './api';
import { CrudForm, RecordDialog, useCrudSave } from './crud';
import { useTranslation } from 'react-i18next';
import { useRoleLabels } from '../../i18n/labels';
import { nameOf, toOptions, unitsKey, useUnits, usersKey } from '../../lib/queries';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

export function UsersPage() {
  const { t } = useTranslation('settings');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [active, setActive] = useState<'true' | 'false' | 'all'>('true');
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const units = useUnits();
  const roleLabels = useRoleLabels();
  const users = useUserSearch(q, active);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="xs">
          <TextInput
            data-page-search
            aria-label={t('users.search')}
            placeholder={t('users.search')}
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
              { value: 'true', label: t('filter.active') },
              { value: 'false', label: t('filter.inactive') },
              { value: 'all', label: t('filter.all') },
            ]}
          />
        </Group>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('users.new')}
        </Button>
      </Group>
      <Paper withBorder>
        {users.isLoading ? (
          <LoadingState />
        ) : users.isError ? (
          <ErrorState error={users.error} onRetry={() => void users.refetch()} />
        ) : users.data!.items.length === 0 ? (
          <EmptyState title={t('users.noneMatch')} description={t('users.noneMatchHint')} />
        ) : (
          <Table aria-label={t('section.users')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.roles')}</Table.Th>
                <Table.Th>{t('users.units')}</Table.Th>
                <Table.Th>{t('users.active')}</Table.Th>
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
                          {roleLabels[r]}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{u.unitIds.map((id) => nameOf(units.data?.items, id)).join(', ')}</Table.Td>
                  <Table.Td>
                    {u.active ? (
                      <Badge color="teal">{t('filter.active')}</Badge>
                    ) : (
                      <Badge color="gray">{t('filter.inactive')}</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {users.data?.total !== undefined && (
        <Text size="xs" c="dimmed">
          {t('users.count', { count: users.data.total })}
        </Text>
      )}
      <RecordDialog
        value={editing}
        onClose={() => setEditing(null)}
        title={(v) => (v === 'new' ? t('users.new') : t('users.edit', { name: v.name }))}
      >
        {(v) => <UserForm user={v === 'new' ? null : v} onDone={() => setEditing(null)} />}
      </RecordDialog>
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

function UserForm({ user, onDone }: { user: User | null; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const units = useUnits();
  const roleLabels = useRoleLabels();
  const roleOptions = roles.map((r) => ({
    value: r,
    label: t('users.roleWithCode', { role: roleLabels[r], code: r }),
  }));
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
  const save = useCrudSave(form, {
    queryKey: usersKey,
    alsoRefresh: [unitsKey],
    save: (v: UserValues) => {
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
    saved: (u) => (user ? t('common:saved', { name: u.name }) : t('users.created', { name: u.name })),
    onSaved: onDone,
    inline: true,
  });
  return (
    <CrudForm
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      onCancel={onDone}
      saving={save.isPending}
      error={save.formError}
      submitLabel={user ? t('common:save') : t('users.create')}
    >
      <TextInput label={t('users.name')} required data-autofocus {...form.getInputProps('name')} />
      <TextInput label={t('users.email')} type="email" required {...form.getInputProps('email')} />
      <PasswordInput
        label={user ? t('users.newPassword') : t('users.password')}
        description={user ? t('users.keepPassword') : t('users.passwordRule')}
        required={!user}
        autoComplete="new-password"
        {...form.getInputProps('password')}
      />
      <MultiSelect
        label={t('users.roles')}
        data={roleOptions}
        required
        searchable
        {...form.getInputProps('roles')}
      />
      <MultiSelect
        label={t('users.units')}
        data={toOptions(units.data?.items)}
        searchable
        {...form.getInputProps('unitIds')}
      />
      <Switch label={t('users.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
    </CrudForm>
  );
}
