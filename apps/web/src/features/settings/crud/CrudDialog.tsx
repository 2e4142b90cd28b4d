import { useState, type FormEventHandler, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/States';

/**
 * A dialog about one value (a record, or 'new'): open while `value` is set. It stays mounted, so it traps
 * the focus while open and gives it back to what opened it; its content is made anew at each opening, and
 * the title of the last value stays while it fades out.
 */
export function RecordDialog<T>({
  value,
  onClose,
  title,
  size,
  children,
}: {
  value: T | null;
  onClose: () => void;
  title: (value: T) => string;
  size?: ModalProps['size'];
  children: (value: T) => ReactNode;
}) {
  const [shown, setShown] = useState<T | null>(value);
  if (value !== null && value !== shown) setShown(value);
  const titled = value ?? shown;
  return (
    <Modal opened={value !== null} onClose={onClose} title={titled === null ? '' : title(titled)} size={size}>
      {value !== null && children(value)}
    </Modal>
  );
}

/**
 * An editor's form: a failure that names no field (when given), its fields, then Delete (for a record that
 * exists), Cancel and Save (or `submitLabel`).
 */
export function CrudForm({
  onSubmit,
  onCancel,
  saving,
  error,
  submitLabel,
  onDelete,
  deleteLabel,
  deleting,
  children,
}: {
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  saving: boolean;
  /** The last save's failure, shown above the fields (see `useCrudSave`'s `inline`). */
  error?: unknown;
  submitLabel?: string;
  onDelete?: () => void;
  deleteLabel?: string;
  deleting?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <form onSubmit={onSubmit}>
      <Stack gap="sm">
        {error !== undefined && error !== null && <ErrorState error={error} title={t('settings:notSaved')} />}
        {children}
        <Group justify={onDelete ? 'space-between' : 'flex-end'}>
          {onDelete && (
            <Button color="red" variant="subtle" onClick={onDelete} loading={deleting}>
              {deleteLabel ?? t('delete')}
            </Button>
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onCancel}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {submitLabel ?? t('save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
