import { useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconList, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { phases, type CommunicationRule, type Phase } from '@leadline/contract';
import { applyFieldErrors } from '../../../lib/forms';
import { useStatuses } from '../../../lib/refs';
import { usePhaseLabels } from '../../../i18n/labels';
import { formatDateTime } from '../../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { notifyError, notifySuccess } from '../../../components/notify';
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
  const qc = useQueryClient();
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
  const save = useMutation({
    mutationFn: (v: RuleInput) =>
      createRule({
        ...v,
        statusId: v.event === 'status_entered' ? v.statusId : null,
        phase: v.event === 'phase_entered' ? v.phase : null,
      }),
    onSuccess: () => {
      notifySuccess(t('rules.saved'));
      void qc.invalidateQueries({ queryKey: adminKeys.rules });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) notifyError(e);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('rules.new')} size="lg">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
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
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common:save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RuleLog({ rule, onClose }: { rule: CommunicationRule; onClose: () => void }) {
  const { t } = useTranslation('work');
  const log = useRuleLog(rule.id);
  return (
    <Modal opened onClose={onClose} title={t('rules.logOf', { name: rule.name })} size="xl">
      {log.isLoading ? (
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
      )}
    </Modal>
  );
}

/** Automatic messages: when a lead does something, a template goes to its contact, owner or unit. */
export function RulesPage() {
  const { t } = useTranslation('work');
  const labels = useRuleLabels();
  const list = useRules();
  const templates = useTemplates();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [logOf, setLogOf] = useState<CommunicationRule | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: adminKeys.rules });
  const toggle = useMutation({
    mutationFn: (r: CommunicationRule) => setRuleActive(r.id, !r.active),
    onSuccess: refresh,
    onError: (e) => notifyError(e),
  });
  const remove = useMutation({ mutationFn: deleteRule, onSuccess: refresh, onError: (e) => notifyError(e) });
  if (list.isLoading) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  const templateName = (id: string) => templates.data?.items.find((x) => x.id === id)?.name ?? '';
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)}>
          {t('rules.new')}
        </Button>
      </Group>
      {items.length === 0 ? (
        <EmptyState title={t('rules.none')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('rules.name')}</Table.Th>
                <Table.Th>{t('rules.when')}</Table.Th>
                <Table.Th>{t('rules.template')}</Table.Th>
                <Table.Th>{t('rules.to')}</Table.Th>
                <Table.Th>{t('rules.active')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{labels.event[r.event]}</Table.Td>
                  <Table.Td>{templateName(r.templateId)}</Table.Td>
                  <Table.Td>{labels.recipient[r.recipient]}</Table.Td>
                  <Table.Td>
                    <Switch
                      checked={r.active}
                      onChange={() => toggle.mutate(r)}
                      aria-label={t('rules.activeNamed', { name: r.name })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('rules.logOf', { name: r.name })}
                        onClick={() => setLogOf(r)}
                      >
                        <IconList size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('rules.deleteNamed', { name: r.name })}
                        onClick={() => remove.mutate(r.id)}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <NewRule onClose={() => setCreating(false)} />}
      {logOf && <RuleLog rule={logOf} onClose={() => setLogOf(null)} />}
    </Stack>
  );
}
