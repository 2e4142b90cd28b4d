import { Group, Tooltip, UnstyledButton } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { Lead, LeadStatus } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { textColourOn } from '../../app/theme';

const isOpen = (s: LeadStatus) => s.phase === 'new' || s.phase === 'in_progress';

/**
 * The pipeline as a bar of chevrons: the lead's status highlighted, the open statuses it went through
 * (its history says so) ticked. An open status
 * is clicked to move there; the closed ones are reached only through their actions.
 */
export function StatusBar({
  lead,
  statuses,
  visited,
  canMove,
  onMove,
  onClosed,
}: {
  lead: Lead;
  statuses: LeadStatus[];
  /** The statuses the lead has been in, from its history. */
  visited: ReadonlySet<string>;
  canMove: boolean;
  onMove: (s: LeadStatus) => void;
  onClosed: (s: LeadStatus) => void;
}) {
  const { t } = useTranslation('leads');
  const shown = statuses.filter((s) => s.active || s.id === lead.statusId);
  return (
    <Group gap={2} wrap="nowrap" role="list" aria-label={t('field.statusId')} style={{ overflowX: 'auto' }}>
      {shown.map((s) => {
        const current = s.id === lead.statusId;
        const done = !current && visited.has(s.id) && isOpen(s);
        const clickable = !current && (isOpen(s) ? canMove : true);
        return (
          <Tooltip
            key={s.id}
            label={isOpen(s) ? t('moveTo', { status: s.name }) : t('throughItsAction', { status: s.name })}
            disabled={!clickable}
          >
            <UnstyledButton
              role="listitem"
              aria-current={current ? 'step' : undefined}
              aria-label={s.name}
              disabled={!clickable}
              onClick={() => (isOpen(s) ? onMove(s) : onClosed(s))}
              style={{
                flex: '1 1 0',
                minWidth: 110,
                padding: '6px 14px 6px 18px',
                fontSize: 12,
                fontWeight: current ? 700 : 500,
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                textAlign: 'center',
                color: current
                  ? textColourOn(s.color)
                  : done
                    ? 'var(--mantine-color-dark-6)'
                    : 'var(--mantine-color-gray-7)',
                background: current
                  ? s.color
                  : done
                    ? 'var(--mantine-color-indigo-1)'
                    : 'var(--mantine-color-gray-1)',
                clipPath:
                  'polygon(0 0, calc(100% - 10px) 0, 100% 50%, calc(100% - 10px) 100%, 0 100%, 10px 50%)',
                cursor: clickable ? 'pointer' : 'default',
              }}
            >
              {done && <IconCheck size={11} style={{ marginRight: 4, verticalAlign: -1 }} />}
              {s.name}
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </Group>
  );
}
