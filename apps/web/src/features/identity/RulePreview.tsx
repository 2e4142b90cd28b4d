import { useState } from 'react';
import { Alert, Button, Group, Text, TextInput } from '@mantine/core';
import { conditionHolds } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api';
import { findLeadFacts } from './api';

/**
 * Previews a condition against a real lead: the server hands over what rules read of the lead, and the
 * condition is evaluated here with the same code the server runs.
 */
export function RulePreview({
  condition,
  outcome,
}: {
  condition: unknown;
  outcome: (holds: boolean) => string;
}) {
  const { t } = useTranslation('identity');
  const [q, setQ] = useState('');
  const [result, setResult] = useState<{ name: string; holds: boolean } | { error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const found = await findLeadFacts(q.trim());
      setResult(
        found
          ? { name: `${found.lead.number} ${found.lead.name}`, holds: conditionHolds(condition, found.facts) }
          : { error: t('preview.noLead') },
      );
    } catch (e) {
      setResult({ error: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label={t('preview.lead')}
          placeholder={t('preview.leadPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Button variant="default" onClick={() => void run()} loading={busy} disabled={!q.trim()}>
          {t('preview.run')}
        </Button>
      </Group>
      {result && 'error' in result && (
        <Text size="sm" c="red" mt="xs">
          {result.error}
        </Text>
      )}
      {result && 'holds' in result && (
        <Alert mt="xs" color={result.holds ? 'teal' : 'gray'} data-testid="rule-preview">
          <Text size="sm">
            {result.name}: {outcome(result.holds)}
          </Text>
        </Alert>
      )}
    </div>
  );
}

/** The condition typed as JSON: the value, or the reason it is not valid JSON Logic yet. */
export function parseCondition(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
