import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
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
import type { Company, PartnershipAgreement } from '@leadline/contract';
import { saveRecord, settingsKeys } from './api';
import { CrudForm, RecordDialog, useCrudSave } from './crud';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';
import { refOptions, useRefList, type RefItem } from '../../lib/refs';
import { RemoteSelect } from '../../components/RemoteSelect';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

type Agreement = PartnershipAgreement & RefItem;
const path = '/partnership-agreements';

/** Partnership agreements: a partner company joined to a program; leads under it are the partner's. */
export function AgreementsEditor() {
  const { t } = useTranslation('settings');
  const agreements = useRefList<Agreement>(path);
  const programs = useRefList('/partnership-programs');
  const [editing, setEditing] = useState<Agreement | 'new' | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>{t('lists.partnershipAgreements')}</Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('agreements.add')}
        </Button>
      </Group>
      <Paper withBorder>
        {agreements.isLoading ? (
          <LoadingState />
        ) : agreements.isError ? (
          <ErrorState error={agreements.error} onRetry={() => void agreements.refetch()} />
        ) : agreements.data!.length === 0 ? (
          <EmptyState title={t('agreements.none')} />
        ) : (
          <Table aria-label={t('lists.partnershipAgreements')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agreements.number')}</Table.Th>
                <Table.Th>{t('agreements.program')}</Table.Th>
                <Table.Th>{t('agreements.valid')}</Table.Th>
                <Table.Th>{t('lists.active')}</Table.Th>
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
                    {t('agreements.period', { from: formatDate(a.validFrom), to: formatDate(a.validTo) })}
                  </Table.Td>
                  <Table.Td>
                    {a.active ? (
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
      <RecordDialog
        value={editing}
        onClose={() => setEditing(null)}
        title={(v) => (v === 'new' ? t('agreements.new') : t('agreements.edit', { number: v.number }))}
      >
        {(v) => (
          <AgreementForm
            item={v === 'new' ? null : v}
            programs={programs.data}
            onDone={() => setEditing(null)}
          />
        )}
      </RecordDialog>
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
  const { t } = useTranslation('settings');
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
  const save = useCrudSave(form, {
    queryKey: settingsKeys.refList(path),
    save: (v: Values) =>
      saveRecord(path, item, { ...v, validFrom: v.validFrom || null, validTo: v.validTo || null }),
    saved: t('agreements.saved'),
    onSaved: onDone,
    inline: true,
  });
  return (
    <CrudForm
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      onCancel={onDone}
      saving={save.isPending}
      error={save.formError}
    >
      <TextInput label={t('agreements.number')} required data-autofocus {...form.getInputProps('number')} />
      <RemoteSelect<Company>
        label={t('agreements.partnerCompany')}
        path="/companies"
        labelOf={(c) => c.name}
        value={form.values.partnerCompanyId}
        onChange={(id) => form.setFieldValue('partnerCompanyId', id)}
        error={form.errors.partnerCompanyId}
      />
      <Select
        label={t('agreements.program')}
        data={refOptions(programs, form.values.programId)}
        {...form.getInputProps('programId')}
      />
      <SimpleGrid cols={2} spacing="xs">
        <TextInput label={t('agreements.validFrom')} type="date" {...form.getInputProps('validFrom')} />
        <TextInput label={t('agreements.validTo')} type="date" {...form.getInputProps('validTo')} />
      </SimpleGrid>
      <Switch label={t('lists.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
    </CrudForm>
  );
}
