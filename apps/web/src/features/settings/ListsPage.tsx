import { useState } from 'react';
import {
  Badge,
  Button,
  ColorInput,
  Grid,
  Group,
  Modal,
  MultiSelect,
  NavLink,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { levels } from '@leadline/contract';
import { saveRecord, settingsKeys } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { refOptions, useRefList, type RefItem } from '../../lib/refs';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { AgreementsEditor } from './AgreementsEditor';

type Extra = 'code' | 'color' | 'createsOpportunity' | 'leadType' | 'productIds' | 'salesDirectionIds';

interface Kind {
  path: string;
  label: string;
  extras: Extra[];
}

/** The configurable lists an administrator keeps; each is a plain REST collection. */
const kinds: Kind[] = [
  { path: '/lead-sources', label: 'Lead sources', extras: ['code'] },
  { path: '/lead-types', label: 'Lead types', extras: ['leadType'] },
  { path: '/disqualification-codes', label: 'Disqualification codes', extras: ['createsOpportunity'] },
  { path: '/lost-reasons', label: 'Lost reasons', extras: ['code'] },
  { path: '/industries', label: 'Industries', extras: ['code'] },
  { path: '/functions', label: 'Functions (job titles)', extras: ['code'] },
  { path: '/departments', label: 'Departments', extras: ['code'] },
  { path: '/categories', label: 'Categories', extras: ['code'] },
  { path: '/tags', label: 'Tags', extras: ['color'] },
  { path: '/agencies', label: 'Agencies', extras: ['code'] },
  { path: '/group-companies', label: 'Companies of the group', extras: ['code'] },
  { path: '/marketing-campaigns', label: 'Marketing campaigns', extras: [] },
  { path: '/sales-directions', label: 'Sales directions', extras: ['productIds'] },
  { path: '/products', label: 'Products and services', extras: ['code'] },
  {
    path: '/partnership-programs',
    label: 'Partnership programs',
    extras: ['salesDirectionIds', 'productIds'],
  },
];

export function ListsPage() {
  const [kind, setKind] = useState(kinds[0]);
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Paper withBorder p={4} component="nav" aria-label="Lists of values">
          {kinds.map((k) => (
            <NavLink
              key={k.path}
              label={k.label}
              active={k.path === kind.path}
              onClick={() => setKind(k)}
              style={{ borderRadius: 6 }}
            />
          ))}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        {kind.path === '/partnership-agreements' ? (
          <AgreementsEditor />
        ) : (
          <ListEditor key={kind.path} kind={kind} />
        )}
      </Grid.Col>
    </Grid>
  );
}

