import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import {
  missingQualificationFields,
  qualificationFields,
  type Company,
  type Lead,
  type LeadAction,
  type LeadActionResult,
} from '@leadline/contract';
import { useRequiredQualification } from './qualification';
import { ApiError, isStale } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { req } from '../../lib/required';
import { personName } from '../../lib/format';
import { ownerOptions, useUsers } from '../../lib/queries';
import { refOptions, useDisqualificationCodes, useRefList, useStatuses } from '../../lib/refs';
import { RemoteSelect } from '../../components/RemoteSelect';
import { ErrorState } from '../../components/States';
import { openStaleDialog } from '../../components/StaleDialog';
import { notifySuccess } from '../../components/notify';
import { leadKeys, runAction } from './api';
import { useCompanyContacts, useContact } from '../records/api';
import { useActionLabels } from './offeredActions';
import { useFieldLabels } from './fieldLabels';
import { useTranslation } from 'react-i18next';

interface Values {
  ownerId: string | null;
  statusId: string | null;
  marketingListId: string | null;
  codeId: string | null;
  reason: string;
  generateOpportunity: boolean;
  opportunity: {
    name: string;
    responsibleId: string | null;
    city: string;
    currentSituation: string;
    estimatedRevenue: number | string;
    estimatedCloseDate: string;
    sellingDirectionId: string | null;
    description: string;
  };
  revenueCurrency: string;
  /** The mandatory qualification fields the lead misses, filled in the dialog. */
  qualification: Record<string, string>;
  convert: {
    company: 'none' | 'new' | 'existing';
    companyId: string | null;
    contact: 'none' | 'new' | 'existing';
    contactIds: string[];
  };
}

const nul = (s: string) => (s.trim() === '' ? null : s.trim());

function opportunityBody(v: Values) {
  const o = v.opportunity;
  return {
    name: nul(o.name),
    responsibleId: o.responsibleId,
    city: nul(o.city),
    currentSituation: nul(o.currentSituation),
    estimatedRevenue:
      o.estimatedRevenue === ''
        ? null
        : { amount: String(o.estimatedRevenue), currency: v.revenueCurrency || undefined },
    estimatedCloseDate: nul(o.estimatedCloseDate),
    sellingDirectionId: o.sellingDirectionId,
    description: nul(o.description),
  };
}

const qualificationBody = (v: Values) =>
  Object.fromEntries(Object.entries(v.qualification).map(([f, value]) => [f, nul(value)]));

function bodyFor(action: LeadAction, v: Values): object {
  switch (action) {
    case 'assign':
    case 'reassign':
      return { ownerId: v.ownerId };
    case 'reopen':
    case 'move':
      return { statusId: v.statusId };
    case 'add-to-marketing-list':
      return { marketingListId: v.marketingListId };
    case 'drop':
      return { reason: nul(v.reason) };
    case 'disqualify':
      return {
        codeId: v.codeId,
        reason: nul(v.reason),
        opportunity: opportunityBody(v),
        qualification: qualificationBody(v),
      };
    case 'qualify':
    case 'convert':
      return {
        qualification: qualificationBody(v),
        generateOpportunity: v.generateOpportunity,
        opportunity: opportunityBody(v),
        convert: {
          company: v.convert.company,
          companyId: v.convert.company === 'existing' ? v.convert.companyId : undefined,
          contact: v.convert.contact,
          contactIds: v.convert.contact === 'existing' ? v.convert.contactIds : undefined,
        },
      };
    default:
      return {};
  }
}

const aliases: Record<string, string> = {
  ...Object.fromEntries(qualificationFields.map((f) => [f, `qualification.${f}`])),
  'opportunity.estimatedRevenue.amount': 'opportunity.estimatedRevenue',
  'opportunity.estimatedRevenue.currency': 'revenueCurrency',
  'convert.companyId': 'convert.companyId',
};

interface Props {
  lead: Lead;
  action: LeadAction | null;
  /** For reopen (and a drop on a Kanban column): the status chosen beforehand. */
  statusId?: string | null;
  onClose: () => void;
  onDone?: (result: LeadActionResult) => void;
}

