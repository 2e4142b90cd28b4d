import { useEffect, useState } from 'react';
import type { LeadView } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { defaultColumnIds, columnById } from './columns';

export const viewValues: LeadView[] = ['my', 'open', 'closed', 'all', 'overdue', 'unassigned', 'inactive'];

/** The views of the lead list, named in the user's language. */
export function useViews(): { value: LeadView; label: string }[] {
  const { t } = useTranslation('leads');
  const labels: Record<LeadView, string> = {
    my: t('view.my'),
    open: t('view.open'),
    closed: t('view.closed'),
    all: t('view.all'),
    overdue: t('view.overdue'),
    unassigned: t('view.unassigned'),
    inactive: t('view.inactive'),
  };
  return viewValues.map((value) => ({ value, label: labels[value] }));
}

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
