import { Anchor, Breadcrumbs, Stack, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/States';
import { useLead } from '../leads/api';
import { usePortal } from './api';
import { PortalLeadForm } from './PortalLeadForm';

export { PortalLeadsPage } from './PortalLeadsPage';
export { PortalLeadPage } from './PortalLeadPage';

/** "Register a lead": only what a partner fills. */
export function PortalRegisterPage() {
  const { t } = useTranslation('portal');
  const portal = usePortal();
  if (portal.isLoading) return <LoadingState />;
  if (portal.isError || !portal.data)
    return <ErrorState error={portal.error} onRetry={() => void portal.refetch()} />;
  return (
    <Stack gap="sm" maw={880}>
      <Title order={2}>{t('registerLead')}</Title>
      <PortalLeadForm portal={portal.data} />
    </Stack>
  );
}

/** A partner changes what she registered. */
export function PortalEditPage() {
  const { t } = useTranslation('portal');
  const { id } = useParams();
  const lead = useLead(id);
  const portal = usePortal();
  if (lead.isLoading || portal.isLoading) return <LoadingState />;
  if (lead.isError || !lead.data)
    return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  if (portal.isError || !portal.data)
    return <ErrorState error={portal.error} onRetry={() => void portal.refetch()} />;
  return (
    <Stack gap="sm" maw={880}>
      <Breadcrumbs>
        <Anchor component={Link} to="/leads" size="sm">
          {t('ourLeads')}
        </Anchor>
        <Anchor component={Link} to={`/leads/${lead.data.id}`} size="sm">
          {lead.data.number}
        </Anchor>
      </Breadcrumbs>
      <Title order={2}>{t('editLead')}</Title>
      <PortalLeadForm portal={portal.data} lead={lead.data} />
    </Stack>
  );
}
