import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Group,
  Menu,
  Paper,
  Popover,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconChevronDown, IconTag, IconUserCheck, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { rolesMayRun, type Lead, type LeadAction } from '@leadline/contract';
import { toOptions, useUsers } from '../../lib/queries';
import { refOptions, useRefList, useStatuses } from '../../lib/refs';
import { notifyError, notifySuccess } from '../../components/notify';
import { addTag, deleteLeads, leadKeys, runBulk, type BulkOutcome } from './api';
import { useSession } from '../../app/auth';
import { modals } from '@mantine/modals';

interface Props {
  selected: Lead[];
  onClear: () => void;
}

function report(what: string, r: BulkOutcome) {
  if (r.failed.length === 0) notifySuccess(`${what}: ${r.done} ${r.done === 1 ? 'lead' : 'leads'}`);
  else
    notifyError(
      new Error(`${r.done} done, ${r.failed.length} not: ${r.failed[0].message}`),
      `${what}: some leads were not changed`,
    );
}

/** Actions on the selected leads. */
export function BulkBar({ selected, onClear }: Props) {
  const qc = useQueryClient();
  const users = useUsers();
  const statuses = useStatuses();
  const lists = useRefList('/marketing-lists', { active: 'true' });
  const [owner, setOwner] = useState<string | null>(null);
  const [list, setList] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const ids = selected.map((l) => l.id);
  const { user } = useSession();
  const isAdmin = user?.roles.includes('crm_admin') ?? false;
  // Offered only when the action table lets one of the user's roles run it on some lead.
  const may = (action: LeadAction) => (user ? rolesMayRun(user.roles, action) : false);

  const bulk = useMutation({
    mutationFn: async (v: { label: string; run: () => Promise<BulkOutcome> }) => ({
      label: v.label,
      r: await v.run(),
    }),
    onSuccess: ({ label, r }) => {
      report(label, r);
      void qc.invalidateQueries({ queryKey: leadKeys.all });
    },
  });
  const go = (label: string, action: LeadAction, params: object = {}, only = ids) =>
    bulk.mutate({ label, run: () => runBulk(only, action, params) });

  const assignTo = (ownerId: string) => {
    // Assign works from the new phase, Reassign from in progress: each lead gets the one that applies.
    const fresh = selected.filter((l) => l.phase === 'new').map((l) => l.id);
    const working = selected.filter((l) => l.phase !== 'new').map((l) => l.id);
    bulk.mutate({
      label: 'Assigned',
      run: async () => {
        const a = fresh.length ? await runBulk(fresh, 'assign', { ownerId }) : { done: 0, failed: [] };
        const b = working.length ? await runBulk(working, 'reassign', { ownerId }) : { done: 0, failed: [] };
        return { done: a.done + b.done, failed: [...a.failed, ...b.failed] };
      },
    });
  };

  return (
    <Paper
      withBorder
      shadow="sm"
      px="sm"
      py={6}
      bg="indigo.0"
      role="toolbar"
      aria-label="Bulk actions"
      style={{ borderColor: 'var(--mantine-color-indigo-2)' }}
    >
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600} mr="xs">
          {selected.length} selected
        </Text>
        {may('take') && (
          <Button
            variant="white"
            size="compact-sm"
            leftSection={<IconUserCheck size={14} />}
            loading={bulk.isPending}
            onClick={() => go('Assigned to you', 'take')}
          >
            Assign to me
          </Button>
        )}
        {may('assign') && may('reassign') && (
          <Popover shadow="md" width={260} trapFocus>
            <Popover.Target>
              <Button variant="white" size="compact-sm" rightSection={<IconChevronDown size={12} />}>
                Assign to user
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap="xs">
                <Select
                  label="Owner"
                  searchable
                  data={toOptions(users.data?.items.filter((u) => u.active))}
                  value={owner}
                  onChange={setOwner}
                  comboboxProps={{ withinPortal: false }}
                />
                <Button disabled={!owner} onClick={() => owner && assignTo(owner)}>
                  Assign
                </Button>
              </Stack>
            </Popover.Dropdown>
          </Popover>
        )}
        {may('move') && (
          <Menu shadow="md">
            <Menu.Target>
              <Button variant="white" size="compact-sm" rightSection={<IconChevronDown size={12} />}>
                Change status
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Open statuses</Menu.Label>
              {(statuses.data ?? [])
                .filter((s) => s.active && (s.phase === 'new' || s.phase === 'in_progress'))
                .map((s) => (
                  <Menu.Item
                    key={s.id}
                    leftSection={
                      <span style={{ width: 8, height: 8, borderRadius: 4, background: s.color }} />
                    }
                    onClick={() => go(`Moved to ${s.name}`, 'move', { statusId: s.id })}
                  >
                    {s.name}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        )}
        {may('add-to-marketing-list') && (
          <Popover shadow="md" width={260} trapFocus>
            <Popover.Target>
              <Button variant="white" size="compact-sm" rightSection={<IconChevronDown size={12} />}>
                Add to marketing list
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap="xs">
                <Select
                  label="Marketing list"
                  searchable
                  data={refOptions(lists.data)}
                  value={list}
                  onChange={setList}
                  nothingFoundMessage="No marketing lists"
                  comboboxProps={{ withinPortal: false }}
                />
                <Button
                  disabled={!list}
                  onClick={() =>
                    list && go('Added to the list', 'add-to-marketing-list', { marketingListId: list })
                  }
                >
                  Add
                </Button>
              </Stack>
            </Popover.Dropdown>
          </Popover>
        )}
        <Popover shadow="md" width={240} trapFocus>
          <Popover.Target>
            <Button variant="white" size="compact-sm" leftSection={<IconTag size={14} />}>
              Add tag
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const t = tag.trim();
                if (t) bulk.mutate({ label: `Tagged ${t}`, run: () => addTag(selected, t) });
                setTag('');
              }}
            >
              <Stack gap="xs">
                <TextInput label="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} />
                <Button type="submit" disabled={!tag.trim()}>
                  Add tag
                </Button>
              </Stack>
            </form>
          </Popover.Dropdown>
        </Popover>
        {may('activate') && (
          <Button variant="white" size="compact-sm" onClick={() => go('Activated', 'activate')}>
            Activate
          </Button>
        )}
        {may('deactivate') && (
          <Button variant="white" size="compact-sm" onClick={() => go('Deactivated', 'deactivate')}>
            Deactivate
          </Button>
        )}
        {isAdmin && (
          <Button
            variant="white"
            size="compact-sm"
            color="red"
            onClick={() =>
              modals.openConfirmModal({
                title: `Delete ${selected.length} ${selected.length === 1 ? 'lead' : 'leads'}?`,
                children: <Text size="sm">They are removed for good. This cannot be undone.</Text>,
                labels: { confirm: 'Delete', cancel: 'Cancel' },
                confirmProps: { color: 'red' },
                onConfirm: () => {
                  bulk.mutate({ label: 'Deleted', run: () => deleteLeads(ids) });
                  onClear();
                },
              })
            }
          >
            Delete
          </Button>
        )}
        <ActionIcon ml="auto" aria-label="Clear selection" onClick={onClear}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}
