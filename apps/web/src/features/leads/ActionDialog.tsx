import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import {
  missingQualificationFields,
  qualificationFields,
  type Lead,
  type LeadAction,
  type LeadActionResult,
} from '@leadline/contract';
import { useRequiredQualification } from './qualification';
import { isStale } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { req } from '../../lib/required';
import { ownerOptions, useUsers } from '../../lib/queries';
import { refOptions, useDisqualificationCodes, useRefList, useStatuses } from '../../lib/refs';
import { openStaleDialog } from '../../components/StaleDialog';
import { notifySuccess } from '../../components/notify';
import { leadKeys, runAction } from './api';
import { useActionLabels } from './offeredActions';
import { useFieldLabels } from './fieldLabels';
import { useTranslation } from 'react-i18next';
import { aliases, bodyFor, type Values } from './actionBodies';
import { ActionError, ConvertChoice, OpportunityFields, useDialogLabels } from './ActionFields';

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
  const dialogLabels = useDialogLabels(action);

  const opportunityFields = (
    <OpportunityFields form={form} lead={lead} users={users.data?.items} directions={directions.data} />
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
          <ConvertChoice form={form} lead={lead} />
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
