import { useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArchive, IconPencil, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { rolesMayRun, type MarketingList } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { formatNumber } from '../../i18n/format';
import { useStatuses } from '../../lib/refs';
import { companyOf, StatusBadge } from '../leads/columns';
import { leadKeys } from '../leads/api';
import {
  marketingKeys,
  patchMarketingList,
  removeMember,
  useMarketingList,
  useMarketingLists,
  useMembers,
} from './api';
import { ListDialog } from './ListDialog';

/** Who may open the page: whoever may add leads to a list, and the administrators who keep the lists. */
export function mayUseMarketingLists(roles: readonly string[] | undefined) {
  const r = (roles ?? []) as Parameters<typeof rolesMayRun>[0];
  return r.includes('crm_admin') || rolesMayRun(r, 'add-to-marketing-list');
}

/**
 * Marketing lists: administrators create, rename and archive them; sales users and managers see who is
 * on a list and take leads off it. Leads join a list from the lead list (select, "Add to marketing list").
 */
export function MarketingListsPage() {
  const { t } = useTranslation('marketing');
  const { id } = useParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const isAdmin = !!user?.roles.includes('crm_admin');
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<MarketingList | 'new' | null>(null);
  const lists = useMarketingLists(!archived);

  return (
    <Stack gap="sm">
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          isAdmin ? (
            <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
              {t('newList')}
            </Button>
          ) : undefined
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <SegmentedControl
              size="xs"
              value={archived ? 'archived' : 'active'}
              onChange={(v) => setArchived(v === 'archived')}
              data={[
                { value: 'active', label: t('active') },
                { value: 'archived', label: t('archived') },
              ]}
              aria-label={t('show')}
            />
            {lists.isLoading ? (
              <LoadingState />
            ) : lists.isError ? (
              <ErrorState error={lists.error} onRetry={() => void lists.refetch()} />
            ) : (lists.data?.items.length ?? 0) === 0 ? (
              <EmptyState
                title={archived ? t('noArchived') : t('noLists')}
                description={
                  archived ? t('noArchivedHint') : isAdmin ? t('noListsHintAdmin') : t('noListsHint')
                }
              />
            ) : (
              <Stack gap={4} role="list" aria-label={t('title')}>
                {lists.data!.items.map((l) => (
                  <UnstyledButton
                    key={l.id}
                    role="listitem"
                    onClick={() => navigate(`/marketing-lists/${l.id}`)}
                    aria-current={l.id === id ? 'true' : undefined}
                    p="xs"
                    style={{
                      borderRadius: 6,
                      background: l.id === id ? 'var(--mantine-color-indigo-0)' : undefined,
                    }}
                  >
                    <Group justify="space-between" wrap="nowrap">
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={600} truncate>
                          {l.name}
                        </Text>
                        {l.description && (
                          <Text size="xs" c="dimmed" truncate>
                            {l.description}
                          </Text>
                        )}
                      </Stack>
                      <Badge variant="light" color="gray">
                        {t('members', { count: l.memberCount, formatted: formatNumber(l.memberCount) })}
                      </Badge>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
          </Stack>
        </Paper>
        {id ? (
          <ListDetail id={id} isAdmin={isAdmin} onEdit={setEditing} />
        ) : (
          <Paper withBorder p="sm">
            <EmptyState title={t('chooseList')} description={t('chooseListHint')} />
          </Paper>
        )}
      </SimpleGrid>
      <ListDialog
        list={editing}
        onClose={() => setEditing(null)}
        onSaved={(l) => navigate(`/marketing-lists/${l.id}`)}
      />
    </Stack>
  );
}

function ListDetail({
  id,
  isAdmin,
  onEdit,
}: {
  id: string;
  isAdmin: boolean;
  onEdit: (l: MarketingList) => void;
}) {
  const { t } = useTranslation('marketing');
  const qc = useQueryClient();
  const { user } = useSession();
  const mayRemove = !!user && rolesMayRun(user.roles, 'add-to-marketing-list');
  const list = useMarketingList(id);
  const members = useMembers(id);
  const statuses = useStatuses();
  const statusById = new Map((statuses.data ?? []).map((s) => [s.id, s]));
  const leads = members.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: marketingKeys.all });
    void qc.invalidateQueries({ queryKey: leadKeys.all });
  };

  if (list.isLoading) return <LoadingState />;
  if (list.isError || !list.data) return <ErrorState error={list.error} />;
  const l = list.data;

  const archive = async () => {
    try {
      await patchMarketingList(l, { active: !l.active });
      notifySuccess(l.active ? t('archivedDone', { name: l.name }) : t('restoredDone', { name: l.name }));
      refresh();
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Title order={3}>{l.name}</Title>
            <Text size="xs" c="dimmed">
              {l.active ? t('activeList') : t('archivedList')} ·{' '}
              {t('members', { count: l.memberCount, formatted: formatNumber(l.memberCount) })}
            </Text>
          </Stack>
          {isAdmin && (
            <Group gap="xs">
              <Button variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(l)}>
                {t('rename')}
              </Button>
              <Button
                variant="default"
                leftSection={l.active ? <IconArchive size={14} /> : <IconRestore size={14} />}
                onClick={() => void archive()}
              >
                {l.active ? t('archive') : t('restore')}
              </Button>
            </Group>
          )}
        </Group>
        {l.description && <Text size="sm">{l.description}</Text>}
        <Text size="xs" c="dimmed">
          {l.active ? t('howToAdd') : t('archivedNoAdd')}
        </Text>
        {members.isLoading ? (
          <LoadingState />
        ) : members.isError ? (
          <ErrorState error={members.error} onRetry={() => void members.refetch()} />
        ) : leads.length === 0 ? (
          <EmptyState
            title={t('noMembers')}
            description={t('noMembersHint')}
            action={
              l.active && mayRemove ? (
                <Button component={Link} to="/leads?view=open" variant="light">
                  {t('openLeadList')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={360}>
            <Table aria-label={t('membersOf', { name: l.name })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('lead')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('company')}</Table.Th>
                  <Table.Th>{t('status')}</Table.Th>
                  {mayRemove && <Table.Th w={40} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {leads.map((lead) => (
                  <Table.Tr key={lead.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/leads/${lead.id}`} size="sm" fw={500}>
                        {lead.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {lead.number}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{companyOf(lead)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={statusById.get(lead.statusId)} />
                    </Table.Td>
                    {mayRemove && (
                      <Table.Td>
                        <Tooltip label={t('remove')}>
                          <ActionIcon
                            color="red"
                            aria-label={t('removeLead', { name: lead.name })}
                            onClick={() =>
                              modals.openConfirmModal({
                                title: t('removeConfirm', { name: lead.name, list: l.name }),
                                labels: { confirm: t('remove'), cancel: t('common:cancel') },
                                confirmProps: { color: 'red' },
                                onConfirm: () =>
                                  void removeMember(l.id, lead.id)
                                    .then(() => {
                                      notifySuccess(t('removed', { name: lead.name }));
                                      refresh();
                                    })
                                    .catch((e: unknown) => notifyError(e)),
                              })
                            }
                          >
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {members.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void members.fetchNextPage()}
            loading={members.isFetchingNextPage}
          >
            {t('more')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
