import { useState } from 'react';
import {
  Anchor,
  Badge,
  Breadcrumbs,
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
import { Link, useNavigate, useParams } from 'react-router';
import { companyTypes, type Company, type Contact, type Opportunity } from '@leadline/contract';
import { applyFieldErrors } from '../../lib/forms';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { personName } from '../../lib/format';
import { nameOf, useUsers } from '../../lib/queries';
import { PageHeader } from '../../components/PageHeader';
import { RemoteSelect } from '../../components/RemoteSelect';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { Field, RecordList } from './RecordList';
import { useLead } from '../leads/api';
import { ContactPoints } from '../../components/ContactPoints';
import { OpportunityHistory } from './OpportunityHistory';
import { RecordDuplicates } from '../identity/LeadDuplicates';
import { MergedNotice } from '../identity/RecordMergePage';
import {
  linkContactToCompany,
  opportunityHistoryKey,
  recordKeys,
  saveCompany,
  setOpportunityStage,
  useCompany,
  useRecord,
  type RecordPath,
} from './api';

const typeColors: Record<string, string> = {
  prospect: 'blue',
  customer: 'teal',
  supplier: 'grape',
  partner: 'orange',
};
const stageColors: Record<string, string> = { open: 'blue', won: 'teal', lost: 'red' };

export function typeLabel(t: TFunction<'records'>, type: Company['type']): string {
  const labels: Record<Company['type'], string> = {
    prospect: t('type.prospect'),
    customer: t('type.customer'),
    supplier: t('type.supplier'),
    partner: t('type.partner'),
  };
  return labels[type] ?? type;
}

function stageLabel(t: TFunction<'records'>, stage: string): string {
  const labels: Record<string, string> = {
    open: t('stage.open'),
    won: t('stage.won'),
    lost: t('stage.lost'),
  };
  return labels[stage] ?? stage;
}

function useRecordOfPage<T>(path: RecordPath) {
  const { id } = useParams();
  return useRecord<T>(path, id);
}

function Crumbs({ path, label, current }: { path: string; label: string; current: string }) {
  return (
    <Breadcrumbs mb={4}>
      <Anchor component={Link} to={path} size="sm">
        {label}
      </Anchor>
      <Text size="sm">{current}</Text>
    </Breadcrumbs>
  );
}

// Companies

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

interface CompanyValues {
  name: string;
  tin: string;
  website: string;
  type: Company['type'];
  keyAccount: boolean;
}

function CompanyForm({ company, onDone }: { company: Company | null; onDone: () => void }) {
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

// Contacts

export function ContactsPage() {
  const { t } = useTranslation('records');
  return (
    <>
      <PageHeader title={t('contacts.title')} />
      <RecordList<Contact>
        path="/contacts"
        kind="contacts"
        columns={[
          {
            label: t('field.fullName'),
            render: (x) => (
              <Text size="sm" fw={500}>
                {personName(x)}
              </Text>
            ),
          },
          { label: t('field.jobTitle'), render: (x) => x.jobTitle },
          { label: t('field.emails'), render: (x) => x.emails.join(', ') },
          { label: t('field.phones'), render: (x) => x.phones.join(', ') },
          { label: t('field.doNotEmail'), render: (x) => (x.doNotEmail ? t('common:yes') : '') },
        ]}
      />
    </>
  );
}

export function ContactPage() {
  const { t } = useTranslation('records');
  const contact = useRecordOfPage<Contact>('/contacts');
  const qc = useQueryClient();
  const company = useCompany(contact.data?.companyId);
  const link = useMutation({
    mutationFn: (companyId: string | null) => linkContactToCompany(contact.data!, companyId),
    onSuccess: (c) => {
      qc.setQueryData(recordKeys.one('/contacts', c.id), c);
      notifySuccess(t('savedShort'));
    },
  });
  if (contact.isLoading) return <LoadingState />;
  if (contact.isError || !contact.data)
    return <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />;
  const c = contact.data;
  return (
    <Stack gap="sm">
      <Crumbs path="/contacts" label={t('contacts.title')} current={personName(c)} />
      <PageHeader title={personName(c)} subtitle={c.jobTitle ?? undefined} />
      <MergedNotice path="/contacts" />
      <RecordDuplicates path="/contacts" id={c.id} />
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label={t('field.firstName')}>{c.firstName}</Field>
          <Field label={t('field.middleName')}>{c.middleName}</Field>
          <Field label={t('field.lastName')}>{c.lastName}</Field>
          <Field label={t('field.emails')}>
            <ContactPoints kind="email" values={c.emails} />
          </Field>
          <Field label={t('field.phones')}>
            <ContactPoints kind="phone" values={c.phones} />
          </Field>
          <Field label={t('field.department')}>{c.department}</Field>
          <Field label={t('field.doNotEmail')}>{c.doNotEmail ? t('common:yes') : t('common:no')}</Field>
          <Field label={t('field.doNotCall')}>{c.doNotCall ? t('common:yes') : t('common:no')}</Field>
          <Field label={t('field.company')}>
            {c.companyId ? (
              <Anchor component={Link} to={`/companies/${c.companyId}`} size="sm">
                {company.data?.name ?? '…'}
              </Anchor>
            ) : null}
          </Field>
        </SimpleGrid>
        <RemoteSelect<Company>
          mt="sm"
          maw={360}
          label={t('field.company')}
          path="/companies"
          labelOf={(x) => x.name}
          value={c.companyId}
          onChange={(id) => link.mutate(id)}
        />
      </Paper>
    </Stack>
  );
}

// Opportunities

export function OpportunitiesPage() {
  const { t } = useTranslation('records');
  const users = useUsers();
  return (
    <>
      <PageHeader title={t('opportunities.title')} subtitle={t('opportunities.subtitle')} />
      <RecordList<Opportunity>
        path="/opportunities"
        kind="opportunities"
        columns={[
          {
            label: t('field.number'),
            render: (o) => (
              <Text size="xs" ff="monospace">
                {o.number}
              </Text>
            ),
          },
          {
            label: t('field.name'),
            render: (o) => (
              <Text size="sm" fw={500}>
                {o.name}
              </Text>
            ),
          },
          {
            label: t('field.stage'),
            render: (o) => <Badge color={stageColors[o.stage]}>{stageLabel(t, o.stage)}</Badge>,
          },
          { label: t('field.responsible'), render: (o) => nameOf(users.data?.items, o.responsibleId) },
          { label: t('field.estimatedRevenue'), render: (o) => formatMoney(o.estimatedRevenue) },
          { label: t('field.estimatedCloseDate'), render: (o) => formatDate(o.estimatedCloseDate) },
        ]}
      />
    </>
  );
}

export function OpportunityPage() {
  const { t } = useTranslation('records');
  const opp = useRecordOfPage<Opportunity>('/opportunities');
  const users = useUsers();
  // Named by what they are called, not "open the lead": one read each, by id.
  const lead = useLead(opp.data?.originatingLeadId ?? undefined);
  const company = useCompany(opp.data?.companyId ?? null);
  const qc = useQueryClient();
  const stage = useMutation({
    mutationFn: (s: string) => setOpportunityStage(opp.data!, s),
    onSuccess: (o) => {
      qc.setQueryData(recordKeys.one('/opportunities', o.id), o);
      void qc.invalidateQueries({ queryKey: opportunityHistoryKey(o.id) });
      void qc.invalidateQueries({ queryKey: recordKeys.all('/companies') });
      notifySuccess(t('stageChanged', { stage: stageLabel(t, o.stage) }));
    },
  });
  if (opp.isLoading) return <LoadingState />;
  if (opp.isError || !opp.data) return <ErrorState error={opp.error} onRetry={() => void opp.refetch()} />;
  const o = opp.data;
  return (
    <Stack gap="sm">
      <Crumbs path="/opportunities" label={t('opportunities.title')} current={o.number} />
      <PageHeader
        title={o.name}
        subtitle={o.number}
        actions={
          <Select
            aria-label={t('field.stage')}
            w={160}
            value={o.stage}
            allowDeselect={false}
            data={['open', 'won', 'lost'].map((value) => ({ value, label: stageLabel(t, value) }))}
            onChange={(s) => s && s !== o.stage && stage.mutate(s)}
          />
        }
      />
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label={t('field.responsible')}>{nameOf(users.data?.items, o.responsibleId)}</Field>
          <Field label={t('field.city')}>{o.city}</Field>
          <Field label={t('field.estimatedRevenue')}>{formatMoney(o.estimatedRevenue)}</Field>
          <Field label={t('field.estimatedCloseDate')}>{formatDate(o.estimatedCloseDate)}</Field>
          <Field label={t('field.originatingLead')}>
            {o.originatingLeadId ? (
              <Anchor component={Link} to={`/leads/${o.originatingLeadId}`} size="sm">
                {lead.data ? `${lead.data.name} · ${lead.data.number}` : t('openLead')}
              </Anchor>
            ) : null}
          </Field>
          <Field label={t('field.company')}>
            {o.companyId ? (
              <Anchor component={Link} to={`/companies/${o.companyId}`} size="sm">
                {company.data?.name ?? t('openCompany')}
              </Anchor>
            ) : null}
          </Field>
          <Field label={t('field.currentSituation')}>{o.currentSituation}</Field>
          <Field label={t('field.description')}>{o.description}</Field>
          <Field label={t('field.lines')}>
            {o.lines
              .map((l) => t('line', { quantity: formatNumber(l.quantity), price: formatNumber(l.price) }))
              .join('\n')}
          </Field>
        </SimpleGrid>
      </Paper>
      <OpportunityHistory opportunityId={o.id} />
    </Stack>
  );
}
