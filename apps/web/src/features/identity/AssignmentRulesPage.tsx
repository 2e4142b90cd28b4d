import {
  Badge,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Switch,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { conditionError, type AssignmentRule, type AssignmentTarget } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { nameOf, toOptions, useUnits, useUsers } from '../../lib/queries';
import { deleteRecord, saveRecord } from '../settings/api';
import {
  CrudForm,
  RecordDialog,
  SettingsCrudPage,
  useCrudSave,
  useSettingsCrud,
  type SettingsCrud,
} from '../settings/crud';
import { identityKeys, useAssignmentRules } from './api';
import { RulePreview, parseCondition } from './RulePreview';

type Kind = 'user' | 'unit' | 'roundRobin';
const kindOf = (t: AssignmentTarget): Kind =>
  'userId' in t ? 'user' : 'unitId' in t ? 'unit' : 'roundRobin';

/** Assignment rules, in the order they are tried: the first whose condition holds gives a new lead its owner. */
export function AssignmentRulesPage() {
  const { t } = useTranslation('identity');
  const rules = useAssignmentRules();
  const users = useUsers();
  const units = useUnits();
  const crud = useSettingsCrud<AssignmentRule>({
    queryKey: identityKeys.assignmentRules,
    remove: (r) => deleteRecord('/assignment-rules', r.id),
  });
  const targetText = (target: AssignmentTarget) =>
    'userId' in target
      ? t('assignment.toUser', { name: nameOf(users.data?.items, target.userId) })
      : 'unitId' in target
        ? t('assignment.toQueue', { name: nameOf(units.data?.items, target.unitId) })
        : t('assignment.toRoundRobin', { name: nameOf(units.data?.items, target.roundRobinUnitId) });
  return (
    <SettingsCrudPage
      query={rules}
      rows={rules.data ?? []}
      crud={crud}
      intro={t('assignment.intro')}
      newLabel={t('assignment.add')}
      empty={t('assignment.empty')}
      minWidth={360}
      openOnRow
      columns={[
        { key: 'position', header: t('field.position'), cell: (r) => r.position },
        { key: 'name', header: t('field.name'), cell: (r) => r.name, opens: true },
        {
          key: 'target',
          header: t('field.target'),
          cell: (r) => <Badge variant="light">{targetText(r.target)}</Badge>,
        },
        { key: 'active', header: t('field.active'), cell: (r) => (r.active ? t('yes') : t('no')) },
      ]}
    >
      <RecordDialog
        value={crud.editing}
        onClose={crud.close}
        title={(v) => (v === 'new' ? t('assignment.add') : t('assignment.edit'))}
        size="lg"
      >
        {(v) => <AssignmentRuleEditor rule={v === 'new' ? null : v} crud={crud} targetText={targetText} />}
      </RecordDialog>
    </SettingsCrudPage>
  );
}

interface Values {
  name: string;
  position: number | string;
  condition: string;
  kind: Kind;
  targetId: string | null;
  dailyCap: number | string;
  active: boolean;
}

function AssignmentRuleEditor({
  rule,
  crud,
  targetText,
}: {
  rule: AssignmentRule | null;
  crud: SettingsCrud<AssignmentRule>;
  targetText: (t: AssignmentTarget) => string;
}) {
  const { t } = useTranslation('identity');
  const users = useUsers();
  const units = useUnits();
  const target = rule?.target;
  const form = useForm<Values>({
    initialValues: {
      name: rule?.name ?? '',
      position: rule?.position ?? 0,
      condition: JSON.stringify(rule?.condition ?? true, null, 2),
      kind: target ? kindOf(target) : 'roundRobin',
      targetId: target
        ? 'userId' in target
          ? target.userId
          : 'unitId' in target
            ? target.unitId
            : target.roundRobinUnitId
        : null,
      dailyCap: target && 'roundRobinUnitId' in target ? (target.dailyCap ?? '') : '',
      active: rule?.active ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : t('required')),
      targetId: (v) => (v ? null : t('required')),
      condition: (v) => {
        const parsed = parseCondition(v);
        if ('error' in parsed) return t('invalidJson', { reason: parsed.error });
        const why = conditionError(parsed.value);
        return why ? t('invalidLogic', { reason: why }) : null;
      },
    },
  });
  const targetOf = (v: Values): AssignmentTarget =>
    v.kind === 'user'
      ? { userId: v.targetId! }
      : v.kind === 'unit'
        ? { unitId: v.targetId! }
        : {
            roundRobinUnitId: v.targetId!,
            ...(target && 'roundRobinUnitId' in target && target.weights ? { weights: target.weights } : {}),
            dailyCap: v.dailyCap === '' ? null : Number(v.dailyCap),
          };
  const save = useCrudSave(form, {
    queryKey: identityKeys.assignmentRules,
    save: (v: Values) =>
      saveRecord<AssignmentRule>('/assignment-rules', rule, {
        name: v.name,
        position: Number(v.position) || 0,
        condition: JSON.parse(v.condition) as unknown,
        target: targetOf(v),
        active: v.active,
      }),
    saved: t('saved'),
    onSaved: crud.close,
    aliases: {
      'target.userId': 'targetId',
      'target.unitId': 'targetId',
      'target.roundRobinUnitId': 'targetId',
    },
  });
  const parsed = parseCondition(form.values.condition);
  const options =
    form.values.kind === 'user' ? toOptions(users.data?.items, true) : toOptions(units.data?.items, true);
  return (
    <CrudForm
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      onCancel={crud.close}
      saving={save.isPending}
      onDelete={rule ? () => crud.remove(rule) : undefined}
      deleting={crud.removing}
    >
      <Group grow align="flex-start">
        <TextInput label={t('field.name')} required {...form.getInputProps('name')} />
        <NumberInput label={t('field.position')} min={0} maw={140} {...form.getInputProps('position')} />
      </Group>
      <Textarea
        label={t('field.condition')}
        description={t('conditionHelp')}
        autosize
        minRows={3}
        ff="monospace"
        {...form.getInputProps('condition')}
      />
      <SegmentedControl
        fullWidth
        data={[
          { value: 'roundRobin', label: t('assignment.kind.roundRobin') },
          { value: 'unit', label: t('assignment.kind.unit') },
          { value: 'user', label: t('assignment.kind.user') },
        ]}
        value={form.values.kind}
        onChange={(v) => {
          form.setFieldValue('kind', v as Kind);
          form.setFieldValue('targetId', null);
        }}
      />
      <Select
        label={form.values.kind === 'user' ? t('assignment.user') : t('assignment.unit')}
        data={options}
        searchable
        {...form.getInputProps('targetId')}
      />
      {form.values.kind === 'roundRobin' && (
        <NumberInput
          label={t('field.dailyCap')}
          description={t('assignment.capHelp')}
          min={1}
          {...form.getInputProps('dailyCap')}
        />
      )}
      <Switch label={t('field.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
      {'value' in parsed && form.values.targetId && (
        <RulePreview
          condition={parsed.value}
          outcome={(holds) =>
            holds ? t('preview.assigns', { target: targetText(targetOf(form.values)) }) : t('preview.noMatch')
          }
        />
      )}
    </CrudForm>
  );
}
