import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
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
import { CrudForm, RecordDialog, useCrudSave } from './crud';
import { nameOf, toOptions, unitsKey, usersKey, useUnits, useUsers } from '../../lib/queries';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { useTranslation } from 'react-i18next';

export function UnitsPage() {
  const { t } = useTranslation('settings');
  const units = useUnits();
  const users = useUsers();
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('units.intro')}
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('units.new')}
        </Button>
      </Group>
      <Paper withBorder>
        {units.isLoading ? (
          <LoadingState />
        ) : units.isError ? (
          <ErrorState error={units.error} onRetry={() => void units.refetch()} />
        ) : units.data!.items.length === 0 ? (
          <EmptyState
            title={t('units.none')}
            description={t('units.noneHint')}
            action={
              <Button variant="light" onClick={() => setEditing('new')}>
                {t('units.createFirst')}
              </Button>
            }
          />
        ) : (
          <Table aria-label={t('section.units')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('units.name')}</Table.Th>
                <Table.Th>{t('units.members')}</Table.Th>
                <Table.Th>{t('units.collaborating')}</Table.Th>
                <Table.Th>{t('units.active')}</Table.Th>
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
                      <Tooltip label={members.join(', ') || t('units.noMembers')} multiline maw={320}>
                        <Text size="sm" span>
                          {t('units.memberCount', { count: members.length })}
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
                      {u.active ? (
                        <Badge color="teal">{t('filter.active')}</Badge>
                      ) : (
                        <Badge color="gray">{t('filter.inactive')}</Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <RecordDialog
        value={editing}
        onClose={() => setEditing(null)}
        title={(v) => (v === 'new' ? t('units.new') : t('units.edit', { name: v.name }))}
      >
        {(v) => <UnitForm unit={v === 'new' ? null : v} onDone={() => setEditing(null)} />}
      </RecordDialog>
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
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const users = useUsers();
  const units = useUnits();
  const form = useForm<UnitValues>({
    initialValues: {
      name: unit?.name ?? '',
      memberIds: unit?.memberIds ?? [],
      collaboratingUnitIds: unit?.collaboratingUnitIds ?? [],
      active: unit?.active ?? true,
    },
  });
  const save = useCrudSave(form, {
    queryKey: unitsKey,
    alsoRefresh: [usersKey],
    save: (v: UnitValues) => saveRecord<Unit>('/units', unit, v),
    saved: (u) => (unit ? t('common:saved', { name: u.name }) : t('units.created', { name: u.name })),
    onSaved: onDone,
    inline: true,
  });
  const remove = useMutation({
    mutationFn: () => deleteRecord('/units', unit!.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: unitsKey });
      void qc.invalidateQueries({ queryKey: usersKey });
      notifySuccess(t('units.deleted', { name: unit!.name }));
      onDone();
    },
  });

  return (
    <CrudForm
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      onCancel={onDone}
      saving={save.isPending}
      error={save.formError}
      submitLabel={unit ? t('common:save') : t('units.create')}
      deleteLabel={t('units.delete')}
      deleting={remove.isPending}
      onDelete={
        unit
          ? () =>
              modals.openConfirmModal({
                title: t('units.deleteConfirm', { name: unit.name }),
                children: <Text size="sm">{t('units.deleteHint')}</Text>,
                labels: { confirm: t('common:delete'), cancel: t('common:cancel') },
                confirmProps: { color: 'red' },
                onConfirm: () => remove.mutate(),
              })
          : undefined
      }
    >
      <TextInput label={t('units.name')} required data-autofocus {...form.getInputProps('name')} />
      <MultiSelect
        label={t('units.members')}
        searchable
        data={toOptions(users.data?.items)}
        {...form.getInputProps('memberIds')}
      />
      <MultiSelect
        label={t('units.collaborating')}
        description={t('units.collaboratingHint')}
        searchable
        data={toOptions(units.data?.items.filter((u) => u.id !== unit?.id))}
        {...form.getInputProps('collaboratingUnitIds')}
      />
      <Switch label={t('units.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
    </CrudForm>
  );
}
