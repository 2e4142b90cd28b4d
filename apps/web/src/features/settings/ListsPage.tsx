import { useState } from 'react';
import { Badge, Button, Grid, Group, Modal, NavLink, Paper, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useRefList, type RefItem } from '../../lib/refs';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { AgreementsEditor } from './AgreementsEditor';
import { importablePaths, useListImport } from './ListImport';
import { useTranslation } from 'react-i18next';
import { ValueForm, type Kind } from './ListValueForm';

/** The configurable lists an administrator keeps; each is a plain REST collection. */
const kinds: Kind[] = [
  { path: '/lead-sources', extras: ['code'] },
  { path: '/lead-types', extras: ['leadType'] },
  { path: '/disqualification-codes', extras: ['createsOpportunity'] },
  { path: '/lost-reasons', extras: ['code'] },
  { path: '/industries', extras: ['code'] },
  { path: '/functions', extras: ['code'] },
  { path: '/departments', extras: ['code'] },
  { path: '/categories', extras: ['code'] },
  { path: '/tags', extras: ['color'] },
  { path: '/agencies', extras: ['code'] },
  { path: '/group-companies', extras: ['code'] },
  { path: '/marketing-campaigns', extras: [] },
  { path: '/cities', extras: [] },
  { path: '/sales-directions', extras: ['productIds'] },
  { path: '/products', extras: ['code'] },
  {
    path: '/partnership-programs',
    extras: ['salesDirectionIds', 'productIds'],
  },
];

/** Each list's name, by its path. */
function useKindLabels(): Record<string, string> {
  const { t } = useTranslation('settings');
  return {
    '/lead-sources': t('lists.leadSources'),
    '/lead-types': t('lists.leadTypes'),
    '/disqualification-codes': t('lists.disqualificationCodes'),
    '/lost-reasons': t('lists.lostReasons'),
    '/industries': t('lists.industries'),
    '/functions': t('lists.functions'),
    '/departments': t('lists.departments'),
    '/categories': t('lists.categories'),
    '/tags': t('lists.tags'),
    '/agencies': t('lists.agencies'),
    '/group-companies': t('lists.groupCompanies'),
    '/marketing-campaigns': t('lists.marketingCampaigns'),
    '/cities': t('lists.cities'),
    '/sales-directions': t('lists.salesDirections'),
    '/products': t('lists.products'),
    '/partnership-programs': t('lists.partnershipPrograms'),
    '/partnership-agreements': t('lists.partnershipAgreements'),
  };
}

export function ListsPage() {
  const { t } = useTranslation('settings');
  const kindLabels = useKindLabels();
  const [kind, setKind] = useState(kinds[0]);
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Paper withBorder p={4} component="nav" aria-label={t('section.lists')}>
          {kinds.map((k) => (
            <NavLink
              key={k.path}
              component="button"
              aria-current={k.path === kind.path ? 'page' : undefined}
              label={kindLabels[k.path]}
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
  const { t } = useTranslation('settings');
  const label = useKindLabels()[kind.path];
  const items = useRefList(kind.path);
  const [editing, setEditing] = useState<RefItem | 'new' | null>(null);
  const importer = useListImport(kind.path);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600}>{label}</Text>
        <Group gap="xs">
          {importablePaths.has(kind.path) && importer.button}
          <Button leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
            {t('lists.add')}
          </Button>
        </Group>
      </Group>
      {importer.report}
      <Paper withBorder>
        {items.isLoading ? (
          <LoadingState />
        ) : items.isError ? (
          <ErrorState error={items.error} onRetry={() => void items.refetch()} />
        ) : items.data!.length === 0 ? (
          <EmptyState title={t('lists.none')} />
        ) : (
          <Table aria-label={label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('lists.name')}</Table.Th>
                {kind.extras.includes('code') && <Table.Th>{t('lists.code')}</Table.Th>}
                {kind.extras.includes('createsOpportunity') && (
                  <Table.Th>{t('lists.createsOpportunity')}</Table.Th>
                )}
                <Table.Th>{t('lists.active')}</Table.Th>
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
                    <Table.Td>{i.createsOpportunity ? t('common:yes') : t('common:no')}</Table.Td>
                  )}
                  <Table.Td>
                    {i.active === false ? (
                      <Badge color="gray">{t('filter.inactive')}</Badge>
                    ) : (
                      <Badge color="teal">{t('filter.active')}</Badge>
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
        title={
          editing === 'new'
            ? t('lists.newValue', { list: label })
            : t('lists.edit', { name: editing?.name ?? '' })
        }
      >
        {editing !== null && (
          <ValueForm kind={kind} item={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