/** The dialog of one action on one lead. */
export function ActionDialog({ lead, action, statusId, onClose, onDone }: Props) {
  const actionLabels = useActionLabels();
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={action ? actionLabels[action] : ''}
      size={action === 'qualify' || action === 'convert' || action === 'disqualify' ? 'lg' : 'md'}
    >
      {action && (
        <ActionForm
          key={`${action}-${lead.id}`}
          lead={lead}
          action={action}
          statusId={statusId}
          onClose={onClose}
          onDone={onDone}
        />
      )}
    </Modal>
  );
}

function ActionForm({ lead, action, statusId, onClose, onDone }: Props & { action: LeadAction }) {
  const { t } = useTranslation('leads');
  const actionLabels = useActionLabels();
  const qc = useQueryClient();
  const users = useUsers();
  const statuses = useStatuses();
  const codes = useDisqualificationCodes();
  const lists = useRefList('/marketing-lists', { active: 'true' });
  const directions = useRefList('/sales-directions');
  const [general, setGeneral] = useState<unknown>(null);
  const fieldLabels = useFieldLabels();
  const required = useRequiredQualification();
  // Asked in the dialog: the mandatory qualification fields the lead misses.
  const missing = useMemo(
    () =>
      missingQualificationFields(lead, required).filter(
        (f): f is (typeof qualificationFields)[number] => f !== 'ownerId',
      ),
    [lead, required],
  );
  const form = useForm<Values>({
    initialValues: {
      ownerId: null,
      statusId: statusId ?? null,
      marketingListId: null,
      codeId: null,
      reason: '',
      generateOpportunity: true,
      opportunity: {
        name: lead.name,
        responsibleId: lead.ownerId,
        city: lead.address.city ?? '',
        currentSituation: '',
        estimatedRevenue: lead.targetAmount?.amount ?? '',
        estimatedCloseDate: lead.expectedCompletionDate ?? '',
        sellingDirectionId: lead.salesDirectionId,
        description: lead.description ?? '',
      },
      revenueCurrency: lead.targetAmount?.currency ?? 'EUR',
      qualification: {},
      convert: {
        company: lead.companyId ? 'existing' : lead.newCompany || lead.companyName ? 'new' : 'none',
        companyId: lead.companyId,
        contact: lead.contactId ? 'existing' : lead.newContact || lead.lastName ? 'new' : 'none',
        contactIds: lead.contactId ? [lead.contactId] : [],
      },
    },
  });
  const v = form.values;
  const code = codes.data?.find((c) => c.id === v.codeId);
  const qualifying = action === 'qualify' || action === 'convert';
  const companyContacts = useCompanyContacts(
    v.convert.companyId,
    qualifying && v.convert.contact === 'existing',
  );
  const leadContact = useContact(lead.contactId, qualifying);
  const contactOptions = [
    ...(leadContact.data && !companyContacts.data?.items.some((c) => c.id === leadContact.data.id)
      ? [leadContact.data]
      : []),
    ...(companyContacts.data?.items ?? []),
  ].map((c) => ({ value: c.id, label: personName(c) }));

  const submit = form.onSubmit(async (values) => {
    setGeneral(null);
    try {
      const result = await runAction(lead.id, action, bodyFor(action, values));
      qc.setQueryData(leadKeys.one(lead.id), result);
      void qc.invalidateQueries({ queryKey: leadKeys.all });
      notifySuccess(t('dialog.done', { action: actionLabels[action], number: result.number }));
      onDone?.(result);
      onClose();
    } catch (e) {
      if (isStale(e)) openStaleDialog(() => void qc.invalidateQueries({ queryKey: leadKeys.all }));
      applyFieldErrors(form, e, aliases);
      setGeneral(e);
    }
  });

  const qualificationInputs =
    missing.length > 0 ? (
      <Stack gap="xs" data-testid="qualification-in-dialog">
        <Text size="sm" fw={600}>
          {t('leadwork:qualification.dialogTitle')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('leadwork:qualification.dialogHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          {missing.map((f) => (
            <Textarea
              key={f}
              label={fieldLabels[f] ?? f}
              {...req}
              autosize
              minRows={1}
              value={v.qualification[f] ?? ''}
              onChange={(e) => form.setFieldValue(`qualification.${f}`, e.currentTarget.value)}
              error={form.errors[`qualification.${f}`]}
            />
          ))}
        </SimpleGrid>
      </Stack>
    ) : null;
  // Every field the dialog holds, by the name the server gives it, so that a refusal names each by its label.
  const dialogLabels: Record<string, string> = {
    ...fieldLabels,
    'opportunity.name': t('field.name'),
    'opportunity.responsibleId': t('dialog.responsible'),
    'opportunity.city': t('form.city'),
    'opportunity.estimatedRevenue': t('dialog.estimatedRevenue'),
    'opportunity.estimatedCloseDate': t('dialog.estimatedCloseDate'),
    'opportunity.sellingDirectionId': t('dialog.sellingDirection'),
    'opportunity.currentSituation': t('dialog.currentSituation'),
    'opportunity.description': t('field.description'),
    'convert.companyId': t('form.company'),
    'convert.contactIds': t('dialog.contacts'),
    codeId: t('field.disqualificationCodeId'),
    reason: action === 'drop' ? t('dialog.reason') : t('field.disqualificationReason'),
    marketingListId: t('bulk.marketingList'),
    ...Object.fromEntries(qualificationFields.map((f) => [`qualification.${f}`, fieldLabels[f] ?? f])),
  };

  const opportunityFields = (
    <Stack gap="xs">
      <TextInput label={t('field.name')} {...req} {...form.getInputProps('opportunity.name')} />
      <SimpleGrid cols={2} spacing="xs">
        <Select
          label={t('dialog.responsible')}
          {...req}
          searchable
          data={ownerOptions(users.data?.items, v.opportunity.responsibleId)}
          {...form.getInputProps('opportunity.responsibleId')}
        />
        <TextInput label={t('form.city')} {...req} {...form.getInputProps('opportunity.city')} />
        <NumberInput
          label={t('dialog.estimatedRevenue')}
          min={0}
          decimalScale={2}
          thousandSeparator=" "
          {...form.getInputProps('opportunity.estimatedRevenue')}
        />
        <TextInput
          label={t('dialog.estimatedCloseDate')}
          type="date"
          {...form.getInputProps('opportunity.estimatedCloseDate')}
        />
        <Select
          label={t('dialog.sellingDirection')}
          {...req}
          searchable
          data={refOptions(directions.data, v.opportunity.sellingDirectionId)}
          {...form.getInputProps('opportunity.sellingDirectionId')}
        />
        <TextInput
          label={t('dialog.originatingLead')}
          readOnly
          variant="filled"
          value={`${lead.number} · ${lead.name}`}
        />
      </SimpleGrid>
      <Textarea
        label={t('dialog.currentSituation')}
        autosize
        minRows={2}
        {...form.getInputProps('opportunity.currentSituation')}
      />
      <Textarea
        label={t('field.description')}
        autosize
        minRows={2}
        {...form.getInputProps('opportunity.description')}
      />
    </Stack>
  );

  let body: React.ReactNode = null;
  switch (action) {
    case 'assign':
    case 'reassign':
      body = (
        <Select
          label={t('field.ownerId')}
          {...req}
          searchable
          data-autofocus
          data={ownerOptions(users.data?.items).filter(
            (o) => action === 'assign' || o.value !== lead.ownerId,
          )}
          {...form.getInputProps('ownerId')}
        />
      );
      break;
    case 'take':
      body = (
        <Text size="sm">
          {lead.phase === 'new'
            ? t('dialog.takeNew', { number: lead.number })
            : t('dialog.take', { number: lead.number })}
        </Text>
      );
      break;
    case 'accept':
      body = <Text size="sm">{t('dialog.accept', { number: lead.number })}</Text>;
      break;
    case 'activate':
      body = <Text size="sm">{t('dialog.activate', { number: lead.number })}</Text>;
      break;
    case 'deactivate':
      body = <Text size="sm">{t('dialog.deactivate', { number: lead.number })}</Text>;
      break;
    case 'drop':
      body = (
        <Textarea
          label={t('dialog.reason')}
          {...req}
          autosize
          minRows={3}
          data-autofocus
          {...form.getInputProps('reason')}
        />
      );
      break;
    case 'reopen':
      body = (
        <Select
          label={t('field.statusId')}
          {...req}
          data-autofocus
          data={(statuses.data ?? [])
            .filter((s) => s.active && (s.phase === 'new' || s.phase === 'in_progress'))
            .map((s) => ({ value: s.id, label: s.name }))}
          {...form.getInputProps('statusId')}
        />
      );
      break;
    case 'add-to-marketing-list':
      body = (
        <Select
          label={t('bulk.marketingList')}
          {...req}
          searchable
          data-autofocus
          data={refOptions(lists.data)}
          nothingFoundMessage={t('bulk.noMarketingLists')}
          {...form.getInputProps('marketingListId')}
        />
      );
      break;
    case 'disqualify':
      body = (
        <Stack gap="xs">
          <Select
            label={t('field.disqualificationCodeId')}
            {...req}
            data-autofocus
            data={(codes.data ?? []).filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('codeId')}
          />
          <Textarea
            label={t('field.disqualificationReason')}
            {...req}
            autosize
            minRows={2}
            {...form.getInputProps('reason')}
          />
          {code?.createsOpportunity && (
            <>
              <Alert color="blue" variant="light">
                {t('dialog.codeCreatesOpportunity')}
              </Alert>
              {qualificationInputs}
              {opportunityFields}
            </>
          )}
        </Stack>
      );
      break;
    case 'qualify':
    case 'convert':
      body = (
        <Stack gap="sm">
          <Switch
            label={t('dialog.generateOpportunity')}
            description={t('dialog.noTheLeadIsWon')}
            {...form.getInputProps('generateOpportunity', { type: 'checkbox' })}
          />
          {qualificationInputs}
          {v.generateOpportunity && opportunityFields}
          <SimpleGrid cols={2} spacing="md">
            <Stack gap={6}>
              <Radio.Group label={t('dialog.convertCompany')} {...form.getInputProps('convert.company')}>
                <Stack gap={4} mt={4}>
                  <Radio value="none" label={t('noCompany')} />
                  <Radio
                    value="new"
                    label={t('dialog.createANewCompany')}
                    disabled={!lead.companyName && !lead.leadCompanyName}
                  />
                  <Radio value="existing" label={t('dialog.selectAnExistingCompany')} />
                </Stack>
              </Radio.Group>
              {v.convert.company === 'existing' && (
                <RemoteSelect<Company>
                  label={t('form.company')}
                  path="/companies"
                  labelOf={(c) => c.name}
                  value={v.convert.companyId}
                  onChange={(id) => form.setFieldValue('convert.companyId', id)}
                  error={form.errors['convert.companyId']}
                />
              )}
            </Stack>
            <Stack gap={6}>
              <Radio.Group label={t('dialog.convertContact')} {...form.getInputProps('convert.contact')}>
                <Stack gap={4} mt={4}>
                  <Radio value="none" label={t('noContact')} />
                  <Radio value="new" label={t('dialog.createANewContact')} disabled={!lead.lastName} />
                  <Radio value="existing" label={t('dialog.selectExistingContacts')} />
                </Stack>
              </Radio.Group>
              {v.convert.contact === 'existing' && (
                <MultiSelect
                  label={t('dialog.contacts')}
                  searchable
                  data={contactOptions}
                  nothingFoundMessage={
                    v.convert.companyId ? t('dialog.noContacts') : t('dialog.chooseCompanyFirst')
                  }
                  {...form.getInputProps('convert.contactIds')}
                />
              )}
            </Stack>
          </SimpleGrid>
        </Stack>
      );
      break;
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {general !== null && <ActionError error={general} labels={dialogLabels} />}
        {body}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button
            type="submit"
            loading={form.submitting}
            color={
              action === 'drop' || action === 'disqualify' || action === 'deactivate' ? 'red' : undefined
            }
          >
            {actionLabels[action]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The server's refusal: each field at fault named by its label (never by its API path); the same
 * messages also stand under the fields of the dialog.
 */
function ActionError({ error, labels }: { error: unknown; labels: Record<string, string> }) {
  const { t } = useTranslation('leads');
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    const labelOf = (field: string) =>
      labels[field] ?? labels[aliases[field] ?? ''] ?? labels[field.replace(/\.\d+$/, '')] ?? field;
    return (
      <Alert color="red" title={t('dialog.fieldsNeeded')} role="alert">
        <Stack gap={2}>
          {error.fieldErrors.map((f) => (
            <Text size="sm" key={f.field + f.code}>
              {t('dialog.fieldError', { field: labelOf(f.field), message: f.message })}
            </Text>
          ))}
        </Stack>
      </Alert>
    );
  }
  return <ErrorState error={error} title={t('dialog.notDone')} />;
}
