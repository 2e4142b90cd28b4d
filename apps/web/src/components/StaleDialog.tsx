import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { i18n } from '../i18n/i18n';

let open = false;

/**
 * Someone else saved the record between our read and our write (412). Nothing of ours was saved; the
 * person chooses to load the newer version (and apply the change again) or keep editing what they have.
 */
export function openStaleDialog(reload: () => void) {
  if (open) return;
  open = true;
  modals.openConfirmModal({
    title: i18n.t('common:stale.title'),
    children: <Text size="sm">{i18n.t('common:stale.text')}</Text>,
    labels: { confirm: i18n.t('common:stale.reload'), cancel: i18n.t('common:stale.keepEditing') },
    onConfirm: reload,
    onClose: () => {
      open = false;
    },
  });
}
