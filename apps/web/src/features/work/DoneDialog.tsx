import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@leadline/contract';
import { isStale } from '../../lib/api';
import { notifyError, notifySuccess } from '../../components/notify';
import { openStaleDialog } from '../../components/StaleDialog';
import { changeActivity, useWorkChanged } from './api';

/** Marks an activity done with what came of it. */
export function DoneDialog({ activity, onClose }: { activity: Activity | null; onClose: () => void }) {
  const { t } = useTranslation('work');
  const [outcome, setOutcome] = useState('');
  const changed = useWorkChanged();
  const done = useMutation({
    mutationFn: (a: Activity) => changeActivity(a, { done: true, outcome: outcome.trim() || null }),
    onSuccess: () => {
      notifySuccess(t('activity.markedDone'));
      changed();
      setOutcome('');
      onClose();
    },
    onError: (e) => (isStale(e) ? openStaleDialog(changed) : notifyError(e)),
  });
  return (
    <Modal opened={activity !== null} onClose={onClose} title={t('activity.markDoneTitle')}>
      {activity && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            done.mutate(activity);
          }}
        >
          <Stack gap="sm">
            <Text size="sm" fw={500}>
              {activity.subject}
            </Text>
            <Textarea
              label={t('activity.outcome')}
              placeholder={t('activity.outcomePlaceholder')}
              autosize
              minRows={2}
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common:cancel')}
              </Button>
              <Button type="submit" loading={done.isPending}>
                {t('activity.markDone')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
