import { ActionIcon, Anchor, Button, FileButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconPaperclip, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lead } from '@leadline/contract';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { ApiError } from '../../lib/api';
import { attachmentUrl, deleteAttachment, uploadAttachment, useAttachments, useWorkChanged } from './api';

/** 1.2 MB, 340 KB, 12 B in the reader's number format. */
export function useFileSize() {
  const { t } = useTranslation('work');
  return (bytes: number) =>
    bytes >= 1024 * 1024
      ? t('file.mb', { size: formatNumber(bytes / (1024 * 1024), 1) })
      : bytes >= 1024
        ? t('file.kb', { size: formatNumber(bytes / 1024, 0) })
        : t('file.bytes', { size: formatNumber(bytes) });
}

/** Files kept on the lead: upload, download, delete. */
export function AttachmentsPanel({ lead }: { lead: Lead }) {
  const { t } = useTranslation('work');
  const list = useAttachments(lead.id);
  const changed = useWorkChanged();
  const size = useFileSize();
  const upload = useMutation({
    // The failure is told below, naming the file.
    meta: { quiet: true },
    mutationFn: async (files: File[]) => {
      for (const f of files) {
        try {
          await uploadAttachment(lead.id, f);
        } catch (e) {
          // 413: the file is over the attachment limit the server names (the setting attachmentMaxBytes).
          if (e instanceof ApiError && e.status === 413) {
            const limit = Number(/\d+/.exec(e.fieldErrors[0]?.message ?? e.message)?.[0]);
            throw new Error(
              Number.isFinite(limit)
                ? t('file.tooLarge', { name: f.name, size: size(f.size), limit: size(limit) })
                : t('file.tooLargeNoLimit', { name: f.name }),
            );
          }
          throw e;
        }
      }
      return files.length;
    },
    onSuccess: (n) => {
      notifySuccess(t('file.uploaded', { count: n }));
      changed();
    },
    onError: (e) => {
      notifyError(e, t('file.uploadFailed'));
      changed();
    },
  });
  const remove = useMutation({
    mutationFn: deleteAttachment,
    onSuccess: () => {
      notifySuccess(t('file.deleted'));
      changed();
    },
    meta: { quiet: true },
    onError: (e) => notifyError(e),
  });
  const items = list.data?.items ?? [];
  return (
    <Paper component="section" withBorder p="sm" aria-labelledby="files-title">
      <Group justify="space-between" mb="xs">
        <Title order={4} id="files-title">
          {t('file.title')}
        </Title>
        {lead.active && (
          <FileButton multiple onChange={(files) => files.length && upload.mutate(files)}>
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="light"
                leftSection={<IconUpload size={14} />}
                loading={upload.isPending}
              >
                {t('file.upload')}
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {list.isLoading ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('file.none')}
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((a) => (
            <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="attachment-row">
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <IconPaperclip size={14} style={{ flex: 'none' }} />
                <div style={{ minWidth: 0 }}>
                  <Anchor
                    href={attachmentUrl(a.id)}
                    download={a.name}
                    size="sm"
                    style={{ wordBreak: 'break-all' }}
                  >
                    {a.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {size(a.size)} · {formatDateTime(a.createdAt)}
                  </Text>
                </div>
              </Group>
              <Group gap={2} wrap="nowrap">
                <ActionIcon
                  component="a"
                  href={attachmentUrl(a.id)}
                  download={a.name}
                  variant="subtle"
                  color="gray"
                  aria-label={t('file.downloadNamed', { name: a.name })}
                >
                  <IconDownload size={14} />
                </ActionIcon>
                {lead.active && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t('file.deleteNamed', { name: a.name })}
                    onClick={() => remove.mutate(a.id)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
