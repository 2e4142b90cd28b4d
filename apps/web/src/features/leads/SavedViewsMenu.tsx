import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmark, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SavedViewDefinition } from '@leadline/contract';
import { notifyError, notifySuccess } from '../../components/notify';
import { useSession } from '../../app/auth';
import { createSavedView, deleteSavedView, leadKeys, useSavedViews } from './api';
import { useTranslation } from 'react-i18next';

/**
 * The "Saved views" menu of the lead list: saves the current view, filters, sort and columns under a
 * name (optionally shared with the team), applies one, deletes the user's own. The unsaved current state
 * still lives in the address bar and this browser's storage.
 */
export function SavedViewsMenu({
  current,
  onApply,
}: {
  current: SavedViewDefinition;
  onApply: (definition: SavedViewDefinition) => void;
}) {
  const { t } = useTranslation('leads');
  const qc = useQueryClient();
  const { user } = useSession();
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const views = useSavedViews();
  const create = useMutation({
    mutationFn: () => createSavedView({ name: name.trim(), shared, definition: current }),
    onSuccess: (v) => {
      notifySuccess(t('views.saved', { name: v.name }));
      setSaving(false);
      setName('');
      setShared(false);
      void qc.invalidateQueries({ queryKey: leadKeys.savedViews });
    },
    onError: (err) => notifyError(err, t('views.notSaved')),
  });
  const remove = useMutation({
    mutationFn: deleteSavedView,
    onSuccess: () => void qc.invalidateQueries({ queryKey: leadKeys.savedViews }),
    onError: (err) => notifyError(err, t('views.notDeleted')),
  });
  const items = views.data?.items ?? [];
  // Partner users keep their views to themselves (the server refuses to share theirs).
  const mayShare = !!user && user.roles.some((r) => r !== 'partner');

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={14} />}>
            {t('views.title')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={260}>
          <Menu.Item onClick={() => setTimeout(() => setSaving(true), 30)}>
            {t('views.saveCurrent')}
          </Menu.Item>
          <Menu.Divider />
          {items.length === 0 && (
            <Text size="xs" c="dimmed" px="sm" py={4}>
              {views.isLoading ? t('common:loading') : t('views.none')}
            </Text>
          )}
          {items.map((v) => (
            <Menu.Item
              key={v.id}
              component="div"
              onClick={() => onApply(v.definition)}
              rightSection={
                v.ownerId === user?.id ? (
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('views.delete', { name: v.name })}
                    onClick={(e) => {
                      e.stopPropagation();
                      remove.mutate(v.id);
                    }}
                  >
                    <IconTrash size={12} />
                  </ActionIcon>
                ) : (
                  <Text size="xs" c="dimmed">
                    {t('views.shared')}
                  </Text>
                )
              }
            >
              {v.name}
              {v.shared && v.ownerId === user?.id ? ` (${t('views.shared')})` : ''}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('list.saveCurrentView')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate();
          }}
        >
          <Stack>
            <TextInput
              label={t('field.name')}
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
            />
            {mayShare && (
              <Checkbox
                label={t('list.sharedEveryCrmUserCan')}
                checked={shared}
                onChange={(e) => setShared(e.currentTarget.checked)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                {t('common:cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                {t('common:save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
