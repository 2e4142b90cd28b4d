import { useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Button,
  Group,
  List,
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
import { allowedActions, rolesMayRun, type Lead, type LeadAction } from '@leadline/contract';
import { notifications } from '@mantine/notifications';
import { actorOf, useRefusalWords } from './offeredActions';
import { ownerOptions, useUsers } from '../../lib/queries';
import { refOptions, useRefList, useStatuses } from '../../lib/refs';
import { i18n } from '../../i18n/i18n';
import { notifySuccess } from '../../components/notify';
import { addTag, deleteLeads, leadKeys, runBulk, type BulkOutcome } from './api';
import { useSession } from '../../app/auth';
import { modals } from '@mantine/modals';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BulkPrint } from './BulkPrint';

interface Props {
  selected: Lead[];
  onClear: () => void;
  /** More buttons for the selection (export). */
  children?: ReactNode;
}

/**
 * The result of a bulk action: "3 of 5 changed", then why the others were not, grouped by reason and in
 * words (the action table's reason where it explains the refusal, else the server's own sentence).
 */
function report(what: string, r: BulkOutcome, explain: (f: BulkOutcome['failed'][number]) => string) {
  const t = i18n.t;
  if (r.failed.length === 0) {
    notifySuccess(t('leads:bulk.reportDone', { what, count: r.done }));
    return;
  }
  const reasons = new Map<string, number>();
  for (const f of r.failed) {
    const why = explain(f);
    reasons.set(why, (reasons.get(why) ?? 0) + 1);
  }
  notifications.show({
    title: t('leadwork:bulk.changedOf', { what, done: r.done, total: r.done + r.failed.length }),
    message: (
      <List size="sm" spacing={2} data-testid="bulk-reasons">
        {[...reasons].map(([why, n]) => (
          <List.Item key={why}>{t('leadwork:bulk.reason', { count: n, why })}</List.Item>
        ))}
      </List>
    ),
    color: r.done === 0 ? 'red' : 'orange',
    icon: <IconX size={16} />,
    autoClose: 10000,
  });
}

