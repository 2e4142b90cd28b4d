import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  ColorInput,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconGripVertical, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { phases, type LeadStatus, type Phase } from '@leadline/contract';
import { deleteRecord, reorderStatuses, saveRecord } from './api';
import { CrudForm, RecordDialog, useCrudSave } from './crud';
import { statusesKey, useStatuses } from '../../lib/refs';
import { useTranslation } from 'react-i18next';
import { usePhaseLabels } from '../../i18n/labels';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';

const phaseColors: Record<Phase, string> = {
  new: 'blue',
  in_progress: 'indigo',
  won: 'teal',
  lost: 'red',
  dropped: 'gray',
};

/** The pipeline's statuses: drag to reorder (or Space and arrows), edit name, colour, phase, retire. */
export function StatusesPage() {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const statuses = useStatuses();
  const [order, setOrder] = useState<LeadStatus[]>([]);
  const [editing, setEditing] = useState<LeadStatus | 'new' | null>(null);
  useEffect(() => {
    if (statuses.data) setOrder(statuses.data);
  }, [statuses.data]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const reorder = useMutation({
    mutationFn: reorderStatuses,
    onSuccess: () => notifySuccess(t('statuses.orderSaved')),
    onSettled: () => void qc.invalidateQueries({ queryKey: statusesKey }),
  });
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = order.findIndex((s) => s.id === e.active.id);
    const to = order.findIndex((s) => s.id === e.over!.id);
    const next = arrayMove(order, from, to);
    setOrder(next);
    reorder.mutate(next.map((s) => s.id));
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('statuses.intro')}
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('statuses.new')}
        </Button>
      </Group>
      {statuses.isLoading ? (
        <LoadingState />
      ) : statuses.isError ? (
        <ErrorState error={statuses.error} onRetry={() => void statuses.refetch()} />
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={order.map((s) => s.id)} strategy={verticalListSortingStrategy}>
            <Stack gap={4} role="list" aria-label={t('section.statuses')} maw={720}>
              {order.map((s) => (
                <StatusRow key={s.id} status={s} onEdit={() => setEditing(s)} />
              ))}
            </Stack>
          </SortableContext>
        </DndContext>
      )}
      <RecordDialog
        value={editing}
        onClose={() => setEditing(null)}
        title={(v) => (v === 'new' ? t('statuses.new') : t('statuses.edit', { name: v.name }))}
      >
        {(v) => <StatusForm status={v === 'new' ? null : v} onDone={() => setEditing(null)} />}
      </RecordDialog>
    </Stack>
  );
}

function StatusRow({ status, onEdit }: { status: LeadStatus; onEdit: () => void }) {
  const { t } = useTranslation('settings');
  const phaseLabels = usePhaseLabels();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: status.id,
  });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      px="xs"
      py={6}
      role="listitem"
      aria-label={status.name}
      shadow={isDragging ? 'md' : undefined}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: status.active ? 1 : 0.55,
        zIndex: isDragging ? 2 : undefined,
        position: 'relative',
      }}
    >
      <Group gap="sm" wrap="nowrap">
        <Tooltip label={t('statuses.dragHint')}>
          <ActionIcon
            {...attributes}
            {...listeners}
            aria-label={t('statuses.reorder', { name: status.name })}
            style={{ cursor: 'grab' }}
          >
            <IconGripVertical size={16} />
          </ActionIcon>
        </Tooltip>
        <span style={{ width: 14, height: 14, borderRadius: 4, background: status.color, flex: 'none' }} />
        <Text fw={500} size="sm" style={{ flex: 1 }}>
          {status.name}
        </Text>
        <Badge color={phaseColors[status.phase]}>{phaseLabels[status.phase]}</Badge>
        {!status.active && <Badge color="gray">{t('statuses.retired')}</Badge>}
        <Button variant="subtle" onClick={onEdit} aria-label={t('statuses.edit', { name: status.name })}>
          {t('common:edit')}
        </Button>
      </Group>
    </Paper>
  );
}

interface StatusValues {
  name: string;
  color: string;
  phase: Phase;
  active: boolean;
}

function StatusForm({ status, onDone }: { status: LeadStatus | null; onDone: () => void }) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const phaseLabels = usePhaseLabels();
  const form = useForm<StatusValues>({
    initialValues: {
      name: status?.name ?? '',
      color: status?.color ?? '#4263eb',
      phase: status?.phase ?? 'in_progress',
      active: status?.active ?? true,
    },
  });
  const save = useCrudSave(form, {
    queryKey: statusesKey,
    save: (v: StatusValues) => saveRecord<LeadStatus>('/lead-statuses', status, v),
    saved: (s) => (status ? t('common:saved', { name: s.name }) : t('statuses.added', { name: s.name })),
    onSaved: onDone,
    inline: true,
  });
  const remove = useMutation({
    mutationFn: () => deleteRecord('/lead-statuses', status!.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: statusesKey });
      notifySuccess(t('statuses.deleted', { name: status!.name }));
      onDone();
    },
  });
  return (
    <CrudForm
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      onCancel={onDone}
      saving={save.isPending}
      error={save.formError}
      submitLabel={status ? t('common:save') : t('statuses.add')}
      // A status some lead has been in is retired, not deleted.
      onDelete={status && !status.inUse ? () => remove.mutate() : undefined}
      deleting={remove.isPending}
    >
      <TextInput label={t('statuses.name')} required data-autofocus {...form.getInputProps('name')} />
      <ColorInput
        label={t('statuses.colour')}
        format="hex"
        swatches={['#228be6', '#4263eb', '#7048e8', '#0ca678', '#f08c00', '#e03131', '#868e96']}
        {...form.getInputProps('color')}
      />
      <Select
        label={t('statuses.phase')}
        data={phases.map((p) => ({ value: p, label: phaseLabels[p] }))}
        allowDeselect={false}
        {...form.getInputProps('phase')}
      />
      <Switch
        label={t('statuses.active')}
        description={t('statuses.activeHint')}
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </CrudForm>
  );
}
