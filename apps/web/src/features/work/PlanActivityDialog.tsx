import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { crmRoles, plannedActivityTypes, type Lead, type PlannedActivityType } from '@leadline/contract';
import { useSession } from '../../app/auth';
import { applyFieldErrors } from '../../lib/forms';
import { useUsers } from '../../lib/queries';
import { notifyError, notifySuccess } from '../../components/notify';
import { planActivity, useWorkChanged } from './api';
import { fromLocalInput, toLocalInput, useActivityTypeLabels } from './activityLabels';

interface Values {
  type: PlannedActivityType;
  subject: string;
  dueAt: string;
  durationMinutes: number | string;
  assigneeId: string | null;
  notes: string;
}

/** Plans a call, meeting, task... on the lead, for its owner or another CRM user. */
export function PlanActivityDialog({
  lead,
  opened,
  onClose,
}: {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('work');
  const { user } = useSession();
  const users = useUsers();
  const typeLabels = useActivityTypeLabels();
  const changed = useWorkChanged();
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  tomorrow.setMinutes(0, 0, 0);
  const form = useForm<Values>({
    initialValues: {
      type: 'call',
      subject: '',
      dueAt: toLocalInput(tomorrow),
      durationMinutes: 30,
      assigneeId: user?.id ?? null,
      notes: '',
    },
    validate: {
      subject: (v) => (v.trim() ? null : t('activity.subjectRequired')),
      dueAt: (v) => (v && !fromLocalInput(v) ? t('activity.badDate') : null),
    },
  });
  const assignees = (users.data?.items ?? [])
    .filter((u) => u.active && u.roles.some((r) => (crmRoles as readonly string[]).includes(r)))
    .map((u) => ({ value: u.id, label: u.name }));
  const plan = useMutation({
    mutationFn: (v: Values) =>
      planActivity(lead.id, {
        type: v.type,
        subject: v.subject.trim(),
        dueAt: fromLocalInput(v.dueAt),
        durationMinutes: v.durationMinutes === '' ? null : Number(v.durationMinutes),
        assigneeId: v.assigneeId,
        notes: v.notes.trim() || null,
      }),
    onSuccess: () => {
      notifySuccess(t('activity.planned'));
      changed();
      form.reset();
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) notifyError(e);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('activity.planTitle')} size="lg">
      <form onSubmit={form.onSubmit((v) => plan.mutate(v))}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <Select
              label={t('activity.typeLabel')}
              data={plannedActivityTypes.map((k) => ({ value: k, label: typeLabels[k] }))}
              allowDeselect={false}
              {...form.getInputProps('type')}
            />
            <Select
              label={t('activity.assignee')}
              data={assignees}
              searchable
              {...form.getInputProps('assigneeId')}
            />
          </SimpleGrid>
          <TextInput
            label={t('activity.subject')}
            required
            data-autofocus
            {...form.getInputProps('subject')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput type="datetime-local" label={t('activity.due')} {...form.getInputProps('dueAt')} />
            <NumberInput
              label={t('activity.duration')}
              min={0}
              max={100000}
              {...form.getInputProps('durationMinutes')}
            />
          </SimpleGrid>
          <Textarea label={t('activity.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={plan.isPending}>
              {t('activity.plan')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
