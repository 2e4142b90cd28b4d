import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Company, PartnershipAgreement } from '@leadline/contract';
import { saveRecord, settingsKeys } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { formatDate } from '../../lib/format';
import { refOptions, useRefList, type RefItem } from '../../lib/refs';
import { RemoteSelect } from '../../components/RemoteSelect';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';

type Agreement = PartnershipAgreement & RefItem;
const path = '/partnership-agreements';

/** Partnership agreements: a partner company joined to a program; leads under it are the partner's. */
export function AgreementsEditor() {
  const agreements = useRefList<Agreement>(path);
  const programs = useRefList('/partnership-programs');
  const [editing, setEditing] = useState<Agreement | 'new' | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>Partnership agreements</Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          Add agreement
        </Button>
      </Group>
      <Paper withBorder>
        {agreements.isLoading ? (
          <LoadingState />
        ) : agreements.isError ? (
          <ErrorState error={agreements.error} onRetry={() => void agreements.refetch()} />
        ) : agreements.data!.length === 0 ? (
          <EmptyState title="No agreements yet" />
        ) : (
          <Table aria-label="Partnership agreements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Program</Table.Th>
                <Table.Th>Valid</Table.Th>
                <Table.Th>Active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agreements.data!.map((a) => (
                <Table.Tr
                  key={a.id}
                  className="ll-clickable"
                  tabIndex={0}
                  onClick={() => setEditing(a)}
                  onKeyDown={(e) => e.key === 'Enter' && setEditing(a)}
                >
                  <Table.Td fw={500}>{a.number}</Table.Td>
                  <Table.Td>{programs.data?.find((p) => p.id === a.programId)?.name}</Table.Td>
                  <Table.Td>
                    {formatDate(a.validFrom)} – {formatDate(a.validTo)}
                  </Table.Td>
                  <Table.Td>
                    {a.active ? <Badge color="teal">Active</Badge> : <Badge color="gray">Inactive</Badge>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New agreement' : `Edit ${editing?.number ?? ''}`}
      >
        {editing !== null && (
          <AgreementForm
            item={editing === 'new' ? null : editing}
            programs={programs.data}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

interface Values {
  number: string;
  partnerCompanyId: string | null;
  programId: string | null;
  validFrom: string;
  validTo: string;
  active: boolean;
}

function AgreementForm({
  item,
  programs,
  onDone,
}: {
  item: Agreement | null;
  programs: RefItem[] | undefined;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<Values>({
    initialValues: {
      number: item?.number ?? '',
      partnerCompanyId: item?.partnerCompanyId ?? null,
      programId: item?.programId ?? null,
      validFrom: item?.validFrom ?? '',
      validTo: item?.validTo ?? '',
      active: item?.active ?? true,
    },
  });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => {
      const body = { ...v, validFrom: v.validFrom || null, validTo: v.validTo || null };
      return saveRecord(path, item, body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: settingsKeys.refList(path) });
      notifySuccess('Agreement saved');
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
        <TextInput label="Number" required data-autofocus {...form.getInputProps('number')} />
        <RemoteSelect<Company>
          label="Partner company"
          path="/companies"
          labelOf={(c) => c.name}
          value={form.values.partnerCompanyId}
          onChange={(id) => form.setFieldValue('partnerCompanyId', id)}
          error={form.errors.partnerCompanyId}
        />
        <Select
          label="Program"
          data={refOptions(programs, form.values.programId)}
          {...form.getInputProps('programId')}
        />
        <SimpleGrid cols={2} spacing="xs">
          <TextInput label="Valid from" type="date" {...form.getInputProps('validFrom')} />
          <TextInput label="Valid to" type="date" {...form.getInputProps('validTo')} />
        </SimpleGrid>
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
