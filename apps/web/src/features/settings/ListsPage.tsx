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
import { importablePaths, useListImport } from './ListImport';
import { useTranslation } from 'react-i18next';
import { useLevelLabels } from '../../i18n/labels';

type Extra = 'code' | 'color' | 'createsOpportunity' | 'leadType' | 'productIds' | 'salesDirectionIds';

interface Kind {
  path: string;
  extras: Extra[];
}

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
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const levelLabels = useLevelLabels();
  const levelOptions = levels.map((l) => ({ value: l, label: levelLabels[l] }));
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
      notifySuccess(t('common:saved', { name: r.name }));
      onDone();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title={t('notSaved')} />}
        <TextInput label={t('lists.name')} required data-autofocus {...form.getInputProps('name')} />
        {has('code') && <TextInput label={t('lists.code')} {...form.getInputProps('code')} />}
        {has('color') && (
          <ColorInput label={t('statuses.colour')} format="hex" {...form.getInputProps('color')} />
        )}
        {has('createsOpportunity') && (
          <Switch
            label={t('lists.createsOpportunity')}
            description={t('lists.createsOpportunityHint')}
            {...form.getInputProps('createsOpportunity', { type: 'checkbox' })}
          />
        )}
        {has('leadType') && (
          <Group grow>
            <Select
              label={t('lists.priority')}
              clearable
              data={levelOptions}
              {...form.getInputProps('priority')}
            />
            <Select
              label={t('lists.importance')}
              clearable
              data={levelOptions}
              {...form.getInputProps('importance')}
            />
            <NumberInput
              label={t('lists.estimatedCompletion')}
              description={t('lists.days')}
              min={0}
              {...form.getInputProps('estimatedCompletionDays')}
            />
          </Group>
        )}
        {has('salesDirectionIds') && (
          <MultiSelect
            label={t('lists.salesDirections')}
            searchable
            data={refOptions(directions.data)}
            {...form.getInputProps('salesDirectionIds')}
          />
        )}
        {has('productIds') && (
          <MultiSelect
            label={t('lists.productsShort')}
            searchable
            data={refOptions(products.data)}
            {...form.getInputProps('productIds')}
          />
        )}
        <Switch label={t('lists.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common:save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