function ListEditor({ kind }: { kind: Kind }) {
  const items = useRefList(kind.path);
  const [editing, setEditing] = useState<RefItem | 'new' | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>{kind.label}</Text>
        <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          Add value
        </Button>
      </Group>
      <Paper withBorder>
        {items.isLoading ? (
          <LoadingState />
        ) : items.isError ? (
          <ErrorState error={items.error} onRetry={() => void items.refetch()} />
        ) : items.data!.length === 0 ? (
          <EmptyState title="No values yet" />
        ) : (
          <Table aria-label={kind.label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                {kind.extras.includes('code') && <Table.Th>Code</Table.Th>}
                {kind.extras.includes('createsOpportunity') && (
                  <Table.Th>Continues demand generation</Table.Th>
                )}
                <Table.Th>Active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data!.map((i) => (
                <Table.Tr
                  key={i.id}
                  className="ll-clickable"
                  tabIndex={0}
                  onClick={() => setEditing(i)}
                  onKeyDown={(e) => e.key === 'Enter' && setEditing(i)}
                >
                  <Table.Td fw={500}>
                    <Group gap={6}>
                      {typeof i.color === 'string' && (
                        <span style={{ width: 10, height: 10, borderRadius: 3, background: i.color }} />
                      )}
                      {i.name}
                    </Group>
                  </Table.Td>
                  {kind.extras.includes('code') && <Table.Td c="dimmed">{String(i.code ?? '')}</Table.Td>}
                  {kind.extras.includes('createsOpportunity') && (
                    <Table.Td>{i.createsOpportunity ? 'Yes' : 'No'}</Table.Td>
                  )}
                  <Table.Td>
                    {i.active === false ? (
                      <Badge color="gray">Inactive</Badge>
                    ) : (
                      <Badge color="teal">Active</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? `New value: ${kind.label}` : `Edit ${editing?.name ?? ''}`}
      >
        {editing !== null && (
          <ValueForm kind={kind} item={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

interface Values {
  name: string;
  code: string;
  color: string;
  active: boolean;
  createsOpportunity: boolean;
  priority: string | null;
  importance: string | null;
  estimatedCompletionDays: number | string;
  productIds: string[];
  salesDirectionIds: string[];
}

function ValueForm({ kind, item, onDone }: { kind: Kind; item: RefItem | null; onDone: () => void }) {
  const qc = useQueryClient();
  const [general, setGeneral] = useState<unknown>(null);
  const products = useRefList('/products');
  const directions = useRefList('/sales-directions');
  const has = (e: Extra) => kind.extras.includes(e);
  const form = useForm<Values>({
    initialValues: {
      name: item?.name ?? '',
      code: typeof item?.code === 'string' ? item.code : '',
      color: typeof item?.color === 'string' ? item.color : '#868e96',
      active: item?.active ?? true,
      createsOpportunity: item?.createsOpportunity === true,
      priority: typeof item?.priority === 'string' ? item.priority : null,
      importance: typeof item?.importance === 'string' ? item.importance : null,
      estimatedCompletionDays:
        typeof item?.estimatedCompletionDays === 'number' ? item.estimatedCompletionDays : '',
      productIds: Array.isArray(item?.productIds) ? (item.productIds as string[]) : [],
      salesDirectionIds: Array.isArray(item?.salesDirectionIds) ? (item.salesDirectionIds as string[]) : [],
    },
  });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) => {
      const body: Record<string, unknown> = { name: v.name, active: v.active };
      if (has('code')) body.code = v.code.trim() || null;
      if (has('color')) body.color = v.color;
      if (has('createsOpportunity')) body.createsOpportunity = v.createsOpportunity;
      if (has('leadType')) {
        if (v.priority) body.priority = v.priority;
        if (v.importance) body.importance = v.importance;
        body.estimatedCompletionDays =
          v.estimatedCompletionDays === '' ? null : Number(v.estimatedCompletionDays);
      }
      if (has('productIds')) body.productIds = v.productIds;
      if (has('salesDirectionIds')) body.salesDirectionIds = v.salesDirectionIds;
      return saveRecord<RefItem>(kind.path, item, body);
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: settingsKeys.refList(kind.path) });
      notifySuccess(`${r.name} saved`);
      onDone();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  const levelOptions = levels.map((l) => ({ value: l, label: l }));
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        {has('code') && <TextInput label="Code" {...form.getInputProps('code')} />}
        {has('color') && <ColorInput label="Colour" format="hex" {...form.getInputProps('color')} />}
        {has('createsOpportunity') && (
          <Switch
            label="Continues demand generation"
            description="Disqualifying with this code also creates an opportunity."
            {...form.getInputProps('createsOpportunity', { type: 'checkbox' })}
          />
        )}
        {has('leadType') && (
          <Group grow>
            <Select label="Priority" clearable data={levelOptions} {...form.getInputProps('priority')} />
            <Select label="Importance" clearable data={levelOptions} {...form.getInputProps('importance')} />
            <NumberInput
              label="Estimated completion time"
              description="Days"
              min={0}
              {...form.getInputProps('estimatedCompletionDays')}
            />
          </Group>
        )}
        {has('salesDirectionIds') && (
          <MultiSelect
            label="Sales directions"
            searchable
            data={refOptions(directions.data)}
            {...form.getInputProps('salesDirectionIds')}
          />
        )}
        {has('productIds') && (
          <MultiSelect
            label="Products"
            searchable
            data={refOptions(products.data)}
            {...form.getInputProps('productIds')}
          />
        )}
        <Switch label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
