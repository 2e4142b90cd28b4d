import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import type { MarketingList } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify';
import { applyFieldErrors } from '../../lib/forms';
import { req } from '../../lib/required';
import { createMarketingList, marketingKeys, patchMarketingList } from './api';

/** Create a list, or rename one (name and description). */
export function ListDialog({
  list,
  onClose,
  onSaved,
}: {
  list: MarketingList | 'new' | null;
  onClose: () => void;
  onSaved: (l: MarketingList) => void;
}) {
  const { t } = useTranslation('marketing');
  return (
    <Modal opened={list !== null} onClose={onClose} title={list === 'new' ? t('newList') : t('rename')}>
      {list !== null && (
        <ListForm key={list === 'new' ? 'new' : list.id} list={list} onClose={onClose} onSaved={onSaved} />
      )}
    </Modal>
  );
}

function ListForm({
  list,
  onClose,
  onSaved,
}: {
  list: MarketingList | 'new';
  onClose: () => void;
  onSaved: (l: MarketingList) => void;
}) {
  const { t } = useTranslation('marketing');
  const qc = useQueryClient();
  const form = useForm({
    initialValues: {
      name: list === 'new' ? '' : list.name,
      description: list === 'new' ? '' : (list.description ?? ''),
    },
    validate: { name: (v) => (v.trim() ? null : t('nameRequired')) },
  });
  const submit = form.onSubmit(async (v) => {
    const body = { name: v.name.trim(), description: v.description.trim() || null };
    try {
      const saved = list === 'new' ? await createMarketingList(body) : await patchMarketingList(list, body);
      notifySuccess(t('saved', { name: saved.name }));
      void qc.invalidateQueries({ queryKey: marketingKeys.all });
      onSaved(saved);
      onClose();
    } catch (e) {
      if (!applyFieldErrors(form, e)) notifyError(e);
    }
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label={t('name')} {...req} data-autofocus {...form.getInputProps('name')} />
        <Textarea label={t('description')} autosize minRows={2} {...form.getInputProps('description')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
