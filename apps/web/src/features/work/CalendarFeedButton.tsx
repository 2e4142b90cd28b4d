import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconCalendarShare } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { formatDateTime } from '../../i18n/format';
import { notifyError } from '../../components/notify';

interface FeedStatus {
  active: boolean;
  createdAt: string | null;
  path?: string;
}
const feedKey = ['calendar-feed'] as const;

/** The user's iCalendar feed: make a secret URL (shown once), make a new one, or revoke it. */
export function CalendarFeedButton() {
  const { t } = useTranslation('work');
  const [opened, setOpened] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: feedKey,
    queryFn: () => api<FeedStatus>('GET', '/me/calendar-feed'),
    enabled: opened,
  });
  const renew = useMutation({
    mutationFn: () => api<FeedStatus>('POST', '/me/calendar-feed'),
    onSuccess: (s) => {
      setUrl(`${window.location.origin}${s.path ?? ''}`);
      void qc.invalidateQueries({ queryKey: feedKey });
    },
    onError: (e) => notifyError(e),
  });
  const revoke = useMutation({
    mutationFn: () => api<void>('DELETE', '/me/calendar-feed'),
    onSuccess: () => {
      setUrl(null);
      void qc.invalidateQueries({ queryKey: feedKey });
    },
    onError: (e) => notifyError(e),
  });
  return (
    <>
      <Button variant="default" leftSection={<IconCalendarShare size={14} />} onClick={() => setOpened(true)}>
        {t('feed.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('feed.title')} size="lg">
        <Stack gap="sm">
          <Text size="sm">{t('feed.intro')}</Text>
          {url ? (
            <>
              <Alert color="yellow">{t('feed.once')}</Alert>
              <Code block style={{ wordBreak: 'break-all' }} data-testid="feed-url">
                {url}
              </Code>
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? t('feed.copied') : t('feed.copy')}
                  </Button>
                )}
              </CopyButton>
            </>
          ) : status.data?.active ? (
            <Text size="sm" c="dimmed">
              {t('feed.activeSince', { when: formatDateTime(status.data.createdAt) })}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('feed.off')}
            </Text>
          )}
          <Group justify="flex-end">
            {status.data?.active && (
              <Button color="red" variant="light" onClick={() => revoke.mutate()} loading={revoke.isPending}>
                {t('feed.revoke')}
              </Button>
            )}
            <Button onClick={() => renew.mutate()} loading={renew.isPending}>
              {status.data?.active ? t('feed.renew') : t('feed.create')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
