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
import { formatDate, formatMoney, personName } from '../../lib/format';
import { nameOf, useUsers } from '../../lib/queries';
import { PageHeader } from '../../components/PageHeader';
import { RemoteSelect } from '../../components/RemoteSelect';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { Field, RecordList } from './RecordList';
import {
  linkContactToCompany,
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
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Companies"
        actions={
          <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
            New company
          </Button>
        }
      />
      <RecordList<Company>
        path="/companies"
        label="Companies"
        columns={[
          {
            label: 'Name',
            render: (c) => (
              <Text size="sm" fw={500}>
                {c.name}
              </Text>
            ),
          },
          { label: 'TIN', render: (c) => c.tin },
          { label: 'Website', render: (c) => c.website },
          { label: 'Type', render: (c) => <Badge color={typeColors[c.type]}>{c.type}</Badge> },
          { label: 'Key account', render: (c) => (c.keyAccount ? 'Yes' : '') },
          { label: 'City', render: (c) => c.address.city },
        ]}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New company">
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
      notifySuccess(`${c.name} saved`);
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
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={2} spacing="xs">
          <TextInput label="TIN" {...form.getInputProps('tin')} />
          <TextInput label="Website" {...form.getInputProps('website')} />
        </SimpleGrid>
        <Select
          label="Type"
          data={companyTypes.map((t) => ({ value: t, label: t[0].toUpperCase() + t.slice(1) }))}
          allowDeselect={false}
          {...form.getInputProps('type')}
        />
        <Checkbox label="Key account" {...form.getInputProps('keyAccount', { type: 'checkbox' })} />
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

export function CompanyPage() {
  const company = useRecordOfPage<Company>('/companies');
  const [editing, setEditing] = useState(false);
  if (company.isLoading) return <LoadingState />;
  if (company.isError || !company.data)
    return <ErrorState error={company.error} onRetry={() => void company.refetch()} />;
  const c = company.data;
  return (
    <Stack gap="sm">
      <Crumbs path="/companies" label="Companies" current={c.name} />
      <PageHeader
        title={c.name}
        subtitle={<Badge color={typeColors[c.type]}>{c.type}</Badge>}
        actions={
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
        }
      />
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label="TIN">{c.tin}</Field>
          <Field label="Website">{c.website}</Field>
          <Field label="Key account">{c.keyAccount ? 'Yes' : 'No'}</Field>
          <Field label="Emails">{c.emails.join(', ')}</Field>
          <Field label="Phones">{c.phones.join(', ')}</Field>
          <Field label="City">{c.address.city}</Field>
        </SimpleGrid>
      </Paper>
      <Title order={3}>Contacts</Title>
      <RecordList<Contact>
        path="/contacts"
        label="Contacts"
        params={{ companyId: c.id }}
        columns={[
          { label: 'Name', render: (x) => personName(x) },
          { label: 'Job title', render: (x) => x.jobTitle },
          { label: 'Emails', render: (x) => x.emails.join(', ') },
        ]}
      />
      <Title order={3}>Opportunities</Title>
      <RecordList<Opportunity>
        path="/opportunities"
        label="Opportunities"
        params={{ companyId: c.id }}
        columns={[
          { label: 'Name', render: (o) => o.name },
          { label: 'Stage', render: (o) => <Badge color={stageColors[o.stage]}>{o.stage}</Badge> },
          { label: 'Estimated revenue', render: (o) => formatMoney(o.estimatedRevenue) },
        ]}
      />
      <Modal opened={editing} onClose={() => setEditing(false)} title={`Edit ${c.name}`}>
        {editing && <CompanyForm company={c} onDone={() => setEditing(false)} />}
      </Modal>
    </Stack>
  );
}

// Contacts

export function ContactsPage() {
  return (
    <>
      <PageHeader title="Contacts" />
      <RecordList<Contact>
        path="/contacts"
        label="Contacts"
        columns={[
          {
            label: 'Name',
            render: (x) => (
              <Text size="sm" fw={500}>
                {personName(x)}
              </Text>
            ),
          },
          { label: 'Job title', render: (x) => x.jobTitle },
          { label: 'Emails', render: (x) => x.emails.join(', ') },
          { label: 'Phones', render: (x) => x.phones.join(', ') },
          { label: 'Do not email', render: (x) => (x.doNotEmail ? 'Yes' : '') },
        ]}
      />
    </>
  );
}

export function ContactPage() {
  const contact = useRecordOfPage<Contact>('/contacts');
  const qc = useQueryClient();
  const company = useCompany(contact.data?.companyId);
  const link = useMutation({
    mutationFn: (companyId: string | null) => linkContactToCompany(contact.data!, companyId),
    onSuccess: (c) => {
      qc.setQueryData(recordKeys.one('/contacts', c.id), c);
      notifySuccess('Saved');
    },
  });
  if (contact.isLoading) return <LoadingState />;
  if (contact.isError || !contact.data)
    return <ErrorState error={contact.error} onRetry={() => void contact.refetch()} />;
  const c = contact.data;
  return (
    <Stack gap="sm">
      <Crumbs path="/contacts" label="Contacts" current={personName(c)} />
      <PageHeader title={personName(c)} subtitle={c.jobTitle ?? undefined} />
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label="First name">{c.firstName}</Field>
          <Field label="Middle name">{c.middleName}</Field>
          <Field label="Last name">{c.lastName}</Field>
          <Field label="Emails">{c.emails.join(', ')}</Field>
          <Field label="Phones">{c.phones.join(', ')}</Field>
          <Field label="Department">{c.department}</Field>
          <Field label="Do not email">{c.doNotEmail ? 'Yes' : 'No'}</Field>
          <Field label="Do not call">{c.doNotCall ? 'Yes' : 'No'}</Field>
          <Field label="Company">
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
          label="Company"
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
  const users = useUsers();
  return (
    <>
      <PageHeader title="Opportunities" subtitle="Created when a lead is qualified." />
      <RecordList<Opportunity>
        path="/opportunities"
        label="Opportunities"
        columns={[
          {
            label: 'Number',
            render: (o) => (
              <Text size="xs" ff="monospace">
                {o.number}
              </Text>
            ),
          },
          {
            label: 'Name',
            render: (o) => (
              <Text size="sm" fw={500}>
                {o.name}
              </Text>
            ),
          },
          { label: 'Stage', render: (o) => <Badge color={stageColors[o.stage]}>{o.stage}</Badge> },
          { label: 'Responsible', render: (o) => nameOf(users.data?.items, o.responsibleId) },
          { label: 'Estimated revenue', render: (o) => formatMoney(o.estimatedRevenue) },
          { label: 'Estimated close date', render: (o) => formatDate(o.estimatedCloseDate) },
        ]}
      />
    </>
  );
}

export function OpportunityPage() {
  const opp = useRecordOfPage<Opportunity>('/opportunities');
  const users = useUsers();
  const qc = useQueryClient();
  const stage = useMutation({
    mutationFn: (s: string) => setOpportunityStage(opp.data!, s),
    onSuccess: (o) => {
      qc.setQueryData(recordKeys.one('/opportunities', o.id), o);
      void qc.invalidateQueries({ queryKey: recordKeys.all('/companies') });
      notifySuccess(`Stage: ${o.stage}`);
    },
  });
  if (opp.isLoading) return <LoadingState />;
  if (opp.isError || !opp.data) return <ErrorState error={opp.error} onRetry={() => void opp.refetch()} />;
  const o = opp.data;
  return (
    <Stack gap="sm">
      <Crumbs path="/opportunities" label="Opportunities" current={o.number} />
      <PageHeader
        title={o.name}
        subtitle={o.number}
        actions={
          <Select
            aria-label="Stage"
            w={140}
            value={o.stage}
            allowDeselect={false}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'won', label: 'Won' },
              { value: 'lost', label: 'Lost' },
            ]}
            onChange={(s) => s && s !== o.stage && stage.mutate(s)}
          />
        }
      />
      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label="Responsible">{nameOf(users.data?.items, o.responsibleId)}</Field>
          <Field label="City">{o.city}</Field>
          <Field label="Estimated revenue">{formatMoney(o.estimatedRevenue)}</Field>
          <Field label="Estimated close date">{formatDate(o.estimatedCloseDate)}</Field>
          <Field label="Originating lead">
            {o.originatingLeadId ? (
              <Anchor component={Link} to={`/leads/${o.originatingLeadId}`} size="sm">
                Open the lead
              </Anchor>
            ) : null}
          </Field>
          <Field label="Company">
            {o.companyId ? (
              <Anchor component={Link} to={`/companies/${o.companyId}`} size="sm">
                Open the company
              </Anchor>
            ) : null}
          </Field>
          <Field label="Current situation">{o.currentSituation}</Field>
          <Field label="Description">{o.description}</Field>
          <Field label="Lines">{o.lines.map((l) => `${l.quantity} × ${l.price}`).join('\n')}</Field>
        </SimpleGrid>
      </Paper>
    </Stack>
  );
}
