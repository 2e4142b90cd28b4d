import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  ColorInput,
  Group,
  Modal,
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
import { applyFieldErrors } from '../../lib/forms';
import { phaseLabels, statusesKey, useStatuses } from '../../lib/refs';
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
    onSuccess: () => notifySuccess('Order saved'),
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
          Leads move through these statuses in this order. Each belongs to a phase; won, lost and dropped
          statuses are reached only through their actions.
        </Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          New status
        </Button>
      </Group>
      {statuses.isLoading ? (
        <LoadingState />
      ) : statuses.isError ? (
        <ErrorState error={statuses.error} onRetry={() => void statuses.refetch()} />
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={order.map((s) => s.id)} strategy={verticalListSortingStrategy}>
            <Stack gap={4} role="list" aria-label="Statuses" maw={720}>
              {order.map((s) => (
                <StatusRow key={s.id} status={s} onEdit={() => setEditing(s)} />
              ))}
            </Stack>
          </SortableContext>
        </DndContext>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New status' : `Edit ${editing?.name ?? ''}`}
      >
        {editing !== null && (
          <StatusForm
            key={editing === 'new' ? 'new' : editing.id}
            status={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function StatusRow({ status, onEdit }: { status: LeadStatus; onEdit: () => void }) {
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
        <Tooltip label="Drag to reorder (or focus and press Space, then arrows)">
          <ActionIcon
            {...attributes}
            {...listeners}
            aria-label={`Reorder ${status.name}`}
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
        {!status.active && <Badge color="gray">Retired</Badge>}
        <Button variant="subtle" onClick={onEdit} aria-label={`Edit ${status.name}`}>
          Edit
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
  const qc = useQueryClient();
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<StatusValues>({
    initialValues: {
      name: status?.name ?? '',
      color: status?.color ?? '#4263eb',
      phase: status?.phase ?? 'in_progress',
      active: status?.active ?? true,
    },
  });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: StatusValues) => saveRecord<LeadStatus>('/lead-statuses', status, v),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: statusesKey });
      notifySuccess(status ? `${s.name} saved` : `${s.name} added`);
      onDone();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteRecord('/lead-statuses', status!.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: statusesKey });
      notifySuccess(`${status!.name} deleted`);
      onDone();
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <ColorInput
          label="Colour"
          format="hex"
          swatches={['#228be6', '#4263eb', '#7048e8', '#0ca678', '#f08c00', '#e03131', '#868e96']}
          {...form.getInputProps('color')}
        />
        <Select
          label="Phase"
          data={phases.map((p) => ({ value: p, label: phaseLabels[p] }))}
          allowDeselect={false}
          {...form.getInputProps('phase')}
        />
        <Switch
          label="Active"
          description="A retired status stays on its leads but cannot be chosen."
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Group justify="space-between" mt="xs">
          {status && !status.inUse ? (
            <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {status ? 'Save' : 'Add status'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
