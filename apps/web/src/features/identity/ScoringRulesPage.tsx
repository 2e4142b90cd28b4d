import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { conditionError, type ScoringRule } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../lib/forms';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { deleteRecord, saveRecord } from '../settings/api';
import { identityKeys, recomputeScores, useScoringRules } from './api';
import { RulePreview, parseCondition } from './RulePreview';

/** Scoring rules: a condition on the lead, its company, contact and events, and the points it gives. */
export function ScoringRulesPage() {
  const { t } = useTranslation('identity');
  const rules = useScoringRules();
  const [editing, setEditing] = useState<ScoringRule | 'new' | null>(null);
  const recompute = useMutation({
    mutationFn: recomputeScores,
    onSuccess: () => notifySuccess(t('scoring.recomputeQueued')),
    onError: (e) => notifyError(e),
  });
  if (rules.isLoading) return <LoadingState />;
  if (rules.error) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm" maw={640}>
          {t('scoring.intro')}
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={() => recompute.mutate()} loading={recompute.isPending}>
            {t('scoring.recompute')}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('scoring.add')}
          </Button>
        </Group>
      </Group>
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped highlightOnHover miw={360}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('field.name')}</Table.Th>
              <Table.Th>{t('field.points')}</Table.Th>
              <Table.Th>{t('field.decayDays')}</Table.Th>
              <Table.Th>{t('field.active')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data ?? []).map((r) => (
              <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(r)}>
                <Table.Td>
                  <Text size="sm" c="blue" component="button" type="button" bd={0} bg="none" p={0}>
                    {r.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={r.points < 0 ? 'red' : 'teal'} variant="light">
                    {r.points > 0 ? `+${r.points}` : r.points}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.decayDays ?? '—'}</Table.Td>
                <Table.Td>{r.active ? t('yes') : t('no')}</Table.Td>
              </Table.Tr>
            ))}
            {rules.data?.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm" ta="center" py="md">
                    {t('scoring.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing && (
        <ScoringRuleEditor rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}

interface Values {
  name: string;
  condition: string;
  points: number | string;
  decayDays: number | string;
  active: boolean;
}

function ScoringRuleEditor({ rule, onClose }: { rule: ScoringRule | null; onClose: () => void }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: rule?.name ?? '',
      condition: JSON.stringify(rule?.condition ?? { '==': [{ var: 'lead.keyAccount' }, true] }, null, 2),
      points: rule?.points ?? 10,
      decayDays: rule?.decayDays ?? '',
      active: rule?.active ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : t('required')),
      condition: (v) => {
        const parsed = parseCondition(v);
        if ('error' in parsed) return t('invalidJson', { reason: parsed.error });
        const why = conditionError(parsed.value);
        return why ? t('invalidLogic', { reason: why }) : null;
      },
    },
  });
  const parsed = parseCondition(form.values.condition);
  const save = useMutation({
    mutationFn: (v: Values) =>
      saveRecord<ScoringRule>('/scoring-rules', rule, {
        name: v.name,
        condition: JSON.parse(v.condition) as unknown,
        points: Number(v.points),
        decayDays: v.decayDays === '' ? null : Number(v.decayDays),
        active: v.active,
      }),
    onSuccess: () => {
      notifySuccess(t('saved'));
      void qc.invalidateQueries({ queryKey: identityKeys.scoringRules });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) notifyError(e);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteRecord('/scoring-rules', rule!.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: identityKeys.scoringRules });
      onClose();
    },
    onError: (e) => notifyError(e),
  });
  const points = Number(form.values.points) || 0;
  return (
    <Modal opened onClose={onClose} title={rule ? t('scoring.edit') : t('scoring.add')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <TextInput label={t('field.name')} required {...form.getInputProps('name')} />
          <Group grow>
            <NumberInput label={t('field.points')} min={-1000} max={1000} {...form.getInputProps('points')} />
            <NumberInput
              label={t('field.decayDays')}
              description={t('scoring.decayHelp')}
              min={1}
              max={3650}
              {...form.getInputProps('decayDays')}
            />
          </Group>
          <Textarea
            label={t('field.condition')}
            description={t('conditionHelp')}
            autosize
            minRows={4}
            ff="monospace"
            {...form.getInputProps('condition')}
          />
          <Switch label={t('field.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          {'value' in parsed && (
            <RulePreview
              condition={parsed.value}
              outcome={(holds) =>
                holds
                  ? t('preview.scores', { points: points > 0 ? `+${points}` : points })
                  : t('preview.noMatch')
              }
            />
          )}
          <Group justify="space-between">
            {rule ? (
              <Button color="red" variant="subtle" onClick={() => remove.mutate()} loading={remove.isPending}>
                {t('delete')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