/** Actions on the selected leads. */
export function BulkBar({ selected, onClear, children }: Props) {
  const { t } = useTranslation('leads');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const users = useUsers();
  const statuses = useStatuses();
  const lists = useRefList('/marketing-lists', { active: 'true' });
  const [owner, setOwner] = useState<string | null>(null);
  const [list, setList] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const ids = selected.map((l) => l.id);
  const { user } = useSession();
  const isAdmin = user?.roles.includes('crm_admin') ?? false;
  const refusal = useRefusalWords();
  // What the action table allows on each selected lead: an action is offered when it allows it on at
  // least one of them (Assign on a new lead, Reassign on one in progress).
  const allowed = selected.map((l) => (user ? allowedActions(actorOf(user), l) : new Set<LeadAction>()));
  const assignOf = (l: Lead): LeadAction => (l.phase === 'new' ? 'assign' : 'reassign');
  const may = (action: LeadAction) =>
    !!user &&
    rolesMayRun(user.roles, action) &&
    (action === 'assign'
      ? selected.some((l, i) => allowed[i].has(assignOf(l)))
      : allowed.some((a) => a.has(action)));
  const byId = new Map(selected.map((l) => [l.id, l]));

  const bulk = useMutation({
    mutationFn: async (v: { label: string; action?: LeadAction; run: () => Promise<BulkOutcome> }) => ({
      label: v.label,
      action: v.action,
      r: await v.run(),
    }),
    onSuccess: ({ label, action, r }) => {
      report(label, r, (f) => {
        const lead = byId.get(f.id);
        const a = action === 'assign' && lead ? assignOf(lead) : action;
        return (user && a && lead && refusal(user, a, lead)) || f.message;
      });
      void qc.invalidateQueries({ queryKey: leadKeys.all });
    },
  });
  const go = (label: string, action: LeadAction, params: object = {}, only = ids) =>
    bulk.mutate({ label, action, run: () => runBulk(only, action, params) });

  const assignTo = (ownerId: string) => {
    // Assign works from the new phase, Reassign from in progress: each lead gets the one that applies.
    const fresh = selected.filter((l) => l.phase === 'new').map((l) => l.id);
    const working = selected.filter((l) => l.phase !== 'new').map((l) => l.id);
    bulk.mutate({
      label: t('bulk.assigned'),
      action: 'assign',
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
      aria-label={t('bulk.bulkActions')}
      style={{ borderColor: 'var(--mantine-color-indigo-2)' }}
    >
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600} mr="xs">
          {t('bulk.selected', { count: selected.length })}
        </Text>
        {selected.length >= 2 && (
          <Button
            variant="white"
            size="compact-sm"
            onClick={() => navigate(`/leads/merge?ids=${ids.join(',')}`)}
          >
            {t('identity:merge.merge')}
          </Button>
        )}
        {may('take') && (
          <Button
            variant="white"
            size="compact-sm"
            leftSection={<IconUserCheck size={14} />}
            loading={bulk.isPending}
            onClick={() => go(t('bulk.assignedToYou'), 'take')}
          >
            {t('bulk.assignToMe')}
          </Button>
        )}
        {may('assign') && (
          <Popover shadow="md" width={260} trapFocus>
            <Popover.Target>
              <Button variant="white" size="compact-sm" rightSection={<IconChevronDown size={12} />}>
                {t('bulk.assignToUser')}
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap="xs">
                <Select
                  label={t('field.ownerId')}
                  searchable
                  data={ownerOptions(users.data?.items)}
                  value={owner}
                  onChange={setOwner}
                  comboboxProps={{ withinPortal: false }}
                />
                <Button disabled={!owner} onClick={() => owner && assignTo(owner)}>
                  {t('action.assign')}
                </Button>
              </Stack>
            </Popover.Dropdown>
          </Popover>
        )}
        {may('move') && (
          <Menu shadow="md">
            <Menu.Target>
              <Button variant="white" size="compact-sm" rightSection={<IconChevronDown size={12} />}>
                {t('bulk.changeStatus')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('bulk.openStatuses')}</Menu.Label>
              {(statuses.data ?? [])
                .filter((s) => s.active && (s.phase === 'new' || s.phase === 'in_progress'))
                .map((s) => (
                  <Menu.Item
                    key={s.id}
                    leftSection={
                      <span style={{ width: 8, height: 8, borderRadius: 4, background: s.color }} />
                    }
                    onClick={() => go(t('movedTo', { status: s.name }), 'move', { statusId: s.id })}
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
                {t('action.addToMarketingList')}
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap="xs">
                <Select
                  label={t('bulk.marketingList')}
                  searchable
                  data={refOptions(lists.data)}
                  value={list}
                  onChange={setList}
                  nothingFoundMessage={t('bulk.noMarketingLists')}
                  comboboxProps={{ withinPortal: false }}
                />
                <Button
                  disabled={!list}
                  onClick={() =>
                    list && go(t('bulk.addedToList'), 'add-to-marketing-list', { marketingListId: list })
                  }
                >
                  {t('bulk.add')}
                </Button>
              </Stack>
            </Popover.Dropdown>
          </Popover>
        )}
        <Popover shadow="md" width={240} trapFocus>
          <Popover.Target>
            <Button variant="white" size="compact-sm" leftSection={<IconTag size={14} />}>
              {t('bulk.addTag')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const name = tag.trim();
                if (name)
                  bulk.mutate({ label: t('bulk.tagged', { tag: name }), run: () => addTag(selected, name) });
                setTag('');
              }}
            >
              <Stack gap="xs">
                <TextInput
                  label={t('list.tag')}
                  value={tag}
                  onChange={(e) => setTag(e.currentTarget.value)}
                />
                <Button type="submit" disabled={!tag.trim()}>
                  {t('bulk.addTag')}
                </Button>
              </Stack>
            </form>
          </Popover.Dropdown>
        </Popover>
        {may('activate') && (
          <Button variant="white" size="compact-sm" onClick={() => go(t('bulk.activated'), 'activate')}>
            {t('action.activate')}
          </Button>
        )}
        {may('deactivate') && (
          <Button variant="white" size="compact-sm" onClick={() => go(t('bulk.deactivated'), 'deactivate')}>
            {t('action.deactivate')}
          </Button>
        )}
        {isAdmin && (
          <Button
            variant="white"
            size="compact-sm"
            color="red"
            onClick={() =>
              modals.openConfirmModal({
                title: t('bulk.deleteConfirm', { count: selected.length }),
                children: <Text size="sm">{t('bulk.deleteHint')}</Text>,
                labels: { confirm: t('common:delete'), cancel: t('common:cancel') },
                confirmProps: { color: 'red' },
                onConfirm: () => {
                  bulk.mutate({ label: t('bulk.deleted'), run: () => deleteLeads(ids) });
                  onClear();
                },
              })
            }
          >
            {t('common:delete')}
          </Button>
        )}
        <BulkPrint ids={ids} />
        {children}
        <ActionIcon ml="auto" aria-label={t('bulk.clearSelection')} onClick={onClear}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}
