import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { smsSegments, type Channel, type Lead } from '@leadline/contract';
import { errorMessage } from '../../lib/api';
import { notifySuccess } from '../../components/notify';
import { communicate, previewTemplate, useAttachments, useTemplates, useWorkChanged } from './api';

type Source = 'template' | 'text';

/** E-mail or text the lead's contact from a template or free text, honouring Do not email / Do not call. */
export function CommunicateDialog({
  lead,
  opened,
  onClose,
}: {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('work');
  const [channel, setChannel] = useState<Channel>('email');
  const [source, setSource] = useState<Source>('template');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [attachmentIds, setAttachmentIds] = useState<string[]>([]);
  const templates = useTemplates();
  const files = useAttachments(lead.id);
  const changed = useWorkChanged();
  const preview = useQuery({
    queryKey: ['template-preview', templateId, lead.id],
    queryFn: () => previewTemplate(templateId!, lead.id),
    enabled: opened && source === 'template' && templateId !== null,
    retry: false,
  });
  const send = useMutation({
    mutationFn: () =>
      communicate(lead.id, {
        channel,
        ...(source === 'template' && templateId
          ? { templateId }
          : { subject: channel === 'email' ? subject : undefined, body }),
        ...(channel === 'email' && attachmentIds.length ? { attachmentIds } : {}),
      }),
    onSuccess: () => {
      notifySuccess(channel === 'email' ? t('comm.emailQueued') : t('comm.smsQueued'));
      changed();
      setTemplateId(null);
      setSubject('');
      setBody('');
      setAttachmentIds([]);
      onClose();
    },
  });

  const to = channel === 'email' ? lead.emails : lead.phones.slice(0, 1);
  const blockedBy =
    channel === 'email' && lead.doNotEmail
      ? 'doNotEmail'
      : channel === 'sms' && lead.doNotCall
        ? 'doNotCall'
        : null;
  const options = (templates.data?.items ?? [])
    .filter((tpl) => tpl.channel === channel)
    .map((tpl) => ({ value: tpl.id, label: tpl.name }));
  const smsText = source === 'template' ? (preview.data?.text ?? '') : body;
  const segments = channel === 'sms' && smsText ? smsSegments(smsText) : null;
  const ready =
    !blockedBy && to.length > 0 && (source === 'template' ? templateId !== null : body.trim().length > 0);

  return (
    <Modal opened={opened} onClose={onClose} title={t('comm.title')} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) send.mutate();
        }}
      >
        <Stack gap="sm">
          <SegmentedControl
            aria-label={t('comm.channel')}
            value={channel}
            onChange={(v) => {
              setChannel(v as Channel);
              setTemplateId(null);
            }}
            data={[
              { value: 'email', label: t('comm.email') },
              { value: 'sms', label: t('comm.sms') },
            ]}
          />
          <Text size="sm">
            <b>{t('comm.to')}</b>{' '}
            {to.length ? to.join(', ') : channel === 'email' ? t('comm.noEmail') : t('comm.noPhone')}
          </Text>
          {blockedBy && (
            <Alert color="red" icon={<IconAlertTriangle size={16} />} role="alert">
              {blockedBy === 'doNotEmail' ? t('comm.blockedDoNotEmail') : t('comm.blockedDoNotCall')}
            </Alert>
          )}
          <SegmentedControl
            aria-label={t('comm.source')}
            value={source}
            onChange={(v) => setSource(v as Source)}
            data={[
              { value: 'template', label: t('comm.fromTemplate') },
              { value: 'text', label: t('comm.freeText') },
            ]}
          />
          {source === 'template' ? (
            <>
              <Select
                label={t('comm.template')}
                placeholder={options.length ? t('comm.chooseTemplate') : t('comm.noTemplates')}
                data={options}
                value={templateId}
                onChange={setTemplateId}
                searchable
              />
              {templateId && (
                <Paper withBorder p="sm" bg="gray.0" aria-label={t('comm.preview')}>
                  <Text size="xs" c="dimmed" fw={500} mb={4}>
                    {t('comm.preview')}
                  </Text>
                  {preview.isLoading ? (
                    <Text size="sm">{t('comm.rendering')}</Text>
                  ) : preview.isError ? (
                    <Text size="sm" c="red">
                      {errorMessage(preview.error)}
                    </Text>
                  ) : preview.data ? (
                    <>
                      {preview.data.subject && (
                        <Text size="sm" fw={600} data-testid="preview-subject">
                          {preview.data.subject}
                        </Text>
                      )}
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                        {preview.data.text}
                      </Text>
                    </>
                  ) : null}
                </Paper>
              )}
            </>
          ) : (
            <>
              {channel === 'email' && (
                <TextInput
                  label={t('comm.subject')}
                  value={subject}
                  onChange={(e) => setSubject(e.currentTarget.value)}
                />
              )}
              <Textarea
                label={t('comm.body')}
                description={t('comm.bodyHint')}
                autosize
                minRows={4}
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
              />
            </>
          )}
          {segments && (
            <Text size="xs" c="dimmed" data-testid="sms-segments">
              {t('comm.segments', {
                count: segments.segments,
                units: segments.units,
                encoding: segments.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2',
              })}
            </Text>
          )}
          {channel === 'email' && (files.data?.items.length ?? 0) > 0 && (
            <Checkbox.Group label={t('comm.attachments')} value={attachmentIds} onChange={setAttachmentIds}>
              <Stack gap={4} mt={4}>
                {files.data!.items.map((f) => (
                  <Checkbox key={f.id} value={f.id} label={f.name} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          {send.isError && (
            <Alert color="red" role="alert">
              {errorMessage(send.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" disabled={!ready} loading={send.isPending}>
              {t('comm.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
