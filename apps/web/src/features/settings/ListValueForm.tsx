import { useState } from 'react';
import {
  Button,
  ColorInput,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { levels } from '@leadline/contract';
import { saveRecord, settingsKeys } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { refOptions, useRefList, type RefItem } from '../../lib/refs';
import { ErrorState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { useTranslation } from 'react-i18next';
import { useLevelLabels } from '../../i18n/labels';

export interface Values {
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

/** The form of one value of a list (a source, an industry, a product...), with the fields its kind has. */
export function ValueForm({ kind, item, onDone }: { kind: Kind; item: RefItem | null; onDone: () => void }) {
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

export type Extra = 'code' | 'color' | 'createsOpportunity' | 'leadType' | 'productIds' | 'salesDirectionIds';

/** A configurable list: its REST collection and the fields its values have besides name and active. */
export interface Kind {
  path: string;
  extras: Extra[];
}
