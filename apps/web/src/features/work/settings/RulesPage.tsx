import { useState } from 'react';
import { Anchor, Badge, Select, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconList } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { phases, type CommunicationRule, type Phase } from '@leadline/contract';
import { useStatuses } from '../../../lib/refs';
import { usePhaseLabels } from '../../../i18n/labels';
import { formatDateTime } from '../../../i18n/format';
import { ErrorState, LoadingState } from '../../../components/States';
import { CrudForm, RecordDialog, SettingsCrudPage, useCrudSave, useSettingsCrud } from '../../settings/crud';
import { useTemplates } from '../api';
import {
  adminKeys,
  createRule,
  deleteRule,
  setRuleActive,
  useRuleLog,
  useRules,
  type RuleInput,
} from './api';

function useRuleLabels() {
  const { t } = useTranslation('work');
  return {
    event: {
      created: t('rules.event.created'),
      status_entered: t('rules.event.statusEntered'),
      phase_entered: t('rules.event.phaseEntered'),
      assigned: t('rules.event.assigned'),
      overdue: t('rules.event.overdue'),
      qualified: t('rules.event.qualified'),
      disqualified: t('rules.event.disqualified'),
    } satisfies Record<CommunicationRule['event'], string>,
    recipient: {
      contact: t('rules.recipient.contact'),
      owner: t('rules.recipient.owner'),
      unit: t('rules.recipient.unit'),
    } satisfies Record<CommunicationRule['recipient'], string>,
  };
}

function NewRule({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('work');
  const labels = useRuleLabels();
  const phaseLabels = usePhaseLabels();
  const statuses = useStatuses();
  const templates = useTemplates();
  const form = useForm<RuleInput>({
    initialValues: {
      name: '',
      event: 'created',
      statusId: null,
      phase: null,
      templateId: '',
      recipient: 'contact',
      active: true,
    },
  });
  const save = useCrudSave(form, {
    queryKey: adminKeys.rules,
    save: (v: RuleInput) =>
      createRule({
        ...v,
        statusId: v.event === 'status_entered' ? v.statusId : null,
        phase: v.event === 'phase_entered' ? v.phase : null,
      }),
    saved: t('rules.saved'),
    onSaved: onClose,
  });
  return (
    <CrudForm onSubmit={form.onSubmit((v) => save.mutate(v))} onCancel={onClose} saving={save.isPending}>
      <TextInput label={t('rules.name')} required {...form.getInputProps('name')} />
      <Select
        label={t('rules.when')}
        data={Object.entries(labels.event).map(([value, label]) => ({ value, label }))}
        allowDeselect={false}
        {...form.getInputProps('event')}
      />
      {form.values.event === 'status_entered' && (
        <Select
          label={t('rules.status')}
          placeholder={t('rules.anyStatus')}
          clearable
          data={(statuses.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          {...form.getInputProps('statusId')}
        />
      )}
      {form.values.event === 'phase_entered' && (
        <Select
          label={t('rules.phase')}
          placeholder={t('rules.anyPhase')}
          clearable
          data={phases.map((p) => ({ value: p, label: phaseLabels[p as Phase] }))}
          {...form.getInputProps('phase')}
        />
      )}
      <Select
        label={t('rules.template')}
        required
        data={(templates.data?.items ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
        {...form.getInputProps('templateId')}
      />
      <Select
        label={t('rules.to')}
        data={Object.entries(labels.recipient).map(([value, label]) => ({ value, label }))}
        allowDeselect={false}
        {...form.getInputProps('recipient')}
      />
      <Switch label={t('rules.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
    </CrudForm>
  );
}

function RuleLog({ rule }: { rule: CommunicationRule }) {
  const { t } = useTranslation('work');
  const log = useRuleLog(rule.id);
  return log.isLoading ? (
    <LoadingState />
  ) : log.isError ? (
    <ErrorState error={log.error} onRetry={() => void log.refetch()} />
  ) : (log.data?.items.length ?? 0) === 0 ? (
    <Text size="sm" c="dimmed">
      {t('rules.logEmpty')}
    </Text>
  ) : (
    <Table.ScrollContainer minWidth={480}>
      <Table>
        <Table.Tbody>
          {log.data!.items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDateTime(e.createdAt)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/leads/${e.leadId}`} size="sm">
                  {t('rules.openLead')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge color={e.outcome === 'sent' ? 'teal' : 'gray'} variant="light">
                  {e.outcome === 'sent' ? t('rules.sent') : t('rules.skipped')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{e.reason}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Automatic messages: when a lead does something, a template goes to its contact, owner or unit. */
export function RulesPage() {
  const { t } = useTranslation('work');
  const labels = useRuleLabels();
  const list = useRules();
  const templates = useTemplates();
  const crud = useSettingsCrud<CommunicationRule>({
    queryKey: adminKeys.rules,
    remove: (r) => deleteRule(r.id),
    setActive: (r, active) => setRuleActive(r.id, active),
  });
  const [logOf, setLogOf] = useState<CommunicationRule | null>(null);
  const templateName = (id: string) => templates.data?.items.find((x) => x.id === id)?.name ?? '';
  return (
    <SettingsCrudPage
      query={list}
      rows={list.data?.items ?? []}
      crud={crud}
      newLabel={t('rules.new')}
      empty={t('rules.none')}
      minWidth={640}
      columns={[
        { key: 'name', header: t('rules.name'), cell: (r) => r.name },
        { key: 'when', header: t('rules.when'), cell: (r) => labels.event[r.event] },
        { key: 'template', header: t('rules.template'), cell: (r) => templateName(r.templateId) },
        { key: 'to', header: t('rules.to'), cell: (r) => labels.recipient[r.recipient] },
      ]}
      activeSwitch={{ header: t('rules.active'), label: (r) => t('rules.activeNamed', { name: r.name }) }}
      actions={[
        {
          key: 'log',
          label: (r) => t('rules.logOf', { name: r.name }),
          icon: <IconList size={14} />,
          onClick: setLogOf,
        },
      ]}
      deleteLabel={(r) => t('rules.deleteNamed', { name: r.name })}
    >
      <RecordDialog value={crud.editing} onClose={crud.close} title={() => t('rules.new')} size="lg">
        {() => <NewRule onClose={crud.close} />}
      </RecordDialog>
      <RecordDialog
        value={logOf}
        onClose={() => setLogOf(null)}
        title={(r) => t('rules.logOf', { name: r.name })}
        size="xl"
      >
        {(r) => <RuleLog rule={r} />}
      </RecordDialog>
    </SettingsCrudPage>
  );
}
