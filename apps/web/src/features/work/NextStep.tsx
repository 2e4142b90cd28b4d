import { Group, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Lead } from '@leadline/contract';
import { formatDateTime } from '../../i18n/format';

/** The lead's next planned step on a card: when it is due (red once past), or that none is planned. */
export function NextStep({ lead }: { lead: Pick<Lead, 'nextEventAt'> }) {
  const { t } = useTranslation('work');
  const late = lead.nextEventAt !== null && Date.parse(lead.nextEventAt) < Date.now();
  return (
    <Group gap={4} wrap="nowrap" mt={2} data-testid="next-step">
      <IconCalendarEvent
        size={12}
        color={late ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-6)'}
      />
      <Text size="xs" c={late ? 'red' : 'dimmed'} truncate>
        {lead.nextEventAt ? t('nextStep.at', { when: formatDateTime(lead.nextEventAt) }) : t('nextStep.none')}
      </Text>
    </Group>
  );
}
