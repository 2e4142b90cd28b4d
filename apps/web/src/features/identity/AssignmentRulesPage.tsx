import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
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
import { conditionError, type AssignmentRule, type AssignmentTarget } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../lib/forms';
import { nameOf, toOptions, useUnits, useUsers } from '../../lib/queries';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { deleteRecord, saveRecord } from '../settings/api';
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
  const [editing, setEditing] = useState<AssignmentRule | 'new' | null>(null);
  if (rules.isLoading) return <LoadingState />;
  if (rules.error) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  const targetText = (target: AssignmentTarget) =>
    'userId' in target
      ? t('assignment.toUser', { name: nameOf(users.data?.items, target.userId) })
      : 'unitId' in target
        ? t('assignment.toQueue', { name: nameOf(units.data?.items, target.unitId) })
        : t('assignment.toRoundRobin', { name: nameOf(units.data?.items, target.roundRobinUnitId) });
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm" maw={640}>
          {t('assignment.intro')}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          {t('assignment.add')}
        </Button>
      </Group>
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table striped highlightOnHover miw={360}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('field.position')}</Table.Th>
              <Table.Th>{t('field.name')}</Table.Th>
              <Table.Th>{t('field.target')}</Table.Th>
              <Table.Th>{t('field.active')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data ?? []).map((r) => (
              <Table.Tr key={r.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(r)}>
                <Table.Td>{r.position}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="blue">
                    {r.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{targetText(r.target)}</Badge>
                </Table.Td>
                <Table.Td>{r.active ? t('yes') : t('no')}</Table.Td>
              </Table.Tr>
            ))}
            {rules.data?.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed" size="sm" ta="center" py="md">
                    {t('assignment.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing && (
        <AssignmentRuleEditor
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          targetText={targetText}
        />
      )}
    </Stack>
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
  onClose,
  targetText,
}: {
  rule: AssignmentRule | null;
  onClose: () => void;
  targetText: (t: AssignmentTarget) => string;
}) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
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
  const save = useMutation({
    mutationFn: (v: Values) =>
      saveRecord<AssignmentRule>('/assignment-rules', rule, {
        name: v.name,
        position: Number(v.position) || 0,
        condition: JSON.parse(v.condition) as unknown,
        target: targetOf(v),
        active: v.active,
      }),
    onSuccess: () => {
      notifySuccess(t('saved'));
      void qc.invalidateQueries({ queryKey: identityKeys.assignmentRules });
      onClose();
    },
    onError: (e) => {
      if (
        !applyFieldErrors(form, e, {
          'target.userId': 'targetId',
          'target.unitId': 'targetId',
          'target.roundRobinUnitId': 'targetId',
        })
      )
        notifyError(e);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteRecord('/assignment-rules', rule!.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: identityKeys.assignmentRules });
      onClose();
    },
    onError: (e) => notifyError(e),
  });
  const parsed = parseCondition(form.values.condition);
  const options =
    form.values.kind === 'user' ? toOptions(users.data?.items, true) : toOptions(units.data?.items, true);
  return (
    <Modal opened onClose={onClose} title={rule ? t('assignment.edit') : t('assignment.add')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
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
                holds
                  ? t('preview.assigns', { target: targetText(targetOf(form.values)) })
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
