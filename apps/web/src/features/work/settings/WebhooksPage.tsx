import { useState } from 'react';
import { Alert, Badge, Button, Code, Group, MultiSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconList, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { webhookEvents, type Webhook, type WebhookDelivery, type WebhookEvent } from '@leadline/contract';
import { formatDateTime } from '../../../i18n/format';
import { ErrorState, LoadingState } from '../../../components/States';
import { notifyError, notifySuccess } from '../../../components/notify';
import { CrudForm, RecordDialog, SettingsCrudPage, useCrudSave, useSettingsCrud } from '../../settings/crud';
import {
  adminKeys,
  createWebhook,
  deleteWebhook,
  redeliver,
  setWebhookActive,
  useDeliveries,
  useWebhooks,
} from './api';

const statusColor: Record<WebhookDelivery['status'], string> = {
  pending: 'gray',
  delivering: 'blue',
  succeeded: 'teal',
  failed: 'red',
};

function NewWebhook({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('work');
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<{ url: string; events: WebhookEvent[] }>({
    initialValues: { url: '', events: ['lead.created'] },
  });
  const save = useCrudSave(form, {
    queryKey: adminKeys.webhooks,
    save: (v: { url: string; events: WebhookEvent[] }) => createWebhook({ ...v, active: true }),
    onSaved: (w) => setSecret(w.secret),
  });
  return secret ? (
    <Stack gap="sm">
      <Alert color="yellow">{t('webhooks.secretOnce')}</Alert>
      <Code block data-testid="webhook-secret">
        {secret}
      </Code>
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('webhooks.close')}</Button>
      </Group>
    </Stack>
  ) : (
    <CrudForm onSubmit={form.onSubmit((v) => save.mutate(v))} onCancel={onClose} saving={save.isPending}>
      <TextInput label={t('webhooks.url')} required placeholder="https://" {...form.getInputProps('url')} />
      <MultiSelect
        label={t('webhooks.events')}
        data={webhookEvents.map((e) => ({ value: e, label: e }))}
        {...form.getInputProps('events')}
      />
    </CrudForm>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('work');
  const list = useDeliveries(webhook.id);
  const qc = useQueryClient();
  const again = useMutation({
    mutationFn: (d: WebhookDelivery) => redeliver(webhook.id, d.id),
    onSuccess: () => {
      notifySuccess(t('webhooks.redelivered'));
      void qc.invalidateQueries({ queryKey: adminKeys.deliveries(webhook.id) });
    },
    onError: (e) => notifyError(e),
  });
  const statusLabel: Record<WebhookDelivery['status'], string> = {
    pending: t('webhooks.status.pending'),
    delivering: t('webhooks.status.delivering'),
    succeeded: t('webhooks.status.succeeded'),
    failed: t('webhooks.status.failed'),
  };
  return list.isLoading ? (
    <LoadingState />
  ) : list.isError ? (
    <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  ) : (list.data?.items.length ?? 0) === 0 ? (
    <Text size="sm" c="dimmed">
      {t('webhooks.noDeliveries')}
    </Text>
  ) : (
    <Table.ScrollContainer minWidth={640}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webhooks.when')}</Table.Th>
            <Table.Th>{t('webhooks.event')}</Table.Th>
            <Table.Th>{t('webhooks.state')}</Table.Th>
            <Table.Th>{t('webhooks.response')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data!.items.map((d) => (
            <Table.Tr key={d.id} data-testid="delivery">
              <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
              <Table.Td>
                <Code>{d.event}</Code>
              </Table.Td>
              <Table.Td>
                <Badge color={statusColor[d.status]} variant="light">
                  {statusLabel[d.status]}
                </Badge>
                <Text size="xs" c="dimmed">
                  {t('webhooks.attempts', { count: d.attempts })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {d.responseStatus !== null ? `HTTP ${d.responseStatus}` : ''}
                  {d.durationMs !== null ? ` · ${t('webhooks.ms', { ms: d.durationMs })}` : ''}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                  {d.error ?? d.responseExcerpt}
                </Text>
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="light"
                  leftSection={<IconRefresh size={12} />}
                  onClick={() => again.mutate(d)}
                >
                  {t('webhooks.redeliver')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Webhooks for integrations: signed deliveries of lead events, with their log and "redeliver". */
export function WebhooksPage() {
  const { t } = useTranslation('work');
  const list = useWebhooks();
  const crud = useSettingsCrud<Webhook>({
    queryKey: adminKeys.webhooks,
    remove: (w) => deleteWebhook(w.id),
    setActive: (w, active) => setWebhookActive(w.id, active),
  });
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  return (
    <SettingsCrudPage
      query={list}
      rows={list.data?.items ?? []}
      crud={crud}
      intro={t('webhooks.intro')}
      newLabel={t('webhooks.new')}
      empty={t('webhooks.none')}
      minWidth={640}
      columns={[
        {
          key: 'url',
          header: t('webhooks.url'),
          breakWords: true,
          cell: (w) => (
            <>
              {w.url}
              {w.disabledReason && (
                <Text size="xs" c="red">
                  {w.disabledReason}
                </Text>
              )}
            </>
          ),
        },
        {
          key: 'events',
          header: t('webhooks.events'),
          cell: (w) => (
            <Group gap={4}>
              {w.events.map((e) => (
                <Badge key={e} variant="light" size="xs">
                  {e}
                </Badge>
              ))}
            </Group>
          ),
        },
      ]}
      activeSwitch={{ header: t('webhooks.active'), label: (w) => t('webhooks.activeNamed', { url: w.url }) }}
      actions={[
        {
          key: 'deliveries',
          label: (w) => t('webhooks.deliveriesOf', { url: w.url }),
          icon: <IconList size={14} />,
          onClick: setLogOf,
        },
      ]}
      deleteLabel={(w) => t('webhooks.deleteNamed', { url: w.url })}
    >
      <RecordDialog value={crud.editing} onClose={crud.close} title={() => t('webhooks.new')} size="lg">
        {() => <NewWebhook onClose={crud.close} />}
      </RecordDialog>
      <RecordDialog
        value={logOf}
        onClose={() => setLogOf(null)}
        title={(w) => t('webhooks.deliveriesOf', { url: w.url })}
        size="xl"
      >
        {(w) => <Deliveries webhook={w} />}
      </RecordDialog>
    </SettingsCrudPage>
  );
}
