import { useState } from 'react';
import { Anchor, Breadcrumbs, Grid, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadAction } from '@leadline/contract';
import { useCompany, useContact, useOpportunity } from '../records/api';
import { usePhaseLabels } from '../../i18n/labels';
import { personName } from '../../lib/format';
import { useUnits, useUsers } from '../../lib/queries';
import { useRefList, useStatuses, type RefItem } from '../../lib/refs';
import { pendingState } from '../../components/States';
import { LeadDuplicates } from '../identity/LeadDuplicates';
import { ActivitiesPanel } from '../work/ActivitiesPanel';
import { AttachmentsPanel } from '../work/AttachmentsPanel';
import { CommunicateDialog } from '../work/CommunicateDialog';
import { ActionDialog } from './ActionDialog';
import { LeadDetails } from './LeadDetails';
import { LeadHeader } from './LeadHeader';
import { Timeline } from './Timeline';
import { useRouteLead } from './useRouteLead';

export function LeadPage() {
  const { t } = useTranslation('leads');
  const lead = useRouteLead();
  return pendingState([lead], t('page.loadingTheLead')) ?? <LeadView lead={lead.data!} />;
}

function LeadView({ lead }: { lead: Lead }) {
  const { t } = useTranslation('leads');
  const phaseLabels = usePhaseLabels();
  const statuses = useStatuses();
  const users = useUsers();
  const units = useUnits();
  const [action, setAction] = useState<LeadAction | null>(null);
  const [communicating, setCommunicating] = useState(false);
  const refs: Record<string, RefItem[] | undefined> = {
    sourceId: useRefList('/lead-sources').data,
    leadTypeId: useRefList('/lead-types').data,
    industryId: useRefList('/industries').data,
    salesDirectionId: useRefList('/sales-directions').data,
    productId: useRefList('/products').data,
    marketingCampaignId: useRefList('/marketing-campaigns').data,
    agencyId: useRefList('/agencies').data,
    groupCompanyId: useRefList('/group-companies').data,
    categoryId: useRefList('/categories').data,
    disqualificationCodeId: useRefList('/disqualification-codes').data,
    lostReasonId: useRefList('/lost-reasons').data,
    partnershipAgreementId: useRefList('/partnership-agreements').data?.map((a) => ({
      ...a,
      name: String(a.number ?? a.name),
    })),
  };
  const company = useCompany(lead.companyId);
  const contact = useContact(lead.contactId);
  const opportunity = useOpportunity(lead.opportunityId);

  const nameOf = (field: string, value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    if (field === 'phase') return phaseLabels[value as Lead['phase']];
    if (field === 'opportunityId') return opportunity.data?.name;
    if (field === 'statusId') return statuses.data?.find((s) => s.id === value)?.name;
    if (field === 'ownerId' || field === 'createdById')
      return users.data?.items.find((u) => u.id === value)?.name;
    if (field === 'unitId') return units.data?.items.find((u) => u.id === value)?.name;
    return refs[field]?.find((r) => r.id === value)?.name;
  };
  const ref = (field: keyof Lead) => nameOf(field, lead[field]) ?? '';

  const owner = users.data?.items.find((u) => u.id === lead.ownerId);

  return (
    <Stack gap="sm">
      <Breadcrumbs>
        <Anchor component={Link} to="/leads" size="sm">
          {t('title')}
        </Anchor>
        <Text size="sm">{lead.number}</Text>
      </Breadcrumbs>
      <LeadHeader
        lead={lead}
        companyName={company.data?.name}
        contactName={contact.data ? personName(contact.data) : undefined}
        ownerName={owner?.name}
        unitName={ref('unitId')}
        onAction={setAction}
        onCommunicate={() => setCommunicating(true)}
      />

      <Grid gutter="sm">
        {/* One column on a phone, with the comment box right under the title. */}
        <Grid.Col span={{ base: 12, lg: 7 }} order={{ base: 2, lg: 1 }}>
          <LeadDetails
            lead={lead}
            nameOf={nameOf}
            company={company.data}
            contact={contact.data}
            opportunity={opportunity.data}
            ownerName={owner?.name}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }} order={{ base: 1, lg: 2 }}>
          <Stack gap="sm">
            <LeadDuplicates leadId={lead.id} />
            <ActivitiesPanel lead={lead} />
            <AttachmentsPanel lead={lead} />
            <Paper withBorder p="sm">
              <Title order={3} mb="sm">
                {t('historyAndComments')}
              </Title>
              <Timeline leadId={lead.id} resolve={nameOf} canComment={lead.active} />
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
      <ActionDialog lead={lead} action={action} onClose={() => setAction(null)} />
      <CommunicateDialog lead={lead} opened={communicating} onClose={() => setCommunicating(false)} />
    </Stack>
  );
}
