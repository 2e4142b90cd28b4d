import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import { IconCalendarEvent, IconMail, IconMessage2, IconPaperclip } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { PlannedActivityType, TimelineItem } from '@leadline/contract';
import { activityTypeLabels } from './activityLabels';
import { formatDateTime } from '../../i18n/format';

interface ItemView {
  bullet: ReactNode;
  color: string;
  title: string;
  body: ReactNode;
}

/** Activities, messages and files on the lead's timeline; null for kinds of other features. */
export function workItemView(item: TimelineItem, actor: string, t: TFunction): ItemView | null {
  const p = (item.payload ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (item.kind === 'activity') {
    const change = str(p.change);
    const type = activityTypeLabels(t)[str(p.type) as PlannedActivityType] ?? str(p.type);
    const titles: Record<string, string> = {
      created: t('work:timeline.activity.created', { actor, type }),
      updated: t('work:timeline.activity.updated', { actor, type }),
      done: t('work:timeline.activity.done', { actor, type }),
      reopened: t('work:timeline.activity.reopened', { actor, type }),
      deleted: t('work:timeline.activity.deleted', { actor, type }),
    };
    const when = str(p.dueAt) || str(p.startAt);
    return {
      bullet: <IconCalendarEvent size={12} />,
      color: change === 'done' ? '#0ca678' : change === 'deleted' ? '#868e96' : '#1c7ed6',
      title: titles[change] ?? titles.updated,
      body: (
        <>
          <Text size="sm">{str(p.subject)}</Text>
          {when && change !== 'done' && (
            <Text size="xs" c="dimmed">
              {t('work:timeline.due', { when: formatDateTime(when) })}
            </Text>
          )}
          {change === 'done' && str(p.outcome) && (
            <Text size="xs" c="dimmed">
              {t('work:activity.outcomeIs', { outcome: str(p.outcome) })}
            </Text>
          )}
        </>
      ),
    };
  }
  if (item.kind === 'message') {
    const email = p.channel !== 'sms';
    const to = Array.isArray(p.to) ? (p.to as string[]).join(', ') : '';
    const files = Array.isArray(p.attachments)
      ? (p.attachments as { name: string }[]).map((f) => f.name)
      : [];
    return {
      bullet: email ? <IconMail size={12} /> : <IconMessage2 size={12} />,
      color: '#f08c00',
      title: email ? t('work:timeline.emailed', { actor, to }) : t('work:timeline.texted', { actor, to }),
      body: (
        <>
          {str(p.subject) && <Text size="sm">{str(p.subject)}</Text>}
          {files.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('work:timeline.withFiles', { files: files.join(', ') })}
            </Text>
          )}
        </>
      ),
    };
  }
  if (item.kind === 'attachment') {
    return {
      bullet: <IconPaperclip size={12} />,
      color: '#868e96',
      title:
        p.change === 'deleted'
          ? t('work:timeline.fileDeleted', { actor, name: str(p.name) })
          : t('work:timeline.fileAdded', { actor, name: str(p.name) }),
      body: null,
    };
  }
  return null;
}
