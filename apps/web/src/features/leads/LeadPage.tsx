import { useState, type ReactNode } from 'react';
import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Menu,
  Paper,
  Rating,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconChevronDown, IconPencil, IconPrinter, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { qualificationFields, type Lead, type LeadAction, type LeadStatus } from '@leadline/contract';
import { useSession } from '../../app/auth';
import { useCompany, useContact, useOpportunity } from '../records/api';
import { formatDate, formatMoney, formatNumber, fromNow } from '../../i18n/format';
import { useLevelLabels, usePhaseLabels } from '../../i18n/labels';
import { personName } from '../../lib/format';
import { useUnits, useUsers } from '../../lib/queries';
import { useRefList, useStatuses, type RefItem } from '../../lib/refs';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { ActionDialog } from './ActionDialog';
import { runAction, updateLead, useLead, useLeadChanged } from './api';
import { useVisitedStatuses } from './visitedStatuses';
import { ContactPoints } from '../../components/ContactPoints';
import { StatusBadge } from './columns';
import { ScoreReasons } from '../identity/ScoreReasons';
import { LeadDuplicates } from '../identity/LeadDuplicates';
import { useFieldLabels } from './fieldLabels';
import { offeredActions, useActionLabels } from './offeredActions';
import { StatusBar } from './StatusBar';
import { Timeline } from './Timeline';
import { useTranslation } from 'react-i18next';
import { ActivitiesPanel } from '../work/ActivitiesPanel';
import { AttachmentsPanel } from '../work/AttachmentsPanel';
import { CommunicateDialog } from '../work/CommunicateDialog';
import { reportUrl } from '../work/api';

/** Actions shown as buttons, in this order; the rest sit in the "More" menu. */
const primary: LeadAction[] = ['take', 'accept', 'assign', 'reassign', 'qualify', 'disqualify', 'reopen'];
const secondary: LeadAction[] = ['drop', 'add-to-marketing-list', 'activate', 'deactivate'];

function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text
        size="sm"
        c={empty ? 'gray.5' : undefined}
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
      >
        {empty ? '—' : children}
      </Text>
    </div>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={4} mb="xs">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="sm" verticalSpacing="xs">
        {children}
      </SimpleGrid>
    </Paper>
  );
}

export function LeadPage() {
  const { t } = useTranslation('leads');
  const { id } = useParams();
  const lead = useLead(id);
  if (lead.isLoading) return <LoadingState label={t('page.loadingTheLead')} />;
  if (lead.isError || !lead.data)
    return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  return <LeadView lead={lead.data} />;
}

