import {
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Popover,
  Select,
  SimpleGrid,
  TextInput,
} from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { phases } from '@leadline/contract';
import { toOptions, useUnits, useUsers } from '../../lib/queries';
import { phaseLabels, refOptions, useRefList, useStatuses } from '../../lib/refs';
import type { FilterKey, Filters } from './api';

export function LeadFilters({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const statuses = useStatuses();
  const users = useUsers();
  const units = useUnits();
  const sources = useRefList('/lead-sources');
  const count = Object.values(value).filter((v) => (Array.isArray(v) ? v.length > 0 : !!v)).length;
  const set = (k: FilterKey, v: string | string[] | null | undefined) => {
    const next = { ...value };
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[k];
    else next[k] = v;
    onChange(next);
  };
  const str = (k: FilterKey) => (typeof value[k] === 'string' ? (value[k] as string) : null);
  const arr = (k: FilterKey) => {
    const v = value[k];
    return Array.isArray(v) ? v : v ? [v] : [];
  };

  return (
    <Popover position="bottom-start" shadow="md" width={520} trapFocus>
      <Popover.Target>
        <Button
          variant={count ? 'light' : 'default'}
          leftSection={<IconFilter size={14} />}
          rightSection={
            count ? (
              <Badge size="xs" variant="filled" circle>
                {count}
              </Badge>
            ) : undefined
          }
        >
          Filters
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
          <Select
            label="Status"
            clearable
            searchable
            data={(statuses.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={str('statusId')}
            onChange={(v) => set('statusId', v)}
            comboboxProps={{ withinPortal: false }}
          />
          <MultiSelect
            label="Phase"
            clearable
            data={phases.map((p) => ({ value: p, label: phaseLabels[p] }))}
            value={arr('phase')}
            onChange={(v) => set('phase', v)}
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label="Owner"
            clearable
            searchable
            data={toOptions(users.data?.items)}
            value={str('ownerId')}
            onChange={(v) => set('ownerId', v)}
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label="Unit"
            clearable
            searchable
            data={toOptions(units.data?.items)}
            value={str('unitId')}
            onChange={(v) => set('unitId', v)}
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label="Lead source"
            clearable
            searchable
            data={refOptions(sources.data)}
            value={str('sourceId')}
            onChange={(v) => set('sourceId', v)}
            comboboxProps={{ withinPortal: false }}
          />
          <TextInput
            label="Tag"
            value={str('tag') ?? ''}
            onChange={(e) => set('tag', e.currentTarget.value)}
          />
          <TextInput
            label="Created from"
            type="date"
            value={str('createdFrom') ?? ''}
            onChange={(e) => set('createdFrom', e.currentTarget.value)}
          />
          <TextInput
            label="Created to"
            type="date"
            value={str('createdTo') ?? ''}
            onChange={(e) => set('createdTo', e.currentTarget.value)}
          />
          <TextInput
            label="Expected completion before"
            type="date"
            value={str('expectedCompletionBefore') ?? ''}
            onChange={(e) => set('expectedCompletionBefore', e.currentTarget.value)}
          />
          <NumberInput
            label="Computed score at least"
            min={0}
            max={100}
            value={str('scoreMin') ?? ''}
            onChange={(v) => set('scoreMin', v === '' ? null : String(v))}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="sm">
          <Button variant="subtle" onClick={() => onChange({})} disabled={count === 0}>
            Clear filters
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
