import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead } from '@leadline/contract';
import { DetailBlock, DetailField } from '../../components/DetailFields';
import { pendingState } from '../../components/States';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { usePhaseLabels } from '../../i18n/labels';
import { personName } from '../../lib/format';
import { useRouteLead } from '../leads/useRouteLead';
import { Timeline } from '../leads/Timeline';
import { portalNames, usePortal, type PortalNames } from './api';
import { StatusDot } from './StatusDot';

/** One lead of the partner company: what she registered, who works it, and its history and comments. */
export function PortalLeadPage() {
  const lead = useRouteLead();
  const portal = usePortal();
  return (
    pendingState([lead, portal]) ?? <PortalLeadView lead={lead.data!} names={portalNames(portal.data!)} />
  );
}

function PortalLeadView({ lead, names }: { lead: Lead; names: PortalNames }) {
  const { t } = useTranslation('portal');
  const phaseLabels = usePhaseLabels();
  const agreement = names.agreement(lead.partnershipAgreementId);
  const resolve = (field: string, value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    if (field === 'statusId') return names.status(value)?.name;
    if (field === 'phase') return phaseLabels[value as Lead['phase']];
    if (field === 'ownerId' || field === 'createdById') return names.person(value);
    if (field === 'partnershipAgreementId') return names.agreement(value)?.number;
    if (field === 'salesDirectionId') return names.direction(value);
    if (field === 'productId') return names.product(value);
    if (field === 'companyId')
      return names.company({ companyId: value, companyName: null, leadCompanyName: null });
    return undefined;
  };
  return (
    <Stack gap="sm">
      <Breadcrumbs>
        <Anchor component={Link} to="/leads" size="sm">
          {t('ourLeads')}
        </Anchor>
        <Text size="sm">{lead.number}</Text>
      </Breadcrumbs>
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div style={{ minWidth: 0, flex: '1 1 260px' }}>
            <Group gap="xs">
              <Badge variant="outline" color="gray" ff="monospace">
                {lead.number}
              </Badge>
              <StatusDot status={names.status(lead.statusId)} />
              {!lead.active && <Badge color="dark">{t('inactive')}</Badge>}
            </Group>
            <Title order={1} mt={6} fz={{ base: 22, sm: 28 }} style={{ wordBreak: 'break-word' }}>
              {lead.name}
            </Title>
            <Text size="sm" c="dimmed" mt={4} style={{ wordBreak: 'break-word' }}>
              {names.company(lead) ?? '—'}
              {' · '}
              {personName(lead) || '—'}
            </Text>
            <Text size="sm" c="dimmed">
              {t('ownerIs', { owner: names.person(lead.ownerId) ?? t('notAssignedYet') })}
            </Text>
          </div>
          {lead.active && (
            <Button
              component={Link}
              to={`/leads/${lead.id}/edit`}
              variant="default"
              leftSection={<IconPencil size={14} />}
            >
              {t('editLead')}
            </Button>
          )}
        </Group>
      </Paper>
      <Grid gutter="sm">
        {/* On a phone the comment box comes right after the title; beside the details on a wide screen. */}
        <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
          <Paper withBorder p="sm">
            <Title order={3} mb="sm">
              {t('historyAndComments')}
            </Title>
            <Timeline leadId={lead.id} resolve={resolve} canComment={lead.active} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
          <Stack gap="sm">
            <DetailBlock title={t('theNeed')} xl={2}>
              <DetailField label={t('agreement')}>
                {agreement
                  ? t('agreementOf', { number: agreement.number, program: agreement.programName })
                  : null}
              </DetailField>
              <DetailField label={t('salesDirection')}>{names.direction(lead.salesDirectionId)}</DetailField>
              <DetailField label={t('need')}>{lead.customerRequirements}</DetailField>
              <DetailField label={t('products')}>
                {lead.productLines.length
                  ? lead.productLines
                      .map((l) =>
                        t('productLine', {
                          product: names.product(l.productId) ?? '—',
                          quantity: formatNumber(l.quantity),
                        }),
                      )
                      .join('\n')
                  : null}
              </DetailField>
              <DetailField label={t('targetAmount')}>
                {lead.targetAmount ? formatMoney(lead.targetAmount) : null}
              </DetailField>
              <DetailField label={t('registered')}>{formatDate(lead.startDate)}</DetailField>
              <DetailField label={t('expectedCompletion')}>
                {formatDate(lead.expectedCompletionDate)}
              </DetailField>
            </DetailBlock>
            <DetailBlock title={t('customer')} xl={2}>
              <DetailField label={t('company')}>{names.company(lead)}</DetailField>
              <DetailField label={t('companyWebsite')}>{lead.companyWebsite}</DetailField>
              <DetailField label={t('companyTin')}>{lead.companyTin}</DetailField>
              <DetailField label={t('contact')}>{personName(lead)}</DetailField>
              <DetailField label={t('jobTitle')}>{lead.jobTitle}</DetailField>
              <DetailField label={t('emails')}>
                {lead.emails.length
                  ? lead.emails.map((e) => (
                      <Anchor key={e} href={`mailto:${e}`} size="sm" display="block">
                        {e}
                      </Anchor>
                    ))
                  : null}
              </DetailField>
              <DetailField label={t('phones')}>
                {lead.phones.length
                  ? lead.phones.map((p) => (
                      <Anchor key={p} href={`tel:${p}`} size="sm" display="block">
                        {p}
                      </Anchor>
                    ))
                  : null}
              </DetailField>
            </DetailBlock>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
