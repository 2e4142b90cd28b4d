import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { errorMessage } from '../lib/api';
import { i18n } from '../i18n/i18n';

export function notifySuccess(message: string) {
  notifications.show({ message, color: 'teal', icon: <IconCheck size={16} />, autoClose: 3000 });
}

export function notifyError(error: unknown, title: string = i18n.t('common:failed')) {
  notifications.show({
    title,
    message: errorMessage(error),
    color: 'red',
    icon: <IconX size={16} />,
    autoClose: 6000,
  });
}
