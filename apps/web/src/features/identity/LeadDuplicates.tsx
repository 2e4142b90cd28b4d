import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { DuplicateCandidate } from '@leadline/contract';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { formatNumber } from '../../i18n/format';

/** Likely duplicates of a saved lead, on its page; nothing at all when there are none. */
export function LeadDuplicates({ leadId }: { leadId: string }) {
  const { t } = useTranslation('identity');
  const found = useQuery({
    queryKey: ['leads', leadId, 'duplicates'],
    queryFn: () => api<{ items: DuplicateCandidate[] }>('GET', `/leads/${leadId}/duplicates`),
    select: (r) => r.items,
  });
  if (!found.data?.length) return null;
  return (
    <Paper withBorder p="sm" mb="md" data-testid="lead-duplicates">
      <Title order={3} size="h5" mb="xs">
        {t('duplicates.title')}
      </Title>
      <Stack gap={6}>
        {found.data.map((d) => (
          <div key={d.id}>
            <Group gap="xs" wrap="nowrap">
              <Anchor component={Link} to={`/leads/${d.id}`} size="sm" truncate>
                {d.number} {d.name}
              </Anchor>
              <Badge size="sm" variant="light" color="orange" style={{ flexShrink: 0 }}>
                {formatNumber(d.score, 1)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {d.reasons.map((r) => r.text).join(', ')}
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
