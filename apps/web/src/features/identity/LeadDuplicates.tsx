import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { DuplicateReason } from '@leadline/contract';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { formatNumber } from '../../i18n/format';

interface Candidate {
  id: string;
  number?: string;
  name: string;
  score: number;
  reasons: DuplicateReason[];
}

/**
 * Likely duplicates of a saved lead, contact or company, on its page, each with its score, its reasons
 * and a link to merge it with this one; nothing at all when there are none.
 */
export function RecordDuplicates({ path, id }: { path: '/leads' | '/contacts' | '/companies'; id: string }) {
  const { t } = useTranslation('identity');
  const found = useQuery({
    queryKey: [path, id, 'duplicates'],
    queryFn: () => api<{ items: Candidate[] }>('GET', `${path}/${id}/duplicates`),
    select: (r) => r.items,
  });
  if (!found.data?.length) return null;
  return (
    <Paper withBorder p="sm" mb="md" data-testid="record-duplicates">
      <Title order={3} size="h5" mb="xs">
        {t('duplicates.title')}
      </Title>
      <Stack gap={6}>
        {found.data.map((d) => (
          <div key={d.id}>
            <Group gap="xs" wrap="nowrap">
              <Anchor component={Link} to={`${path}/${d.id}`} size="sm" truncate>
                {[d.number, d.name].filter(Boolean).join(' ')}
              </Anchor>
              <Badge size="sm" variant="light" color="orange" style={{ flexShrink: 0 }}>
                {formatNumber(d.score, 1)}
              </Badge>
              <Anchor
                component={Link}
                to={`${path}/merge?ids=${id},${d.id}`}
                size="xs"
                aria-label={t('merge.mergeWith', { name: d.name })}
              >
                {t('merge.merge')}
              </Anchor>
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

/** Likely duplicates of a saved lead, on its page. */
export const LeadDuplicates = ({ leadId }: { leadId: string }) => (
  <RecordDuplicates path="/leads" id={leadId} />
);
