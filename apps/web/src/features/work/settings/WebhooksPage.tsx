import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconList, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { webhookEvents, type Webhook, type WebhookDelivery, type WebhookEvent } from '@leadline/contract';
import { applyFieldErrors } from '../../../lib/forms';
import { formatDateTime } from '../../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { notifyError, notifySuccess } from '../../../components/notify';
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
  const qc = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<{ url: string; events: WebhookEvent[] }>({
    initialValues: { url: '', events: ['lead.created'] },
  });
  const save = useMutation({
    mutationFn: (v: { url: string; events: WebhookEvent[] }) => createWebhook({ ...v, active: true }),
    onSuccess: (w) => {
      void qc.invalidateQueries({ queryKey: adminKeys.webhooks });
      setSecret(w.secret);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) notifyError(e);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('webhooks.new')} size="lg">
      {secret ? (
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
        <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
          <Stack gap="sm">
            <TextInput
              label={t('webhooks.url')}
              required
              placeholder="https://"
              {...form.getInputProps('url')}
            />
            <MultiSelect
              label={t('webhooks.events')}
              data={webhookEvents.map((e) => ({ value: e, label: e }))}
              {...form.getInputProps('events')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common:cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('common:save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function Deliveries({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
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
  return (
    <Modal opened onClose={onClose} title={t('webhooks.deliveriesOf', { url: webhook.url })} size="xl">
      {list.isLoading ? (
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
      )}
    </Modal>
  );
}

/** Webhooks for integrations: signed deliveries of lead events, with their log and "redeliver". */
export function WebhooksPage() {
  const { t } = useTranslation('work');
  const list = useWebhooks();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: adminKeys.webhooks });
  const toggle = useMutation({
    mutationFn: (w: Webhook) => setWebhookActive(w.id, !w.active),
    onSuccess: refresh,
    onError: (e) => notifyError(e),
  });
  const remove = useMutation({
    mutationFn: deleteWebhook,
    onSuccess: refresh,
    onError: (e) => notifyError(e),
  });
  if (list.isLoading) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('webhooks.intro')}
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          {t('webhooks.new')}
        </Button>
      </Group>
      {items.length === 0 ? (
        <EmptyState title={t('webhooks.none')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.url')}</Table.Th>
                <Table.Th>{t('webhooks.events')}</Table.Th>
                <Table.Th>{t('webhooks.active')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    {w.url}
                    {w.disabledReason && (
                      <Text size="xs" c="red">
                        {w.disabledReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {w.events.map((e) => (
                        <Badge key={e} variant="light" size="xs">
                          {e}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      checked={w.active}
                      onChange={() => toggle.mutate(w)}
                      aria-label={t('webhooks.activeNamed', { url: w.url })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('webhooks.deliveriesOf', { url: w.url })}
                        onClick={() => setLogOf(w)}
                      >
                        <IconList size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('webhooks.deleteNamed', { url: w.url })}
                        onClick={() => remove.mutate(w.id)}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <NewWebhook onClose={() => setCreating(false)} />}
      {logOf && <Deliveries webhook={logOf} onClose={() => setLogOf(null)} />}
    </Stack>
  );
}
