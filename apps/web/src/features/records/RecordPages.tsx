import { Anchor, Badge, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Company, type Contact, type Opportunity } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
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
import {
  linkContactToCompany,
  opportunityHistoryKey,
  recordKeys,
  setOpportunityStage,
  useCompany,
} from './api';
import { stageColors, stageLabel, useRecordOfPage, Crumbs } from './recordParts';
import { RecordDuplicates } from '../identity/LeadDuplicates';
import { MergedNotice } from '../identity/RecordMergePage';

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

export { CompaniesPage, CompanyPage } from './CompanyPages';
