import { Badge, Button, Group, Menu, Paper, Rating, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconChevronDown, IconPencil, IconPrinter, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadAction, LeadStatus } from '@leadline/contract';
import { useSession } from '../../app/auth';
import { formatMoney } from '../../i18n/format';
import { usePhaseLabels } from '../../i18n/labels';
import { personName } from '../../lib/format';
import { useStatuses } from '../../lib/refs';
import { notifySuccess } from '../../components/notify';
import { ScoreReasons } from '../identity/ScoreReasons';
import { reportUrl } from '../work/api';
import { runAction, updateLead, useLeadChanged } from './api';
import { StatusBadge } from './columns';
import { offeredActions, useActionLabels } from './offeredActions';
import { StatusBar } from './StatusBar';
import { useVisitedStatuses } from './visitedStatuses';

/** Actions shown as buttons, in this order; the rest sit in the "More" menu. */
const primary: LeadAction[] = ['take', 'accept', 'assign', 'reassign', 'qualify', 'disqualify', 'reopen'];
const secondary: LeadAction[] = ['drop', 'add-to-marketing-list', 'activate', 'deactivate'];

/**
 * The top of a lead's page: number, status and phase, name, company, contact, owner and score, the
 * actions the user may run, and the status bar to move the lead along.
 */
export function LeadHeader({
  lead,
  companyName,
  contactName,
  ownerName,
  unitName,
  onAction,
  onCommunicate,
}: {
  lead: Lead;
  companyName: string | undefined;
  contactName: string | undefined;
  ownerName: string | undefined;
  unitName: string;
  onAction: (action: LeadAction) => void;
  onCommunicate: () => void;
}) {
  const { t } = useTranslation('leads');
  const phaseLabels = usePhaseLabels();
  const actionLabels = useActionLabels();
  const leadChanged = useLeadChanged();
  const { user } = useSession();
  const statuses = useStatuses();
  const allowed = offeredActions(lead, user);
  const visited = useVisitedStatuses(lead);
  const move = useMutation({
    mutationFn: (s: LeadStatus) => runAction(lead.id, 'move', { statusId: s.id }),
    onSuccess: (l, s) => {
      leadChanged(l);
      notifySuccess(t('movedTo', { status: s.name }));
    },
  });
  const score = useMutation({
    mutationFn: (value: number) => updateLead(lead, { score: value }),
    onSuccess: leadChanged,
  });
  const closedStatusClicked = (s: LeadStatus) => {
    const a: LeadAction | null =
      s.phase === 'won'
        ? 'qualify'
        : s.phase === 'lost'
          ? 'disqualify'
          : s.phase === 'dropped'
            ? 'drop'
            : null;
    if (a && allowed.has(a)) onAction(a);
  };
  const status = statuses.data?.find((s) => s.id === lead.statusId);
  const more = secondary.filter((a) => allowed.has(a));
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        {/* On a phone the actions go below the title, in as many rows as they need. */}
        <Group justify="space-between" align="flex-start" gap="sm">
          <div style={{ minWidth: 0, flex: '1 1 300px' }}>
            <Group gap="xs">
              <Badge variant="outline" color="gray" ff="monospace" aria-label={t('page.number')}>
                {lead.number}
              </Badge>
              <StatusBadge status={status} />
              <Badge color="gray" variant="light">
                {phaseLabels[lead.phase]}
              </Badge>
              {!lead.active && <Badge color="dark">{t('inactive')}</Badge>}
              {lead.overdueDays > 0 && (
                <Badge color="red">{t('daysOverdue', { count: lead.overdueDays })}</Badge>
              )}
            </Group>
            <Title order={1} mt={6} fz={{ base: 22, sm: 34 }} style={{ wordBreak: 'break-word' }}>
              {lead.name}
            </Title>
            <Group gap="md" mt={4} style={{ rowGap: 2 }}>
              <Text size="sm" c="dimmed">
                {lead.companyName ?? companyName ?? lead.leadCompanyName ?? t('noCompany')}
                {' · '}
                {personName(lead) || contactName || t('noContact')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('ownerLabel')}{' '}
                <b>{ownerName ?? (lead.unitId ? t('unitQueue', { unit: unitName }) : t('unassigned'))}</b>
              </Text>
              {lead.targetAmount && (
                <Text size="sm" c="dimmed">
                  {t('targetLabel')} <b>{formatMoney(lead.targetAmount)}</b>
                </Text>
              )}
              <Group gap={4}>
                <Text size="sm" c="dimmed" id="score-label">
                  {t('field.score')}
                </Text>
                <Rating
                  aria-labelledby="score-label"
                  value={lead.score ?? 0}
                  onChange={(v) => score.mutate(v)}
                  readOnly={!lead.active}
                  size="sm"
                />
                <Tooltip label={t('computedScoreOf', { score: lead.computedScore })}>
                  <Badge variant="light" color="grape">
                    {lead.computedScore}
                  </Badge>
                </Tooltip>
              </Group>
            </Group>
            <ScoreReasons lead={lead} />
          </div>
          <Group gap={6}>
            {primary
              .filter((a) => allowed.has(a))
              .map((a) => (
                <Button
                  key={a}
                  variant={a === 'qualify' ? 'filled' : 'light'}
                  color={a === 'disqualify' ? 'red' : undefined}
                  onClick={() => onAction(a)}
                >
                  {actionLabels[a]}
                </Button>
              ))}
            {lead.active && (
              <Button variant="default" leftSection={<IconSend size={14} />} onClick={onCommunicate}>
                {t('work:comm.open')}
              </Button>
            )}
            <Button
              component="a"
              href={reportUrl(lead.id)}
              target="_blank"
              rel="noopener"
              variant="default"
              leftSection={<IconPrinter size={14} />}
            >
              {t('work:print')}
            </Button>
            {lead.active && (
              <Button
                component={Link}
                to={`/leads/${lead.id}/edit`}
                variant="default"
                leftSection={<IconPencil size={14} />}
              >
                {t('common:edit')}
              </Button>
            )}
            {more.length > 0 && (
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={12} />}>
                    {t('more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {more.map((a) => (
                    <Menu.Item
                      key={a}
                      color={a === 'drop' ? 'red' : undefined}
                      // The menu gives the focus back to its button as it closes; the dialog opens
                      // after that, so that it takes the focus and keeps it.
                      onClick={() => setTimeout(() => onAction(a), 30)}
                    >
                      {actionLabels[a]}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
        {statuses.data && (
          <StatusBar
            lead={lead}
            statuses={statuses.data}
            visited={visited}
            canMove={allowed.has('move') && lead.active}
            onMove={(s) => move.mutate(s)}
            onClosed={closedStatusClicked}
          />
        )}
      </Stack>
    </Paper>
  );
}
