import { useMemo } from 'react';
import type { Lead } from '@leadline/contract';
import { useTimeline } from './api';

/**
 * The statuses a lead has been in: its status now and both sides of every status change its history
 * holds (the first change's old side is where it started).
 */
export function useVisitedStatuses(lead: Pick<Lead, 'id' | 'statusId'>): ReadonlySet<string> {
  const timeline = useTimeline(lead.id);
  return useMemo(() => {
    const out = new Set<string>([lead.statusId]);
    for (const page of timeline.data?.pages ?? [])
      for (const i of page.items)
        if (i.kind === 'changed' && i.field === 'statusId')
          for (const v of [i.oldValue, i.newValue]) if (typeof v === 'string') out.add(v);
    return out;
  }, [lead.statusId, timeline.data]);
}
