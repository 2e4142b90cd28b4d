import {
  Alert,
  MultiSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type UseFormReturnType } from '@mantine/form';
import { qualificationFields, type Company, type Lead, type LeadAction, type User } from '@leadline/contract';
import { ApiError } from '../../lib/api';
import { req } from '../../lib/required';
import { personName } from '../../lib/format';
import { ownerOptions } from '../../lib/queries';
import { refOptions, type RefItem } from '../../lib/refs';
import { RemoteSelect } from '../../components/RemoteSelect';
import { ErrorState } from '../../components/States';
import { useCompanyContacts, useContact } from '../records/api';
import { useTranslation } from 'react-i18next';
import { useFieldLabels } from './fieldLabels';
import { aliases, type Values } from './actionBodies';

/**
 * The server's refusal: each field at fault named by its label (never by its API path); the same
 * messages also stand under the fields of the dialog.
 */
export function ActionError({ error, labels }: { error: unknown; labels: Record<string, string> }) {
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

/** The opportunity that qualifying (or a code that creates one) opens: its name, owner, city, revenue... */
export function OpportunityFields({
  form,
  lead,
  users,
  directions,
}: {
  form: UseFormReturnType<Values>;
  lead: Lead;
  users: User[] | undefined;
  directions: RefItem[] | undefined;
}) {
  const { t } = useTranslation('leads');
  const v = form.values;
  return (
    <Stack gap="xs">
      <TextInput label={t('field.name')} {...req} {...form.getInputProps('opportunity.name')} />
      <SimpleGrid cols={2} spacing="xs">
        <Select
          label={t('dialog.responsible')}
          {...req}
          searchable
          data={ownerOptions(users, v.opportunity.responsibleId)}
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
          data={refOptions(directions, v.opportunity.sellingDirectionId)}
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
}

/** What qualifying makes of the lead's company and contact: none, new ones, or existing ones. */
export function ConvertChoice({ form, lead }: { form: UseFormReturnType<Values>; lead: Lead }) {
  const { t } = useTranslation('leads');
  const v = form.values;
  const companyContacts = useCompanyContacts(v.convert.companyId, v.convert.contact === 'existing');
  const leadContact = useContact(lead.contactId);
  const contactOptions = [
    ...(leadContact.data && !companyContacts.data?.items.some((c) => c.id === leadContact.data.id)
      ? [leadContact.data]
      : []),
    ...(companyContacts.data?.items ?? []),
  ].map((c) => ({ value: c.id, label: personName(c) }));
  return (
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
  );
}

/** Every field the dialog holds, by the name the server gives it, so that a refusal names each by its label. */
export function useDialogLabels(action: LeadAction): Record<string, string> {
  const { t } = useTranslation('leads');
  const fieldLabels = useFieldLabels();
  return {
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
}
