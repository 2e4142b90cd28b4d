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
import { IconChevronDown, IconPencil } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { qualificationFields, type Lead, type LeadAction, type LeadStatus } from '@leadline/contract';
import { useSession } from '../../app/auth';
import { useCompany, useContact, useOpportunity } from '../records/api';
import { formatDate, formatMoney, fromNow, personName } from '../../lib/format';
import { useUnits, useUsers } from '../../lib/queries';
import { phaseLabels, useRefList, useStatuses, type RefItem } from '../../lib/refs';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { ActionDialog } from './ActionDialog';
import { runAction, updateLead, useLead, useLeadChanged } from './api';
import { StatusBadge } from './columns';
import { fieldLabels } from './fieldLabels';
import { actionLabels, offeredActions } from './offeredActions';
import { StatusBar } from './StatusBar';
import { Timeline } from './Timeline';

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

const yes = (b: boolean) => (b ? 'Yes' : 'No');

export function LeadPage() {
  const { id } = useParams();
  const lead = useLead(id);
  if (lead.isLoading) return <LoadingState label="Loading the lead…" />;
  if (lead.isError || !lead.data)
    return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  return <LeadView lead={lead.data} />;
}

function LeadView({ lead }: { lead: Lead }) {
  const leadChanged = useLeadChanged();
  const { user } = useSession();
  const statuses = useStatuses();
  const users = useUsers();
  const units = useUnits();
  const [action, setAction] = useState<LeadAction | null>(null);
  const allowed = offeredActions(lead, user);
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
    if (field === 'phase') return phaseLabels[value];
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
      notifySuccess(`Moved to ${s.name}`);
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
          Leads
        </Anchor>
        <Text size="sm">{lead.number}</Text>
      </Breadcrumbs>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div style={{ minWidth: 0 }}>
              <Group gap="xs">
                <Badge variant="outline" color="gray" ff="monospace" aria-label="Number">
                  {lead.number}
                </Badge>
                <StatusBadge status={status} />
                <Badge color="gray" variant="light">
                  {phaseLabels[lead.phase]}
                </Badge>
                {!lead.active && <Badge color="dark">Inactive</Badge>}
                {lead.overdueDays > 0 && <Badge color="red">{lead.overdueDays} days overdue</Badge>}
              </Group>
              <Title order={1} mt={6} style={{ wordBreak: 'break-word' }}>
                {lead.name}
              </Title>
              <Group gap="md" mt={4}>
                <Text size="sm" c="dimmed">
                  {lead.companyName ?? company.data?.name ?? lead.leadCompanyName ?? 'No company'}
                  {' · '}
                  {personName(lead) || (contact.data ? personName(contact.data) : 'No contact')}
                </Text>
                <Text size="sm" c="dimmed">
                  Owner: <b>{owner?.name ?? (lead.unitId ? `${ref('unitId')} queue` : 'Unassigned')}</b>
                </Text>
                {lead.targetAmount && (
                  <Text size="sm" c="dimmed">
                    Target: <b>{formatMoney(lead.targetAmount)}</b>
                  </Text>
                )}
                <Group gap={4}>
                  <Text size="sm" c="dimmed" id="score-label">
                    Score
                  </Text>
                  <Rating
                    aria-labelledby="score-label"
                    value={lead.score ?? 0}
                    onChange={(v) => score.mutate(v)}
                    readOnly={!lead.active}
                    size="sm"
                  />
                  <Tooltip label={`Computed score ${lead.computedScore} / 100`}>
                    <Badge variant="light" color="grape">
                      {lead.computedScore}
                    </Badge>
                  </Tooltip>
                </Group>
              </Group>
            </div>
            <Group gap={6} wrap="nowrap">
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
                  component={Link}
                  to={`/leads/${lead.id}/edit`}
                  variant="default"
                  leftSection={<IconPencil size={14} />}
                >
                  Edit
                </Button>
              )}
              {more.length > 0 && (
                <Menu position="bottom-end" shadow="md">
                  <Menu.Target>
                    <Button variant="default" rightSection={<IconChevronDown size={12} />}>
                      More
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {more.map((a) => (
                      <Menu.Item
                        key={a}
                        color={a === 'drop' ? 'red' : undefined}
                        onClick={() => setAction(a)}
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
              canMove={allowed.has('move') && lead.active}
              onMove={(s) => move.mutate(s)}
              onClosed={closedStatusClicked}
            />
          )}
        </Stack>
      </Paper>

      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            {lead.opportunityId && (
              <Paper withBorder p="sm" bg="teal.0">
                <Group justify="space-between">
                  <div>
                    <Text size="xs" c="dimmed" fw={500}>
                      Opportunity
                    </Text>
                    <Anchor component={Link} to={`/opportunities/${lead.opportunityId}`} fw={600}>
                      {opportunity.data?.name ?? 'Open the opportunity'}
                    </Anchor>
                  </div>
                  {opportunity.data && <Badge color="teal">{opportunity.data.stage}</Badge>}
                </Group>
              </Paper>
            )}
            <Block title="Identity">
              <Field label="Lead source">{ref('sourceId')}</Field>
              <Field label="Lead type">{ref('leadTypeId')}</Field>
              <Field label="Tags">
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
              <Field label="Description">
                {lead.description ? <span dangerouslySetInnerHTML={{ __html: lead.description }} /> : null}
              </Field>
              <Field label="Customer requirements">{lead.customerRequirements}</Field>
            </Block>
            <Block title="Company">
              <Field label="Prospect type">{lead.prospectType === 'company' ? 'Company' : 'Person'}</Field>
              <Field label="Lead company name">{lead.leadCompanyName}</Field>
              <Field label="Existing company">
                {lead.companyId ? (
                  <Anchor component={Link} to={`/companies/${lead.companyId}`} size="sm">
                    {company.data?.name ?? '…'}
                  </Anchor>
                ) : null}
              </Field>
              <Field label="New company">{yes(lead.newCompany)}</Field>
              <Field label="Company name">{lead.companyName}</Field>
              <Field label="Company website">{lead.companyWebsite}</Field>
              <Field label="Company TIN">{lead.companyTin}</Field>
              <Field label="Industry sector">{ref('industryId')}</Field>
              <Field label="Size">{lead.companySize}</Field>
              <Field label="Key account">{yes(lead.keyAccount)}</Field>
            </Block>
            <Block title="Contact">
              <Field label="Existing contact">
                {lead.contactId ? (
                  <Anchor component={Link} to={`/contacts/${lead.contactId}`} size="sm">
                    {contact.data ? personName(contact.data) : '…'}
                  </Anchor>
                ) : null}
              </Field>
              <Field label="Contact name">{personName(lead)}</Field>
              <Field label="Emails">{lead.emails.join(', ')}</Field>
              <Field label="Phones">{lead.phones.join(', ')}</Field>
              <Field label="Do not email">{yes(lead.doNotEmail)}</Field>
              <Field label="Do not call">{yes(lead.doNotCall)}</Field>
              <Field label="Job title">{lead.jobTitle}</Field>
              <Field label="Department">{lead.department}</Field>
            </Block>
            <Block title="Address">
              <Field label="Street">{lead.address.street}</Field>
              <Field label="Postal code">{lead.address.postalCode}</Field>
              <Field label="City">{lead.address.city}</Field>
              <Field label="Region">{lead.address.region}</Field>
              <Field label="Country">{lead.address.country}</Field>
            </Block>
            <Block title="Sales">
              <Field label="Sales direction">{ref('salesDirectionId')}</Field>
              <Field label="Service/Product">{ref('productId')}</Field>
              <Field label="Products of interest">
                {lead.productLines.length
                  ? lead.productLines
                      .map((l) => `${nameOf('productId', l.productId) ?? '?'} × ${l.quantity} @ ${l.price}`)
                      .join('\n')
                  : null}
              </Field>
              <Field label="Target amount">{formatMoney(lead.targetAmount)}</Field>
              <Field label="Probability to win">
                {lead.probability === null ? null : `${lead.probability} %`}
              </Field>
              <Field label="Priority">{lead.priority}</Field>
              <Field label="Importance">{lead.importance}</Field>
              <Field label="Marketing campaign">{ref('marketingCampaignId')}</Field>
              <Field label="Content distribution channel">{lead.contentChannel}</Field>
              <Field label="External client ID">{lead.externalClientId}</Field>
            </Block>
            <Block title="Partner">
              <Field label="Partnership agreement">{ref('partnershipAgreementId')}</Field>
              <Field label="Partner company">{lead.partnerCompanyId ? 'Linked' : null}</Field>
            </Block>
            <Block title="Follow-up">
              <Field label="Owner">{owner?.name}</Field>
              <Field label="Unit">{ref('unitId')}</Field>
              <Field label="Agency">{ref('agencyId')}</Field>
              <Field label="Company of the group">{ref('groupCompanyId')}</Field>
              <Field label="Active">{yes(lead.active)}</Field>
              <Field label="Nurturing">{yes(lead.nurturing)}</Field>
              <Field label="Computed score">{lead.computedScore}</Field>
              <Field label="Category">{ref('categoryId')}</Field>
            </Block>
            <Block title="Key dates">
              <Field label="Start date">{formatDate(lead.startDate)}</Field>
              <Field label="Estimated completion time">
                {lead.estimatedCompletionDays === null ? null : `${lead.estimatedCompletionDays} days`}
              </Field>
              <Field label="Expected completion date">{formatDate(lead.expectedCompletionDate)}</Field>
              <Field label="Actual completed date">{formatDate(lead.actualCompletedDate)}</Field>
              <Field label="Time to completion">
                {lead.timeToCompletionDays === null ? null : `${lead.timeToCompletionDays} days`}
              </Field>
              <Field label="Time overdue">{lead.overdueDays ? `${lead.overdueDays} days` : null}</Field>
              <Field label="Last event date">{fromNow(lead.lastEventAt)}</Field>
              <Field label="Next scheduled event date">{formatDate(lead.nextEventAt)}</Field>
            </Block>
            <Block title="Qualification">
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
              <Block title="Outcome">
                <Field label="Converted company">
                  {lead.convertedCompanyId ? (
                    <Anchor component={Link} to={`/companies/${lead.convertedCompanyId}`} size="sm">
                      Open
                    </Anchor>
                  ) : null}
                </Field>
                <Field label="Converted contact">
                  {lead.convertedContactId ? (
                    <Anchor component={Link} to={`/contacts/${lead.convertedContactId}`} size="sm">
                      Open
                    </Anchor>
                  ) : null}
                </Field>
                <Field label="Disqualification code">{ref('disqualificationCodeId')}</Field>
                <Field label="Disqualification reason">{lead.disqualificationReason}</Field>
                <Field label="Lost reason">{ref('lostReasonId')}</Field>
                <Field label="Drop reason">{lead.dropReason}</Field>
              </Block>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder p="sm" style={{ position: 'sticky', top: 60 }}>
            <Title order={3} mb="sm">
              History and comments
            </Title>
            <Timeline leadId={lead.id} resolve={nameOf} canComment={lead.active} />
          </Paper>
        </Grid.Col>
      </Grid>
      <ActionDialog lead={lead} action={action} onClose={() => setAction(null)} />
    </Stack>
  );
}
