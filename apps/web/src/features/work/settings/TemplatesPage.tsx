import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { templateVariables, type Channel, type Lead, type Template } from '@leadline/contract';
import { errorMessage } from '../../../lib/api';
import { applyFieldErrors } from '../../../lib/forms';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { notifyError, notifySuccess } from '../../../components/notify';
import { previewTemplate, useTemplates, workKeys } from '../api';
import { deleteTemplate, saveTemplate, type TemplateInput } from './api';

const variableList = Object.entries(templateVariables)
  .flatMap(([obj, fields]) => fields.map((f) => `{{ ${obj}.${f} }}`))
  .join('  ');

function TemplateEditor({ template, onClose }: { template: Template | 'new'; onClose: () => void }) {
  const { t } = useTranslation('work');
  const qc = useQueryClient();
  const existing = template === 'new' ? null : template;
  const [leadId, setLeadId] = useState<string | null>(null);
  const form = useForm<TemplateInput>({
    initialValues: {
      name: existing?.name ?? '',
      channel: existing?.channel ?? 'email',
      subject: existing?.subject ?? '',
      body: existing?.body ?? '',
    },
  });
  const save = useMutation({
    mutationFn: (v: TemplateInput) =>
      saveTemplate(existing?.id ?? null, { ...v, subject: v.channel === 'email' ? v.subject : null }),
    onSuccess: () => {
      notifySuccess(t('templates.saved'));
      void qc.invalidateQueries({ queryKey: workKeys.templates });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) notifyError(e);
    },
  });
  const preview = useQuery({
    queryKey: ['template-preview', existing?.id, leadId, existing?.version],
    queryFn: () => previewTemplate(existing!.id, leadId!),
    enabled: existing !== null && leadId !== null,
    retry: false,
  });
  return (
    <Modal opened onClose={onClose} title={existing ? t('templates.edit') : t('templates.new')} size="xl">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label={t('templates.name')} required {...form.getInputProps('name')} />
            <Select
              label={t('templates.channel')}
              data={[
                { value: 'email', label: t('comm.email') },
                { value: 'sms', label: t('comm.sms') },
              ]}
              allowDeselect={false}
              {...form.getInputProps('channel')}
            />
          </Group>
          {form.values.channel === 'email' && (
            <TextInput label={t('templates.subject')} {...form.getInputProps('subject')} />
          )}
          <Textarea
            label={t('templates.body')}
            description={form.values.channel === 'email' ? t('templates.bodyHtml') : t('templates.bodySms')}
            autosize
            minRows={6}
            ff="monospace"
            {...form.getInputProps('body')}
          />
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
            {t('templates.variables', { list: variableList })}
          </Text>
          {existing && (
            <Paper withBorder p="sm" bg="gray.0">
              <RemoteSelect<Lead>
                label={t('templates.previewAgainst')}
                path="/leads"
                labelOf={(l) => `${l.number} · ${l.name}`}
                value={leadId}
                onChange={(id) => setLeadId(id)}
              />
              {preview.data && (
                <Stack gap={4} mt="sm" data-testid="template-preview">
                  {preview.data.subject && <Text fw={600}>{preview.data.subject}</Text>}
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {preview.data.text}
                  </Text>
                  {preview.data.segments !== null && (
                    <Text size="xs" c="dimmed">
                      {t('templates.segments', { count: preview.data.segments })}
                    </Text>
                  )}
                </Stack>
              )}
              {preview.isError && (
                <Text size="sm" c="red" mt="sm">
                  {errorMessage(preview.error)}
                </Text>
              )}
            </Paper>
          )}
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
    </Modal>
  );
}

/** Message templates (Liquid): list, write with a check of every variable, preview against a lead. */
export function TemplatesPage() {
  const { t } = useTranslation('work');
  const list = useTemplates();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: deleteTemplate,
    onSuccess: () => void qc.invalidateQueries({ queryKey: workKeys.templates }),
    onError: (e) => notifyError(e),
  });
  const channelLabel: Record<Channel, string> = { email: t('comm.email'), sms: t('comm.sms') };
  if (list.isLoading) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('templates.new')}
        </Button>
      </Group>
      {items.length === 0 ? (
        <EmptyState title={t('templates.none')} />
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('templates.name')}</Table.Th>
                <Table.Th>{t('templates.channel')}</Table.Th>
                <Table.Th>{t('templates.subject')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((tpl) => (
                <Table.Tr key={tpl.id}>
                  <Table.Td>{tpl.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{channelLabel[tpl.channel]}</Badge>
                  </Table.Td>
                  <Table.Td>{tpl.subject}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('templates.editNamed', { name: tpl.name })}
                        onClick={() => setEditing(tpl)}
                      >
                        <IconPencil size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('templates.deleteNamed', { name: tpl.name })}
                        onClick={() => remove.mutate(tpl.id)}
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
      {editing && <TemplateEditor template={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
