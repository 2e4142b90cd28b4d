import { Group, Text } from '@mantine/core';
import type { Lead } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';

/** Why a lead has its computed score: "+20 Key account, +10 Opened e-mail, −30 Fresh interest (no activity)". */
export function ScoreReasons({ lead }: { lead: Pick<Lead, 'scoreReasons'> }) {
  const { t } = useTranslation('identity');
  if (lead.scoreReasons.length === 0) return null;
  return (
    <Group gap={6} mt={4} data-testid="score-reasons" wrap="wrap">
      <Text size="xs" c="dimmed">
        {t('score.why')}
      </Text>
      {lead.scoreReasons.map((r, i) => (
        <Text key={`${r.ruleId}-${i}`} size="xs" c={r.points < 0 ? 'red.7' : 'teal.8'}>
          {r.points < 0 ? '−' : '+'}
          {formatNumber(Math.abs(r.points))} {r.name}
          {r.decayed ? ` ${t('score.decayed')}` : ''}
          {i < lead.scoreReasons.length - 1 ? ',' : ''}
        </Text>
      ))}
    </Group>
  );
}
