import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconCheck, IconCopy, IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { crmRoles, type Role } from '@leadline/contract';
import { applyFieldErrors } from '../../lib/forms';
import { useTranslation } from 'react-i18next';
import { formatDateTime, fromNow } from '../../i18n/format';
import { useRoleLabels } from '../../i18n/labels';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import {
  createApiToken,
  deleteRecord,
  settingsKeys,
  useApiTokens,
  type ApiToken,
  type ApiTokenCreated,
} from './api';

export function ApiTokensPage() {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const roleLabels = useRoleLabels();
  const [creating, setCreating] = useState(false);
  const [tokenShown, setTokenShown] = useState(false);
  const tokens = useApiTokens();
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => deleteRecord('/api-tokens', token.id),
    onSuccess: (_r, token) => {
      void qc.invalidateQueries({ queryKey: settingsKeys.tokens });
      notifySuccess(t('tokens.revoked', { name: token.name }));
    },
  });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('tokens.intro')}
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          {t('tokens.new')}
        </Button>
      </Group>
      <Paper withBorder>
        {tokens.isLoading ? (
          <LoadingState />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data!.items.length === 0 ? (
          <EmptyState title={t('tokens.none')} description={t('tokens.noneHint')} />
        ) : (
          <Table aria-label={t('section.apiTokens')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tokens.name')}</Table.Th>
                <Table.Th>{t('tokens.roles')}</Table.Th>
                <Table.Th>{t('tokens.token')}</Table.Th>
                <Table.Th>{t('tokens.created')}</Table.Th>
                <Table.Th>{t('tokens.lastUsed')}</Table.Th>
                <Table.Th>{t('tokens.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data!.items.map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td fw={500}>{token.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {token.roles.map((r) => (
                        <Badge key={r}>{roleLabels[r]}</Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Code>{token.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                  <Table.Td>{token.lastUsedAt ? fromNow(token.lastUsedAt) : t('tokens.never')}</Table.Td>
                  <Table.Td>
                    {token.revokedAt ? (
                      <Badge color="gray">{t('tokens.revokedState')}</Badge>
                    ) : (
                      <Badge color="teal">{t('filter.active')}</Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {!token.revokedAt && (
                      <Button
                        variant="subtle"
                        color="red"
                        aria-label={t('tokens.revokeConfirm', { name: token.name })}
                        onClick={() =>
                          modals.openConfirmModal({
                            title: t('tokens.revokeConfirm', { name: token.name }),
                            children: <Text size="sm">{t('tokens.revokeHint')}</Text>,
                            labels: { confirm: t('tokens.revoke'), cancel: t('common:cancel') },
                            confirmProps: { color: 'red' },
                            onConfirm: () => revoke.mutate(token),
                          })
                        }
                      >
                        {t('tokens.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Modal
        opened={creating}
        onClose={() => {
          // The token is shown only once: closing by Escape or outside the dialog asks first.
          if (!tokenShown) setCreating(false);
          else
            modals.openConfirmModal({
              title: t('leadwork:tokens.closeTitle'),
              children: <Text size="sm">{t('leadwork:tokens.closeHint')}</Text>,
              labels: { confirm: t('leadwork:tokens.closeConfirm'), cancel: t('leadwork:tokens.keepOpen') },
              confirmProps: { color: 'red' },
              onConfirm: () => {
                setTokenShown(false);
                setCreating(false);
              },
            });
        }}
        title={t('tokens.new')}
      >
        {creating && (
          <TokenForm
            onShown={() => setTokenShown(true)}
            onDone={() => {
              setTokenShown(false);
              setCreating(false);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function TokenForm({ onDone, onShown }: { onDone: () => void; onShown: () => void }) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const roleLabels = useRoleLabels();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<{ name: string; roles: Role[] }>({
    initialValues: { name: '', roles: ['crm_sales'] },
  });
  const create = useMutation({
    meta: { quiet: true },
    mutationFn: createApiToken,
    onSuccess: (token) => {
      void qc.invalidateQueries({ queryKey: settingsKeys.tokens });
      setCreated(token);
      onShown();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });

  if (created) {
    return (
      <Stack gap="sm">
        <Alert color="yellow" icon={<IconKey size={16} />} title={t('tokens.copyNow')}>
          {t('tokens.copyHint')}
        </Alert>
        <Code block aria-label={t('tokens.new')} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {created.token}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                color={copied ? 'teal' : 'indigo'}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? t('tokens.copied') : t('tokens.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onDone}>{t('tokens.done')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title={t('notSaved')} />}
        <TextInput
          label={t('tokens.name')}
          description={t('tokens.nameHint')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label={t('tokens.roles')}
          required
          searchable
          data={crmRoles.map((r) => ({ value: r, label: roleLabels[r] }))}
          {...form.getInputProps('roles')}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('tokens.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
