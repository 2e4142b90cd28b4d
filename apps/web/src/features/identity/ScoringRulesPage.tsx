import { Badge, Button, Group, NumberInput, Switch, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { conditionError, type ScoringRule } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/notify';
import { deleteRecord, saveRecord } from '../settings/api';
import {
  CrudForm,
  RecordDialog,
  SettingsCrudPage,
  useCrudSave,
  useSettingsCrud,
  type SettingsCrud,
} from '../settings/crud';
import { identityKeys, recomputeScores, useScoringRules } from './api';
import { RulePreview, parseCondition } from './RulePreview';

/** Scoring rules: a condition on the lead, its company, contact and events, and the points it gives. */
export function ScoringRulesPage() {
  const { t } = useTranslation('identity');
  const rules = useScoringRules();
  const crud = useSettingsCrud<ScoringRule>({
    queryKey: identityKeys.scoringRules,
    remove: (r) => deleteRecord('/scoring-rules', r.id),
  });
  const recompute = useMutation({
    mutationFn: recomputeScores,
    onSuccess: () => notifySuccess(t('scoring.recomputeQueued')),
    onError: (e) => notifyError(e),
  });
  return (
    <SettingsCrudPage
      query={rules}
      rows={rules.data ?? []}
      crud={crud}
      intro={t('scoring.intro')}
      toolbar={
        <Button variant="default" onClick={() => recompute.mutate()} loading={recompute.isPending}>
          {t('scoring.recompute')}
        </Button>
      }
      newLabel={t('scoring.add')}
      empty={t('scoring.empty')}
      minWidth={360}
      openOnRow
      columns={[
        { key: 'name', header: t('field.name'), cell: (r) => r.name, opens: true },
        {
          key: 'points',
          header: t('field.points'),
          cell: (r) => (
            <Badge color={r.points < 0 ? 'red' : 'teal'} variant="light">
              {r.points > 0 ? `+${r.points}` : r.points}
            </Badge>
          ),
        },
        { key: 'decay', header: t('field.decayDays'), cell: (r) => r.decayDays ?? '—' },
        {
          key: 'active',
          header: t('field.active'),
          cell: (r) => (r.active ? t('yes') : t('no')),
        },
      ]}
    >
      <RecordDialog
        value={crud.editing}
        onClose={crud.close}
        title={(v) => (v === 'new' ? t('scoring.add') : t('scoring.edit'))}
        size="lg"
      >
        {(v) => <ScoringRuleEditor rule={v === 'new' ? null : v} crud={crud} />}
      </RecordDialog>
    </SettingsCrudPage>
  );
}

interface Values {
  name: string;
  condition: string;
  points: number | string;
  decayDays: number | string;
  active: boolean;
}

function ScoringRuleEditor({ rule, crud }: { rule: ScoringRule | null; crud: SettingsCrud<ScoringRule> }) {
  const { t } = useTranslation('identity');
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
  const save = useCrudSave(form, {
    queryKey: identityKeys.scoringRules,
    save: (v: Values) =>
      saveRecord<ScoringRule>('/scoring-rules', rule, {
        name: v.name,
        condition: JSON.parse(v.condition) as unknown,
        points: Number(v.points),
        decayDays: v.decayDays === '' ? null : Number(v.decayDays),
        active: v.active,
      }),
    saved: t('saved'),
    onSaved: crud.close,
  });
  const points = Number(form.values.points) || 0;
  return (
    <CrudForm
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      onCancel={crud.close}
      saving={save.isPending}
      onDelete={rule ? () => crud.remove(rule) : undefined}
      deleting={crud.removing}
    >
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
            holds ? t('preview.scores', { points: points > 0 ? `+${points}` : points }) : t('preview.noMatch')
          }
        />
      )}
    </CrudForm>
  );
}