function LeadView({ lead }: { lead: Lead }) {
  const { t } = useTranslation('leads');
  const phaseLabels = usePhaseLabels();
  const levelLabels = useLevelLabels();
  const fieldLabels = useFieldLabels();
  const actionLabels = useActionLabels();
  const yes = (b: boolean) => (b ? t('common:yes') : t('common:no'));
  const leadChanged = useLeadChanged();
  const { user } = useSession();
  const statuses = useStatuses();
  const users = useUsers();
  const units = useUnits();
  const [action, setAction] = useState<LeadAction | null>(null);
  const [communicating, setCommunicating] = useState(false);
  const allowed = offeredActions(lead, user);
  const visited = useVisitedStatuses(lead);
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

  const move = useMutation({
    mutationFn: (s: LeadStatus) => runAction(lead.id, 'move', { statusId: s.id }),
    onSuccess: (l, s) => {
      leadChanged(l);
      notifySuccess(t('movedTo', { status: s.name }));
    },
  });
  const score = useMutation({
    mutationFn: (value: number) => updateLead(lead, { score: value }),
    onSuccess: leadChanged,
  });
  const closedStatusClicked = (s: LeadStatus) => {
    const a: LeadAction | null =
      s.phase === 'won'
        ? 'qualify'
        : s.phase === 'lost'
          ? 'disqualify'
          : s.phase === 'dropped'
            ? 'drop'
            : null;
    if (a && allowed.has(a)) setAction(a);
  };
  const owner = users.data?.items.find((u) => u.id === lead.ownerId);
  const status = statuses.data?.find((s) => s.id === lead.statusId);
  const more = secondary.filter((a) => allowed.has(a));

  return (
    <Stack gap="sm">
      <Breadcrumbs>
        <Anchor component={Link} to="/leads" size="sm">
          {t('title')}
        </Anchor>
        <Text size="sm">{lead.number}</Text>
      </Breadcrumbs>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {/* On a phone the actions go below the title, in as many rows as they need. */}
          <Group justify="space-between" align="flex-start" gap="sm">
            <div style={{ minWidth: 0, flex: '1 1 300px' }}>
              <Group gap="xs">
                <Badge variant="outline" color="gray" ff="monospace" aria-label={t('page.number')}>
                  {lead.number}
                </Badge>
                <StatusBadge status={status} />
                <Badge color="gray" variant="light">
                  {phaseLabels[lead.phase]}
                </Badge>
                {!lead.active && <Badge color="dark">{t('inactive')}</Badge>}
                {lead.overdueDays > 0 && (
                  <Badge color="red">{t('daysOverdue', { count: lead.overdueDays })}</Badge>
                )}
              </Group>
              <Title order={1} mt={6} fz={{ base: 22, sm: 34 }} style={{ wordBreak: 'break-word' }}>
                {lead.name}
              </Title>
              <Group gap="md" mt={4} style={{ rowGap: 2 }}>
                <Text size="sm" c="dimmed">
                  {lead.companyName ?? company.data?.name ?? lead.leadCompanyName ?? t('noCompany')}
                  {' · '}
                  {personName(lead) || (contact.data ? personName(contact.data) : t('noContact'))}
                </Text>
                <Text size="sm" c="dimmed">
                  {t('ownerLabel')}{' '}
                  <b>
                    {owner?.name ?? (lead.unitId ? t('unitQueue', { unit: ref('unitId') }) : t('unassigned'))}
                  </b>
                </Text>
                {lead.targetAmount && (
                  <Text size="sm" c="dimmed">
                    {t('targetLabel')} <b>{formatMoney(lead.targetAmount)}</b>
                  </Text>
                )}
                <Group gap={4}>
                  <Text size="sm" c="dimmed" id="score-label">
                    {t('field.score')}
                  </Text>
                  <Rating
                    aria-labelledby="score-label"
                    value={lead.score ?? 0}
                    onChange={(v) => score.mutate(v)}
                    readOnly={!lead.active}
                    size="sm"
                  />
                  <Tooltip label={t('computedScoreOf', { score: lead.computedScore })}>
                    <Badge variant="light" color="grape">
                      {lead.computedScore}
                    </Badge>
                  </Tooltip>
                </Group>
              </Group>
              <ScoreReasons lead={lead} />
            </div>
            <Group gap={6}>
              {primary
                .filter((a) => allowed.has(a))
                .map((a) => (
                  <Button
                    key={a}
                    variant={a === 'qualify' ? 'filled' : 'light'}
                    color={a === 'disqualify' ? 'red' : undefined}
                    onClick={() => setAction(a)}
                  >
                    {actionLabels[a]}
                  </Button>
                ))}
              {lead.active && (
                <Button
                  variant="default"
                  leftSection={<IconSend size={14} />}
                  onClick={() => setCommunicating(true)}
                >
                  {t('work:comm.open')}
                </Button>
              )}
              <Button
                component="a"
                href={reportUrl(lead.id)}
                target="_blank"
                rel="noopener"
                variant="default"
                leftSection={<IconPrinter size={14} />}
              >
                {t('work:print')}
              </Button>
              {lead.active && (
                <Button
                  component={Link}
                  to={`/leads/${lead.id}/edit`}
                  variant="default"
                  leftSection={<IconPencil size={14} />}
                >
                  {t('common:edit')}
                </Button>
              )}
              {more.length > 0 && (
                <Menu position="bottom-end" shadow="md">
                  <Menu.Target>
                    <Button variant="default" rightSection={<IconChevronDown size={12} />}>
                      {t('more')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {more.map((a) => (
                      <Menu.Item
                        key={a}
                        color={a === 'drop' ? 'red' : undefined}
                        // The menu gives the focus back to its button as it closes; the dialog opens
                        // after that, so that it takes the focus and keeps it.
                        onClick={() => setTimeout(() => setAction(a), 30)}
                      >
                        {actionLabels[a]}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
          </Group>
          {statuses.data && (
            <StatusBar
              lead={lead}
              statuses={statuses.data}
              visited={visited}
              canMove={allowed.has('move') && lead.active}
              onMove={(s) => move.mutate(s)}
              onClosed={closedStatusClicked}
            />
          )}
        </Stack>
      </Paper>

      <Grid gutter="sm">
        {/* One column on a phone, with the comment box right under the title. */}
        <Grid.Col span={{ base: 12, lg: 7 }} order={{ base: 2, lg: 1 }}>
          <Stack gap="sm">
            {lead.opportunityId && (
              <Paper withBorder p="sm" bg="teal.0">
                <Group justify="space-between">
                  <div>
                    <Text size="xs" c="dimmed" fw={500}>
                      {t('field.opportunityId')}
                    </Text>
                    <Anchor component={Link} to={`/opportunities/${lead.opportunityId}`} fw={600}>
                      {opportunity.data?.name ?? t('openOpportunity')}
                    </Anchor>
                  </div>
                  {opportunity.data && (
                    <Badge color="teal">
                      {{
                        open: t('records:stage.open'),
                        won: t('records:stage.won'),
                        lost: t('records:stage.lost'),
                      }[opportunity.data.stage] ?? opportunity.data.stage}
                    </Badge>
                  )}
                </Group>
              </Paper>
            )}
            <Block title={t('form.identity')}>
              <Field label={t('field.sourceId')}>{ref('sourceId')}</Field>
              <Field label={t('field.leadTypeId')}>{ref('leadTypeId')}</Field>
              <Field label={t('field.tags')}>
                {lead.tags.length ? (
                  <Group gap={4}>
                    {lead.tags.map((t) => (
                      <Badge key={t} color="gray">
                        {t}
                      </Badge>
                    ))}
                  </Group>
                ) : null}
              </Field>
              <Field label={t('field.description')}>
                {lead.description ? <span dangerouslySetInnerHTML={{ __html: lead.description }} /> : null}
              </Field>
              <Field label={t('field.customerRequirements')}>{lead.customerRequirements}</Field>
            </Block>
            <Block title={t('form.company')}>
              <Field label={t('field.prospectType')}>
                {lead.prospectType === 'company' ? t('form.company') : t('form.person')}
              </Field>
              <Field label={t('field.leadCompanyName')}>{lead.leadCompanyName}</Field>
              <Field label={t('field.companyId')}>
                {lead.companyId ? (
                  <Anchor component={Link} to={`/companies/${lead.companyId}`} size="sm">
                    {company.data?.name ?? '…'}
                  </Anchor>
                ) : null}
              </Field>
              <Field label={t('field.newCompany')}>{yes(lead.newCompany)}</Field>
              <Field label={t('field.companyName')}>{lead.companyName}</Field>
              <Field label={t('field.companyWebsite')}>{lead.companyWebsite}</Field>
              <Field label={t('field.companyTin')}>{lead.companyTin}</Field>
              <Field label={t('field.industryId')}>{ref('industryId')}</Field>
              <Field label={t('field.companySize')}>{lead.companySize}</Field>
              <Field label={t('field.keyAccount')}>{yes(lead.keyAccount)}</Field>
            </Block>
            <Block title={t('form.contact')}>
              <Field label={t('field.contactId')}>
                {lead.contactId ? (
                  <Anchor component={Link} to={`/contacts/${lead.contactId}`} size="sm">
                    {contact.data ? personName(contact.data) : '…'}
                  </Anchor>
                ) : null}
              </Field>
              <Field label={t('page.contactName')}>{personName(lead)}</Field>
              <Field label={t('field.emails')}>
                <ContactPoints kind="email" values={lead.emails} />
              </Field>
              <Field label={t('field.phones')}>
                <ContactPoints kind="phone" values={lead.phones} />
              </Field>
              <Field label={t('field.doNotEmail')}>{yes(lead.doNotEmail)}</Field>
              <Field label={t('field.doNotCall')}>{yes(lead.doNotCall)}</Field>
              <Field label={t('field.jobTitle')}>{lead.jobTitle}</Field>
              <Field label={t('field.department')}>{lead.department}</Field>
            </Block>
            <Block title={t('field.address')}>
              <Field label={t('form.street')}>{lead.address.street}</Field>
              <Field label={t('form.postalCode')}>{lead.address.postalCode}</Field>
              <Field label={t('form.city')}>{lead.address.city}</Field>
              <Field label={t('form.region')}>{lead.address.region}</Field>
              <Field label={t('form.country')}>{lead.address.country}</Field>
            </Block>
            <Block title={t('form.sales')}>
              <Field label={t('field.salesDirectionId')}>{ref('salesDirectionId')}</Field>
              <Field label={t('field.productId')}>{ref('productId')}</Field>
              <Field label={t('field.productLines')}>
                {lead.productLines.length
                  ? lead.productLines
                      .map((l) =>
                        t('productLine', {
                          product: nameOf('productId', l.productId) ?? '?',
                          quantity: formatNumber(l.quantity),
                          price: formatNumber(l.price),
                        }),
                      )
                      .join('\n')
                  : null}
              </Field>
              <Field label={t('field.targetAmount')}>{formatMoney(lead.targetAmount)}</Field>
              <Field label={t('field.probability')}>
                {lead.probability === null ? null : t('percent', { value: formatNumber(lead.probability) })}
              </Field>
              <Field label={t('field.priority')}>{lead.priority ? levelLabels[lead.priority] : null}</Field>
              <Field label={t('field.importance')}>
                {lead.importance ? levelLabels[lead.importance] : null}
              </Field>
              <Field label={t('field.marketingCampaignId')}>{ref('marketingCampaignId')}</Field>
              <Field label={t('field.contentChannel')}>{lead.contentChannel}</Field>
              <Field label={t('field.externalClientId')}>{lead.externalClientId}</Field>
            </Block>
            <Block title={t('form.partner')}>
              <Field label={t('field.partnershipAgreementId')}>{ref('partnershipAgreementId')}</Field>
              <Field label={t('field.partnerCompanyId')}>{lead.partnerCompanyId ? t('linked') : null}</Field>
            </Block>
            <Block title={t('form.followUp')}>
              <Field label={t('field.ownerId')}>{owner?.name}</Field>
              <Field label={t('field.unitId')}>{ref('unitId')}</Field>
              <Field label={t('field.agencyId')}>{ref('agencyId')}</Field>
              <Field label={t('field.groupCompanyId')}>{ref('groupCompanyId')}</Field>
              <Field label={t('field.active')}>{yes(lead.active)}</Field>
              <Field label={t('field.nurturing')}>{yes(lead.nurturing)}</Field>
              <Field label={t('field.computedScore')}>{lead.computedScore}</Field>
              <Field label={t('field.categoryId')}>{ref('categoryId')}</Field>
            </Block>
            <Block title={t('form.keyDates')}>
              <Field label={t('field.startDate')}>{formatDate(lead.startDate)}</Field>
              <Field label={t('field.estimatedCompletionDays')}>
                {lead.estimatedCompletionDays === null
                  ? null
                  : t('days', { count: lead.estimatedCompletionDays })}
              </Field>
              <Field label={t('field.expectedCompletionDate')}>
                {formatDate(lead.expectedCompletionDate)}
              </Field>
              <Field label={t('field.actualCompletedDate')}>{formatDate(lead.actualCompletedDate)}</Field>
              <Field label={t('field.timeToCompletionDays')}>
                {lead.timeToCompletionDays === null ? null : t('days', { count: lead.timeToCompletionDays })}
              </Field>
              <Field label={t('field.overdueDays')}>
                {lead.overdueDays ? t('days', { count: lead.overdueDays }) : null}
              </Field>
              <Field label={t('field.lastEventAt')}>{fromNow(lead.lastEventAt)}</Field>
              <Field label={t('field.nextEventAt')}>{formatDate(lead.nextEventAt)}</Field>
            </Block>
            <Block title={t('form.qualification')}>
              {qualificationFields.map((f) => (
                <Field key={f} label={fieldLabels[f]}>
                  {lead[f]}
                </Field>
              ))}
            </Block>
            {(lead.disqualificationCodeId ||
              lead.dropReason ||
              lead.convertedCompanyId ||
              lead.convertedContactId) && (
              <Block title={t('page.outcome')}>
                <Field label={t('field.convertedCompanyId')}>
                  {lead.convertedCompanyId ? (
                    <Anchor component={Link} to={`/companies/${lead.convertedCompanyId}`} size="sm">
                      {t('open')}
                    </Anchor>
                  ) : null}
                </Field>
                <Field label={t('field.convertedContactId')}>
                  {lead.convertedContactId ? (
                    <Anchor component={Link} to={`/contacts/${lead.convertedContactId}`} size="sm">
                      {t('open')}
                    </Anchor>
                  ) : null}
                </Field>
                <Field label={t('field.disqualificationCodeId')}>{ref('disqualificationCodeId')}</Field>
                <Field label={t('field.disqualificationReason')}>{lead.disqualificationReason}</Field>
                <Field label={t('field.lostReasonId')}>{ref('lostReasonId')}</Field>
                <Field label={t('page.dropReason')}>{lead.dropReason}</Field>
              </Block>
            )}
          </Stack>
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
