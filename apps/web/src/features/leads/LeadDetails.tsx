import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  qualificationFields,
  type Company,
  type Contact,
  type Lead,
  type Opportunity,
} from '@leadline/contract';
import { formatDate, formatMoney, formatNumber, fromNow } from '../../i18n/format';
import { useLevelLabels } from '../../i18n/labels';
import { personName } from '../../lib/format';
import { ContactPoints } from '../../components/ContactPoints';
import { DetailBlock as Block, DetailField as Field } from '../../components/DetailFields';
import { useFieldLabels } from './fieldLabels';

/** Everything recorded about a lead, block by block, with links to its company, contact and opportunity. */
export function LeadDetails({
  lead,
  nameOf,
  company,
  contact,
  opportunity,
  ownerName,
}: {
  lead: Lead;
  /** The name of a referenced record (status, owner, source...) by the field that refers to it. */
  nameOf: (field: string, value: unknown) => string | undefined;
  company: Company | undefined;
  contact: Contact | undefined;
  opportunity: Opportunity | undefined;
  ownerName: string | undefined;
}) {
  const { t } = useTranslation('leads');
  const levelLabels = useLevelLabels();
  const fieldLabels = useFieldLabels();
  const yes = (b: boolean) => (b ? t('common:yes') : t('common:no'));
  const ref = (field: keyof Lead) => nameOf(field, lead[field]) ?? '';
  return (
    <Stack gap="sm">
      {lead.opportunityId && (
        <Paper withBorder p="sm" bg="teal.0">
          <Group justify="space-between">
            <div>
              <Text size="xs" c="dimmed" fw={500}>
                {t('field.opportunityId')}
              </Text>
              <Anchor component={Link} to={`/opportunities/${lead.opportunityId}`} fw={600}>
                {opportunity?.name ?? t('openOpportunity')}
              </Anchor>
            </div>
            {opportunity && (
              <Badge color="teal">
                {{
                  open: t('records:stage.open'),
                  won: t('records:stage.won'),
                  lost: t('records:stage.lost'),
                }[opportunity.stage] ?? opportunity.stage}
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
              {company?.name ?? '…'}
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
              {contact ? personName(contact) : '…'}
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
        <Field label={t('field.importance')}>{lead.importance ? levelLabels[lead.importance] : null}</Field>
        <Field label={t('field.marketingCampaignId')}>{ref('marketingCampaignId')}</Field>
        <Field label={t('field.contentChannel')}>{lead.contentChannel}</Field>
        <Field label={t('field.externalClientId')}>{lead.externalClientId}</Field>
      </Block>
      <Block title={t('form.partner')}>
        <Field label={t('field.partnershipAgreementId')}>{ref('partnershipAgreementId')}</Field>
        <Field label={t('field.partnerCompanyId')}>{lead.partnerCompanyId ? t('linked') : null}</Field>
      </Block>
      <Block title={t('form.followUp')}>
        <Field label={t('field.ownerId')}>{ownerName}</Field>
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
          {lead.estimatedCompletionDays === null ? null : t('days', { count: lead.estimatedCompletionDays })}
        </Field>
        <Field label={t('field.expectedCompletionDate')}>{formatDate(lead.expectedCompletionDate)}</Field>
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
  );
}
