import { Text } from '@mantine/core';
import {
  IconAlertCircle,
  IconArrowRight,
  IconBolt,
  IconBulb,
  IconMessage,
  IconPencil,
  IconPhone,
  IconSparkles,
  IconStar,
} from '@tabler/icons-react';

import type { TimelineItem } from '@leadline/contract';
import { formatMoney } from '../../i18n/format';

import type { TFunction } from 'i18next';

import { UndoMergeButton } from '../identity/MergePage';

import { workItemView } from '../work/timelineItems';

/** How one entry of a lead's timeline reads: an action with its changes, a change, a comment, a message. */
export const commentIcons = {
  message: IconMessage,
  phone: IconPhone,
  idea: IconBulb,
  warning: IconAlertCircle,
  star: IconStar,
} as const;
/** What an action did to the lead, worded without the actor's gender (Russian verbs have one). */
export function actionDone(t: TFunction, action: string | undefined): string {
  const done: Record<string, string> = {
    assign: t('timeline.did.assign'),
    reassign: t('timeline.did.reassign'),
    take: t('timeline.did.take'),
    accept: t('timeline.did.accept'),
    move: t('timeline.did.move'),
    qualify: t('timeline.did.qualify'),
    convert: t('timeline.did.convert'),
    disqualify: t('timeline.did.disqualify'),
    drop: t('timeline.did.drop'),
    reopen: t('timeline.did.reopen'),
    activate: t('timeline.did.activate'),
    deactivate: t('timeline.did.deactivate'),
    'add-to-marketing-list': t('timeline.did.addToMarketingList'),
  };
  return done[action ?? ''] ?? t('timeline.did.other', { action: action ?? '' });
}
export const commentColors = ['#4263eb', '#0ca678', '#f08c00', '#e03131', '#7048e8', '#868e96'];

export function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (typeof v === 'object' && 'amount' in v) return formatMoney(v as { amount: string; currency?: string });
  return JSON.stringify(v);
}

/** An entry as shown: an action carries the field changes it made, so that one step reads as one entry. */
export type Entry = TimelineItem & { changes?: TimelineItem[] };

/**
 * Folds the field changes an action wrote (same moment, same person) into the action's entry: a move
 * is one entry "moved the lead: Status A → B", not three.
 */
export function foldActions(items: TimelineItem[]): Entry[] {
  const key = (i: TimelineItem) => `${i.at}|${i.actorId ?? ''}`;
  const actions = new Map<string, Entry>();
  for (const i of items)
    if (i.kind === 'action' && !actions.has(key(i))) actions.set(key(i), { ...i, changes: [] });
  const out: Entry[] = [];
  for (const i of items) {
    const action = actions.get(key(i));
    if (i.kind === 'action' && action?.id === i.id) out.push(action);
    else if (i.kind === 'changed' && action) action.changes!.push(i);
    else out.push(i);
  }
  return out;
}

export function changeLine(
  item: TimelineItem,
  names: (field: string, value: unknown) => string,
  label: string,
) {
  return (
    <Text size="xs" c="dimmed" key={item.id}>
      {label}:{' '}
      <Text span td="line-through" size="xs">
        {names(item.field ?? '', item.oldValue)}
      </Text>{' '}
      →{' '}
      <Text span size="xs" c="dark">
        {names(item.field ?? '', item.newValue)}
      </Text>
    </Text>
  );
}

