import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@leadline/contract';
import { fromNow } from '../../i18n/format';
import { notifyError } from '../../components/notify';
import { markNotificationsRead, useNotifications, workKeys } from './api';

/** The bell in the header: the unread count (polled), the latest notifications, mark read. */
export function NotificationBell() {
  const { t } = useTranslation('work');
  const [opened, setOpened] = useState(false);
  const list = useNotifications();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const read = useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => void qc.invalidateQueries({ queryKey: workKeys.notifications }),
    onError: (e) => notifyError(e),
  });
  const kindLabels: Record<Notification['kind'], string> = {
    assigned: t('bell.kind.assigned'),
    queue: t('bell.kind.queue'),
    reminder: t('bell.kind.reminder'),
    mention: t('bell.kind.mention'),
  };
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const unreadIds = items.filter((n) => !n.readAt).map((n) => n.id);
  const openOne = (n: Notification) => {
    if (!n.readAt) read.mutate([n.id]);
    setOpened(false);
    if (n.leadId) navigate(`/leads/${n.leadId}`);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md">
      {/* The target is the button itself: aria-expanded belongs on a button, not on the badge around it. */}
      <Indicator
        label={unread > 99 ? '99+' : unread}
        size={16}
        color="red"
        disabled={unread === 0}
        offset={4}
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray.0"
            size="lg"
            aria-label={t('bell.label', { count: unread })}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={18} />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p={0}>
        <Group
          justify="space-between"
          px="sm"
          py={6}
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Text fw={600} size="sm">
            {t('bell.title')}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={unreadIds.length === 0}
            onClick={() => read.mutate(unreadIds)}
          >
            {t('bell.markAllRead')}
          </Button>
        </Group>
        <ScrollArea.Autosize mah={380}>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {t('bell.empty')}
            </Text>
          ) : (
            <Stack gap={0}>
              {items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => openOne(n)}
                  px="sm"
                  py={8}
                  bg={n.readAt ? undefined : 'blue.0'}
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                  data-testid="notification"
                >
                  <Text size="xs" c="dimmed">
                    {kindLabels[n.kind]} · {fromNow(n.createdAt)}
                  </Text>
                  <Text size="sm" fw={n.readAt ? 400 : 600} style={{ wordBreak: 'break-word' }}>
                    {n.text}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
