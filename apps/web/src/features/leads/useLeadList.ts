import { useEffect, useState } from 'react';
import type { LeadView } from '@leadline/contract';
import { defaultColumnIds, columnById } from './columns';

export const views: { value: LeadView; label: string }[] = [
  { value: 'my', label: 'My leads' },
  { value: 'open', label: 'Opened leads' },
  { value: 'closed', label: 'Closed leads' },
  { value: 'all', label: 'All leads' },
  { value: 'overdue', label: 'Overdue leads' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'inactive', label: 'Inactive' },
];

interface Layout {
  columns: string[];
  sort: string;
}
const STORAGE = 'leadline.leadList.layout.v1';

function readLayout(): Layout {
  try {
    const raw = localStorage.getItem(STORAGE);
    if (raw) {
      const l = JSON.parse(raw) as Partial<Layout>;
      const columns = (l.columns ?? []).filter((c) => columnById.has(c));
      if (columns.length > 0) return { columns, sort: typeof l.sort === 'string' ? l.sort : '-updatedAt' };
    }
  } catch {
    // A damaged entry falls back to the default layout.
  }
  return { columns: defaultColumnIds, sort: '-updatedAt' };
}

/** The user's columns (chosen and ordered) and sort, kept in this browser. */
export function useLayout() {
  const [layout, setLayout] = useState<Layout>(readLayout);
  useEffect(() => {
    localStorage.setItem(STORAGE, JSON.stringify(layout));
  }, [layout]);
  return [layout, setLayout] as const;
}
