import { useState } from 'react';
import { Badge, Group, Paper, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { templateVariables, type Channel, type Lead, type Template } from '@leadline/contract';
import { errorMessage } from '../../../lib/api';
import { RemoteSelect } from '../../../components/RemoteSelect';
import { CrudForm, RecordDialog, SettingsCrudPage, useCrudSave, useSettingsCrud } from '../../settings/crud';
import { previewTemplate, useTemplates, workKeys } from '../api';
import { deleteTemplate, saveTemplate, type TemplateInput } from './api';

const variableList = Object.entries(templateVariables)
  .flatMap(([obj, fields]) => fields.map((f) => `{{ ${obj}.${f} }}`))
  .join('  ');

function TemplateEditor({ template, onClose }: { template: Template | null; onClose: () => void }) {
  const { t } = useTranslation('work');
  const [leadId, setLeadId] = useState<string | null>(null);
  const form = useForm<TemplateInput>({
    initialValues: {
      name: template?.name ?? '',
      channel: template?.channel ?? 'email',
      subject: template?.subject ?? '',
      body: template?.body ?? '',
    },
  });
  const save = useCrudSave(form, {
    queryKey: workKeys.templates,
    save: (v: TemplateInput) =>
      saveTemplate(template?.id ?? null, { ...v, subject: v.channel === 'email' ? v.subject : null }),
    saved: t('templates.saved'),
    onSaved: onClose,
  });
  const preview = useQuery({
    queryKey: ['template-preview', template?.id, leadId, template?.version],
    queryFn: () => previewTemplate(template!.id, leadId!),
    enabled: template !== null && leadId !== null,
    retry: false,
  });
  return (
    <CrudForm onSubmit={form.onSubmit((v) => save.mutate(v))} onCancel={onClose} saving={save.isPending}>
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
      {template && (
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
    </CrudForm>
  );
}

/** Message templates (Liquid): list, write with a check of every variable, preview against a lead. */
export function TemplatesPage() {
  const { t } = useTranslation('work');
  const list = useTemplates();
  const crud = useSettingsCrud<Template>({
    queryKey: workKeys.templates,
    remove: (tpl) => deleteTemplate(tpl.id),
  });
  const channelLabel: Record<Channel, string> = { email: t('comm.email'), sms: t('comm.sms') };
  return (
    <SettingsCrudPage
      query={list}
      rows={list.data?.items ?? []}
      crud={crud}
      newLabel={t('templates.new')}
      empty={t('templates.none')}
      minWidth={480}
      columns={[
        { key: 'name', header: t('templates.name'), cell: (tpl) => tpl.name },
        {
          key: 'channel',
          header: t('templates.channel'),
          cell: (tpl) => <Badge variant="light">{channelLabel[tpl.channel]}</Badge>,
        },
        { key: 'subject', header: t('templates.subject'), cell: (tpl) => tpl.subject },
      ]}
      actions={[
        {
          key: 'edit',
          label: (tpl) => t('templates.editNamed', { name: tpl.name }),
          icon: <IconPencil size={14} />,
          onClick: crud.open,
        },
      ]}
      deleteLabel={(tpl) => t('templates.deleteNamed', { name: tpl.name })}
    >
      <RecordDialog
        value={crud.editing}
        onClose={crud.close}
        title={(v) => (v === 'new' ? t('templates.new') : t('templates.edit'))}
        size="xl"
      >
        {(v) => <TemplateEditor template={v === 'new' ? null : v} onClose={crud.close} />}
      </RecordDialog>
    </SettingsCrudPage>
  );
}
