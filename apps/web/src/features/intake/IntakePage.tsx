import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ImportTarget, IntakeSubmission, LeadCreate } from '@leadline/contract';
import { QueryTable } from '../../components/QueryTable';
import { EmptyState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatDateTime } from '../../i18n/format';
import { toOptions, useUnits, useUsers } from '../../lib/queries';
import { refOptions, useRefList } from '../../lib/refs';
import { useFieldLabels } from '../leads/fieldLabels';
import { correctSubmission, retrySubmission, useIntake } from './api';
import { useTargetLabels } from './useTargetLabels';

type StateFilter = 'failed' | 'received' | 'done' | 'all';

const who = (s: IntakeSubmission) =>
  [s.payload.firstName, s.payload.lastName].filter(Boolean).join(' ') ||
  s.payload.leadCompanyName ||
  s.payload.emails ||
  '—';

/** The form submissions the lead rules refused, for an administrator to correct and turn into leads. */
export function IntakePage() {
  const { t } = useTranslation('intake');
  const [state, setState] = useState<StateFilter>('failed');
  const [open, setOpen] = useState<IntakeSubmission | null>(null);
  const list = useIntake(state);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('queue.intro')}
        </Text>
        <SegmentedControl
          value={state}
          onChange={(v) => setState(v as StateFilter)}
          data={[
            { value: 'failed', label: t('queue.failed') },
            { value: 'received', label: t('queue.received') },
            { value: 'done', label: t('queue.done') },
            { value: 'all', label: t('queue.all') },
          ]}
        />
      </Group>
      <QueryTable
        query={list}
        label={t('queue.title')}
        minWidth={720}
        empty={<EmptyState title={state === 'failed' ? t('queue.noneFailed') : t('queue.none')} />}
        onRowClick={setOpen}
        columns={[
          { key: 'received', header: t('queue.receivedAt'), cell: (s) => formatDateTime(s.receivedAt) },
          { key: 'form', header: t('queue.form'), cell: (s) => s.formName },
          { key: 'who', header: t('queue.who'), fw: 500, cell: who },
          { key: 'state', header: t('queue.state'), cell: (s) => <SubmissionState s={s} /> },
          {
            key: 'reasons',
            header: t('queue.reasons'),
            cell: (s) =>
              (s.errors ?? []).map((e, i) => (
                <Text key={i} size="xs" c="red.8">
                  {e.field}: {e.message}
                </Text>
              )),
          },
        ]}
      />
      {open && <FixDialog submission={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function SubmissionState({ s }: { s: IntakeSubmission }) {
  const { t } = useTranslation('intake');
  return (
    <Group gap={4}>
      {s.state === 'failed' ? (
        <Badge color="red">{t('queue.failedOne')}</Badge>
      ) : s.state === 'done' ? (
        <Badge color="teal">{t('queue.doneOne')}</Badge>
      ) : (
        <Badge color="gray">{t('queue.receivedOne')}</Badge>
      )}
      {s.flags.includes('disposable_email') && (
        <Badge color="orange" variant="light">
          {t('queue.disposable')}
        </Badge>
      )}
    </Group>
  );
}

const addressParts = new Set(['street', 'postalCode', 'city', 'region', 'country']);

/** Fields the administrator chooses from a list rather than types. */
const choiceFields = new Set(['sourceId', 'salesDirectionId', 'ownerId', 'unitId', 'marketingCampaignId']);

/** The submission as sent, why it was refused, and the corrections to retry with. */
function FixDialog({ submission, onClose }: { submission: IntakeSubmission; onClose: () => void }) {
  const { t } = useTranslation('intake');
  const qc = useQueryClient();
  const fieldLabels = useFieldLabels();
  const targetLabels = useTargetLabels();
  const labelOf = (k: string) =>
    addressParts.has(k) ? targetLabels[`address.${k}` as ImportTarget] : (fieldLabels[k] ?? k);
  const sources = useRefList('/lead-sources');
  const directions = useRefList('/sales-directions');
  const campaigns = useRefList('/marketing-campaigns');
  const users = useUsers();
  const units = useUnits();
  const [current, setCurrent] = useState(submission);
  // The fields at fault, then what the person sent: each may be corrected.
  const faulty = [...new Set((current.errors ?? []).map((e) => e.field.split('.')[0]))].filter(
    (f) => f !== 'lead' && f !== 'body',
  );
  const editable = [...new Set([...faulty, ...Object.keys(current.payload)])];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      editable.map((k) => {
        const c = current.corrections[k];
        return [k, typeof c === 'string' ? c : (current.payload[k] ?? '')];
      }),
    ),
  );
  const optionsOf = (k: string, v: string | null) =>
    k === 'sourceId'
      ? refOptions(sources.data, v)
      : k === 'salesDirectionId'
        ? refOptions(directions.data, v)
        : k === 'marketingCampaignId'
          ? refOptions(campaigns.data, v)
          : k === 'ownerId'
            ? toOptions(users.data?.items, true)
            : toOptions(units.data?.items);

  const retry = useMutation({
    mutationFn: async () => {
      const corrections: Record<string, unknown> = {};
      const address: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) {
        if (!v.trim() || (v === (current.payload[k] ?? '') && !faulty.includes(k))) continue;
        // The form's address fields are the parts of the lead's address.
        if (addressParts.has(k)) address[k] = v.trim();
        else corrections[k] = v.trim();
      }
      if (Object.keys(address).length) corrections.address = address;
      const corrected = await correctSubmission(current, corrections as LeadCreate);
      return retrySubmission(corrected.id);
    },
    onSuccess: (s) => {
      setCurrent(s);
      void qc.invalidateQueries({ queryKey: ['intake'] });
      if (s.state === 'done') {
        notifySuccess(t('queue.retried'));
        onClose();
      }
    },
    onError: (e) => notifyError(e, t('queue.notRetried')),
  });

  return (
    <Modal opened onClose={onClose} title={t('queue.fixTitle', { who: who(current) })} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('queue.fixMeta', { form: current.formName, at: formatDateTime(current.receivedAt) })}
        </Text>
        {current.state === 'done' && current.leadId ? (
          <Alert color="teal">
            <Link to={`/leads/${current.leadId}`}>{t('queue.openLead')}</Link>
          </Alert>
        ) : (
          (current.errors ?? []).length > 0 && (
            <Alert color="red" title={t('queue.refusedBecause')}>
              {(current.errors ?? []).map((e, i) => (
                <Text key={i} size="sm">
                  {`${labelOf(e.field.split('.')[0])}: ${e.message}`}
                </Text>
              ))}
            </Alert>
          )
        )}
        {editable.map((k) =>
          choiceFields.has(k) ? (
            <Select
              key={k}
              label={labelOf(k)}
              data={optionsOf(k, values[k] || null)}
              value={values[k] || null}
              onChange={(v) => setValues((s) => ({ ...s, [k]: v ?? '' }))}
              clearable
              searchable
              error={faulty.includes(k) ? t('queue.needsFix') : undefined}
            />
          ) : (
            <TextInput
              key={k}
              label={labelOf(k)}
              value={values[k] ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((s) => ({ ...s, [k]: v }));
              }}
              error={faulty.includes(k) ? t('queue.needsFix') : undefined}
            />
          ),
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('queue.close')}
          </Button>
          {current.state !== 'done' && (
            <Button
              leftSection={<IconRefresh size={14} />}
              loading={retry.isPending}
              onClick={() => retry.mutate()}
            >
              {t('queue.saveRetry')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
