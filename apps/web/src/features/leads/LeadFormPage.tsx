import { useMemo, useState } from 'react';
import { Anchor, Breadcrumbs, Grid, Text } from '@mantine/core';
import type { DuplicateCheck } from '@leadline/contract';
import { DuplicatesPanel } from '../identity/DuplicatesPanel';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { LeadForm } from './LeadForm';
import { changedPayload, toFormValues, toPayload } from './leadFormModel';
import { createLead, updateLead, useLead, useLeadChanged } from './api';
import { useTranslation } from 'react-i18next';

export function NewLeadPage() {
  const { t } = useTranslation('leads');
  const navigate = useNavigate();
  const leadChanged = useLeadChanged();
  const { user } = useSession();
  const initial = useMemo(() => toFormValues(null, { ownerId: user?.id ?? null }), [user?.id]);
  const [typed, setTyped] = useState<DuplicateCheck>({});
  return (
    <>
      <Breadcrumbs mb={4}>
        <Anchor component={Link} to="/leads" size="sm">
          {t('title')}
        </Anchor>
        <Text size="sm">{t('newLead')}</Text>
      </Breadcrumbs>
      <PageHeader title={t('newLead')} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, xl: 9 }} order={{ base: 2, xl: 1 }}>
          <LeadForm
            lead={null}
            initial={initial}
            submitLabel={t('createLead')}
            onCancel={() => navigate('/leads')}
            onValuesChange={(v) =>
              setTyped({
                firstName: v.firstName,
                lastName: v.lastName,
                emails: v.emails,
                phones: v.phones,
                companyTin: v.companyTin,
                companyName: v.companyName,
                leadCompanyName: v.leadCompanyName,
              })
            }
            onSubmit={async (values) => {
              const lead = await createLead(toPayload(values));
              leadChanged(lead);
              notifySuccess(t('created', { number: lead.number }));
              navigate(`/leads/${lead.id}`);
            }}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 3 }} order={{ base: 1, xl: 2 }}>
          <DuplicatesPanel values={typed} />
        </Grid.Col>
      </Grid>
    </>
  );
}

export function EditLeadPage() {
  const { t } = useTranslation('leads');
  const { id } = useParams();
  const navigate = useNavigate();
  const leadChanged = useLeadChanged();
  const lead = useLead(id);
  // The form restarts from the server's version when it changes (after a reload on 412).
  const initial = useMemo(() => (lead.data ? toFormValues(lead.data) : null), [lead.data]);
  if (lead.isLoading) return <LoadingState />;
  if (lead.isError || !lead.data || !initial)
    return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  const l = lead.data;
  return (
    <>
      <Breadcrumbs mb={4}>
        <Anchor component={Link} to="/leads" size="sm">
          {t('title')}
        </Anchor>
        <Anchor component={Link} to={`/leads/${l.id}`} size="sm">
          {l.number}
        </Anchor>
        <Text size="sm">{t('common:edit')}</Text>
      </Breadcrumbs>
      <PageHeader title={t('editName', { name: l.name })} subtitle={l.number} />
      <LeadForm
        key={l.version}
        lead={l}
        initial={initial}
        submitLabel={t('common:save')}
        onCancel={() => navigate(`/leads/${l.id}`)}
        onSubmit={async (values) => {
          const patch = changedPayload(initial, values);
          const saved = Object.keys(patch).length === 0 ? l : await updateLead(l, patch);
          leadChanged(saved);
          notifySuccess(t('saved', { number: saved.number }));
          navigate(`/leads/${l.id}`);
        }}
      />
    </>
  );
}
