import { useMemo } from 'react';
import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { LeadForm } from './LeadForm';
import { changedPayload, toFormValues, toPayload } from './leadFormModel';
import { createLead, updateLead, useLead, useLeadChanged } from './api';

export function NewLeadPage() {
  const navigate = useNavigate();
  const leadChanged = useLeadChanged();
  const { user } = useSession();
  const initial = useMemo(() => toFormValues(null, { ownerId: user?.id ?? null }), [user?.id]);
  return (
    <>
      <Breadcrumbs mb={4}>
        <Anchor component={Link} to="/leads" size="sm">
          Leads
        </Anchor>
        <Text size="sm">New lead</Text>
      </Breadcrumbs>
      <PageHeader title="New lead" />
      <LeadForm
        lead={null}
        initial={initial}
        submitLabel="Create lead"
        onCancel={() => navigate('/leads')}
        onSubmit={async (values) => {
          const lead = await createLead(toPayload(values));
          leadChanged(lead);
          notifySuccess(`Lead ${lead.number} created`);
          navigate(`/leads/${lead.id}`);
        }}
      />
    </>
  );
}

export function EditLeadPage() {
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
          Leads
        </Anchor>
        <Anchor component={Link} to={`/leads/${l.id}`} size="sm">
          {l.number}
        </Anchor>
        <Text size="sm">Edit</Text>
      </Breadcrumbs>
      <PageHeader title={`Edit ${l.name}`} subtitle={l.number} />
      <LeadForm
        key={l.version}
        lead={l}
        initial={initial}
        submitLabel="Save"
        onCancel={() => navigate(`/leads/${l.id}`)}
        onSubmit={async (values) => {
          const patch = changedPayload(initial, values);
          const saved = Object.keys(patch).length === 0 ? l : await updateLead(l, patch);
          leadChanged(saved);
          notifySuccess(`Lead ${saved.number} saved`);
          navigate(`/leads/${l.id}`);
        }}
      />
    </>
  );
}
