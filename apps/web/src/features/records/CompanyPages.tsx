import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { companyTypes, type Company, type Contact, type Opportunity } from '@leadline/contract';
import { applyFieldErrors } from '../../lib/forms';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../i18n/format';
import { personName } from '../../lib/format';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { Field, RecordList } from './RecordList';
import { ContactPoints } from '../../components/ContactPoints';
import { recordKeys, saveCompany } from './api';
import { typeColors, stageColors, typeLabel, stageLabel, useRecordOfPage, Crumbs } from './recordParts';
import { RecordDuplicates } from '../identity/LeadDuplicates';
import { MergedNotice } from '../identity/RecordMergePage';

/** The companies: their list, one company's page, and the form to create or edit one. */
export function CompaniesPage() {
  const { t } = useTranslation('records');
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title={t('companies.title')}
        actions={
          <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
            {t('companies.new')}
          </Button>
        }
      />
      <RecordList<Company>
        path="/companies"
        kind="companies"
        columns={[
          {
            label: t('field.name'),
            render: (c) => (
              <Text size="sm" fw={500}>
                {c.name}
              </Text>
            ),
          },
          { label: t('field.tin'), render: (c) => c.tin },
          { label: t('field.website'), render: (c) => c.website },
          {
            label: t('field.type'),
            render: (c) => <Badge color={typeColors[c.type]}>{typeLabel(t, c.type)}</Badge>,
          },
          { label: t('field.keyAccount'), render: (c) => (c.keyAccount ? t('common:yes') : '') },
          { label: t('field.city'), render: (c) => c.address.city },
        ]}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('companies.new')}>
        {creating && <CompanyForm company={null} onDone={() => setCreating(false)} />}
      </Modal>
    </>
  );
}

export interface CompanyValues {
  name: string;
  tin: string;
  website: string;
  type: Company['type'];
  keyAccount: boolean;
}

export function CompanyForm({ company, onDone }: { company: Company | null; onDone: () => void }) {
  const { t } = useTranslation('records');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<CompanyValues>({
    initialValues: {
      name: company?.name ?? '',
      tin: company?.tin ?? '',
      website: company?.website ?? '',
      type: company?.type ?? 'prospect',
      keyAccount: company?.keyAccount ?? false,
    },
  });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: CompanyValues) => {
      const body = { ...v, tin: v.tin.trim() || null, website: v.website.trim() || null };
      return saveCompany(company, body);
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: recordKeys.all('/companies') });
      notifySuccess(t('common:saved', { name: c.name }));
      onDone();
      if (!company) navigate(`/companies/${c.id}`);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title={t('notSaved')} />}
        <TextInput label={t('field.name')} required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={2} spacing="xs">
          <TextInput label={t('field.tin')} {...form.getInputProps('tin')} />
          <TextInput label={t('field.website')} {...form.getInputProps('website')} />
        </SimpleGrid>
        <Select
          label={t('field.type')}
          data={companyTypes.map((type) => ({ value: type, label: typeLabel(t, type) }))}
          allowDeselect={false}
          {...form.getInputProps('type')}
        />
        <Checkbox label={t('field.keyAccount')} {...form.getInputProps('keyAccount', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common:save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CompanyPage() {
  const { t } = useTranslation('records');
  const company = useRecordOfPage<Company>('/companies');
  const [editing, setEditing] = useState(false);
  if (company.isLoading) return <LoadingState />;
  if (company.isError || !company.data)
    return <ErrorState error={company.error} onRetry={() => void company.refetch()} />;
  const c = company.data;
  return (
    <Stack gap="sm">
      <Crumbs path="/companies" label={t('companies.title')} current={c.name} />
      <PageHeader
        title={c.name}
        subtitle={<Badge color={typeColors[c.type]}>{typeLabel(t, c.type)}</Badge>}
        actions={
          <Button variant="default" onClick={() => setEditing(true)}>
            {t('common:edit')}
          </Button>
        }
      />
      <MergedNotice path="/companies" />
      <RecordDuplicates path="/companies" id={c.id} />
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label={t('field.tin')}>{c.tin}</Field>
          <Field label={t('field.website')}>{c.website}</Field>
          <Field label={t('field.keyAccount')}>{c.keyAccount ? t('common:yes') : t('common:no')}</Field>
          <Field label={t('field.emails')}>
            <ContactPoints kind="email" values={c.emails} />
          </Field>
          <Field label={t('field.phones')}>
            <ContactPoints kind="phone" values={c.phones} />
          </Field>
          <Field label={t('field.city')}>{c.address.city}</Field>
        </SimpleGrid>
      </Paper>
      <Title order={3}>{t('contacts.title')}</Title>
      <RecordList<Contact>
        path="/contacts"
        kind="contacts"
        params={{ companyId: c.id }}
        columns={[
          { label: t('field.fullName'), render: (x) => personName(x) },
          { label: t('field.jobTitle'), render: (x) => x.jobTitle },
          { label: t('field.emails'), render: (x) => x.emails.join(', ') },
        ]}
      />
      <Title order={3}>{t('opportunities.title')}</Title>
      <RecordList<Opportunity>
        path="/opportunities"
        kind="opportunities"
        params={{ companyId: c.id }}
        columns={[
          { label: t('field.name'), render: (o) => o.name },
          {
            label: t('field.stage'),
            render: (o) => <Badge color={stageColors[o.stage]}>{stageLabel(t, o.stage)}</Badge>,
          },
          { label: t('field.estimatedRevenue'), render: (o) => formatMoney(o.estimatedRevenue) },
        ]}
      />
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('companies.edit', { name: c.name })}>
        {editing && <CompanyForm company={c} onDone={() => setEditing(false)} />}
      </Modal>
    </Stack>
  );
}
