import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PlannedActivityType } from '@leadline/contract';

export const activityTypeLabels = (t: TFunction): Record<PlannedActivityType, string> => ({
  call: t('work:activity.type.call'),
  meeting: t('work:activity.type.meeting'),
  task: t('work:activity.type.task'),
  email: t('work:activity.type.email'),
  event: t('work:activity.type.event'),
});

export function useActivityTypeLabels(): Record<PlannedActivityType, string> {
  const { t } = useTranslation('work');
  return activityTypeLabels(t);
}

/** `2026-03-01T09:30` for a datetime-local input, in the browser's zone. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO date-time (with its offset, UTC) of a datetime-local value; null when empty or not a date. */
export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
