import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';

let open = false;

/**
 * Someone else saved the record between our read and our write (412). Nothing of ours was saved; the
 * person chooses to load the newer version (and apply the change again) or keep editing what they have.
 */
export function openStaleDialog(reload: () => void) {
  if (open) return;
  open = true;
  modals.openConfirmModal({
    title: 'Someone else saved first',
    children: (
      <Text size="sm">
        This record was changed by someone else after you opened it, so your change was not saved. Reload to
        see the latest version, then apply your change again.
      </Text>
    ),
    labels: { confirm: 'Reload', cancel: 'Keep editing' },
    onConfirm: reload,
    onClose: () => {
      open = false;
    },
  });
}
