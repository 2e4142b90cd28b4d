import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DuplicateCandidate, DuplicateCheck } from '@leadline/contract';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { formatNumber } from '../../i18n/format';

const hasInput = (c: DuplicateCheck) =>
  Object.values(c).some((v) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== ''));

/**
 * Likely duplicates of the lead being typed, beside the form: looked up a moment after typing stops,
 * each with its reasons, a link to open it and a way to update that lead instead of creating another.
 */
export function DuplicatesPanel({ values }: { values: DuplicateCheck }) {
  const { t } = useTranslation('identity');
  const navigate = useNavigate();
  const [check] = useDebouncedValue(values, 400);
  const found = useQuery({
    queryKey: ['duplicates-check', check],
    queryFn: ({ signal }) =>
      api<{ items: DuplicateCandidate[] }>('POST', '/leads/duplicates/check', check, {}, signal),
    enabled: hasInput(check),
    placeholderData: keepPreviousData,
    select: (r) => r.items,
  });
  const items = hasInput(check) ? (found.data ?? []) : [];
  return (
    <Paper withBorder p="sm" data-testid="duplicates-panel" aria-live="polite">
      <Title order={2} size="h5" mb="xs">
        {t('duplicates.title')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('duplicates.none')}
        </Text>
      ) : (
        <Stack gap="sm">
          {items.map((d) => (
            <Paper key={d.id} withBorder p="xs" data-testid="duplicate-candidate">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={600} truncate>
                  {d.number} {d.name}
                </Text>
                <Badge variant="light" color="orange" style={{ flexShrink: 0 }}>
                  {formatNumber(d.score, 1)}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {d.reasons.map((r) => r.text).join(', ')}
              </Text>
              <Group gap="xs" mt={6}>
                <Anchor component={Link} to={`/leads/${d.id}`} size="sm" target="_blank">
                  {t('duplicates.open')}
                </Anchor>
                <Button size="compact-xs" variant="light" onClick={() => navigate(`/leads/${d.id}/edit`)}>
                  {t('duplicates.same')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
