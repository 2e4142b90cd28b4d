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
import { formatDateTime, fromNow, roleLabels, shortRoleLabels } from '../../lib/format';
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
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const tokens = useApiTokens();
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => deleteRecord('/api-tokens', t.id),
    onSuccess: (_r, t) => {
      void qc.invalidateQueries({ queryKey: settingsKeys.tokens });
      notifySuccess(`${t.name} revoked`);
    },
  });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Integrations call the REST API with a token: it acts as a named integration user with the roles you
          choose.
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          New API token
        </Button>
      </Group>
      <Paper withBorder>
        {tokens.isLoading ? (
          <LoadingState />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data!.items.length === 0 ? (
          <EmptyState title="No API tokens" description="Create one for each integration." />
        ) : (
          <Table aria-label="API tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data!.items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td fw={500}>{t.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {t.roles.map((r) => (
                        <Badge key={r}>{shortRoleLabels[r]}</Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Code>{t.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? fromNow(t.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {t.revokedAt ? <Badge color="gray">Revoked</Badge> : <Badge color="teal">Active</Badge>}
                  </Table.Td>
                  <Table.Td ta="right">
                    {!t.revokedAt && (
                      <Button
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() =>
                          modals.openConfirmModal({
                            title: `Revoke ${t.name}?`,
                            children: (
                              <Text size="sm">
                                The integration using it stops working at once. This cannot be undone.
                              </Text>
                            ),
                            labels: { confirm: 'Revoke', cancel: 'Cancel' },
                            confirmProps: { color: 'red' },
                            onConfirm: () => revoke.mutate(t),
                          })
                        }
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Modal opened={creating} onClose={() => setCreating(false)} title="New API token">
        {creating && <TokenForm onDone={() => setCreating(false)} />}
      </Modal>
    </Stack>
  );
}

function TokenForm({ onDone }: { onDone: () => void }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<{ name: string; roles: Role[] }>({
    initialValues: { name: '', roles: ['crm_sales'] },
  });
  const create = useMutation({
    meta: { quiet: true },
    mutationFn: createApiToken,
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: settingsKeys.tokens });
      setCreated(t);
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });

  if (created) {
    return (
      <Stack gap="sm">
        <Alert color="yellow" icon={<IconKey size={16} />} title="Copy the token now">
          It is shown only once. Store it in the integration&apos;s settings; Leadline keeps only its hash.
        </Alert>
        <Code block aria-label="New API token" style={{ wordBreak: 'break-all' }}>
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
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <TextInput
          label="Name"
          description="Which integration uses it, e.g. Website form."
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <MultiSelect
          label="Roles"
          required
          searchable
          data={crmRoles.map((r) => ({ value: r, label: roleLabels[r] }))}
          {...form.getInputProps('roles')}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