export function itemView(
  item: Entry,
  names: (field: string, value: unknown) => string,
  t: TFunction,
  fieldLabels: Record<string, string>,
  undoneMerges: ReadonlySet<string> = new Set(),
) {
  const actor = item.actorName ?? t('timeline.someone');
  if (item.kind === 'comment') {
    const Icon = commentIcons[(item.icon ?? 'message') as keyof typeof commentIcons] ?? IconMessage;
    return {
      bullet: <Icon size={12} />,
      color: item.color ?? '#4263eb',
      title: t('timeline.commented', { actor }),
      body: (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {item.body}
        </Text>
      ),
    };
  }
  if (item.kind === 'created') {
    return {
      bullet: <IconSparkles size={12} />,
      color: '#0ca678',
      title: t('timeline.created', { actor }),
      body: null,
    };
  }
  if (item.kind === 'changed' && item.field) {
    const label = fieldLabels[item.field] ?? item.field;
    return {
      bullet: item.field === 'statusId' ? <IconArrowRight size={12} /> : <IconPencil size={12} />,
      color: item.field === 'statusId' ? '#7048e8' : '#868e96',
      title: t('timeline.changed', { actor, field: label }),
      body: (
        <Text size="xs" c="dimmed">
          <Text span td="line-through" size="xs">
            {names(item.field, item.oldValue)}
          </Text>{' '}
          →{' '}
          <Text span size="xs" c="dark">
            {names(item.field, item.newValue)}
          </Text>
        </Text>
      ),
    };
  }
  if (item.kind === 'action') {
    const payload = (item.payload ?? {}) as { action?: string; params?: { reason?: string | null } };

    const won = payload.action === 'qualify' || payload.action === 'convert';
    const lost = payload.action === 'disqualify' || payload.action === 'drop';
    // The phase follows from the status: its change is not shown beside the status's.
    // The reason is shown once, as the action's text.
    const changes = (item.changes ?? []).filter(
      (c) =>
        !(c.field === 'phase' && item.changes!.some((x) => x.field === 'statusId')) &&
        !(payload.params?.reason && (c.field === 'dropReason' || c.field === 'disqualificationReason')),
    );
    return {
      bullet: <IconBolt size={12} />,
      color: won ? '#0ca678' : lost ? '#e03131' : '#7048e8',
      title: t('timeline.acted', { actor, done: actionDone(t, payload.action) }),
      body:
        payload.params?.reason || changes.length > 0 ? (
          <>
            {payload.params?.reason && <Text size="sm">{payload.params.reason}</Text>}
            {changes.map((c) => changeLine(c, names, fieldLabels[c.field ?? ''] ?? c.field ?? ''))}
          </>
        ) : null,
    };
  }
  if (item.kind === 'merged') {
    const m = (item.payload ?? {}) as { mergeId?: string; mergedIds?: string[]; mergedNumbers?: string[] };
    // Once undone (the undo is on this timeline too), the merge offers no undo any more.
    const undone = !!m.mergeId && undoneMerges.has(m.mergeId);
    return {
      bullet: <IconBolt size={12} />,
      color: '#f08c00',
      title: t('identity:timeline.merged', {
        actor,
        count: m.mergedIds?.length ?? 0,
        numbers: (m.mergedNumbers ?? []).join(', '),
      }),
      body: undone ? (
        <Text size="xs" c="dimmed">
          {t('identity:timeline.mergeWasUndone')}
        </Text>
      ) : m.mergeId ? (
        <UndoMergeButton mergeId={m.mergeId} />
      ) : null,
    };
  }
  if (item.kind === 'merged_into') {
    const m = (item.payload ?? {}) as { keptNumber?: string | number };
    return {
      bullet: <IconBolt size={12} />,
      color: '#f08c00',
      title: t('identity:timeline.mergedInto', { actor, number: m.keptNumber ?? '' }),
      body: null,
    };
  }
  if (item.kind === 'merge_undone') {
    const m = (item.payload ?? {}) as { restoredIds?: string[] };
    return {
      bullet: <IconBolt size={12} />,
      color: '#f08c00',
      title: m.restoredIds
        ? t('identity:timeline.mergeUndone', { actor, count: m.restoredIds.length })
        : t('identity:timeline.restored', { actor }),
      body: null,
    };
  }
  if (item.kind === 'assigned') {
    // Which assignment rule chose the owner or queue, and whom round-robin passed by.
    const a = (item.payload ?? {}) as { ruleName?: string; skipped?: { name?: string; why: string }[] };
    // Literal keys, so that the catalogue check sees each one.
    const why: Record<string, string> = {
      away: t('identity:timeline.why.away'),
      inactive: t('identity:timeline.why.inactive'),
      not_crm_user: t('identity:timeline.why.not_crm_user'),
      daily_cap: t('identity:timeline.why.daily_cap'),
      no_member: t('identity:timeline.why.no_member'),
      unit_inactive: t('identity:timeline.why.unit_inactive'),
    };
    const passed = (a.skipped ?? []).filter((x) => x.name).map((x) => `${x.name} (${why[x.why] ?? x.why})`);
    return {
      bullet: <IconBolt size={12} />,
      color: '#1c7ed6',
      title: t('identity:timeline.assigned', { rule: a.ruleName ?? '' }),
      body: passed.length ? (
        <Text size="xs" c="dimmed">
          {t('identity:timeline.skipped', { names: passed.join(', ') })}
        </Text>
      ) : null,
    };
  }
  const work = workItemView(item, actor, t);
  if (work) return work;
  return {
    bullet: <IconArrowRight size={12} />,
    color: '#4263eb',
    title: t('timeline.other', { actor, kind: item.kind.replace(/_/g, ' ') }),
    body: item.body ? <Text size="sm">{item.body}</Text> : null,
  };
}

/** Everything that happened on the lead, newest first, with a box to comment. */
