import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { Link } from 'react-router';
import type { LeadView } from '@leadline/contract';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/States';

/** What an empty view holds and what to do about it; with a search or filters, how to see more. */
export function ListEmptyState({
  view,
  filtered,
  onClear,
  onView,
}: {
  view: LeadView;
  filtered: boolean;
  onClear: () => void;
  onView: (v: LeadView) => void;
}) {
  const { t } = useTranslation('leadwork');
  if (filtered)
    return (
      <EmptyState
        title={t('empty.filtered.title')}
        description={t('empty.filtered.hint')}
        action={
          <Button variant="light" onClick={onClear}>
            {t('empty.filtered.clear')}
          </Button>
        }
      />
    );
  const create = (
    <Button component={Link} to="/leads/new" variant="light">
      {t('empty.create')}
    </Button>
  );
  const texts: Record<LeadView, { title: string; hint: string; action?: ReactNode }> = {
    my: {
      title: t('empty.my.title'),
      hint: t('empty.my.hint'),
      action: (
        <Group gap="xs" justify="center">
          <Button variant="light" onClick={() => onView('unassigned')}>
            {t('empty.my.seeUnassigned')}
          </Button>
          {create}
        </Group>
      ),
    },
    open: { title: t('empty.open.title'), hint: t('empty.open.hint'), action: create },
    closed: { title: t('empty.closed.title'), hint: t('empty.closed.hint') },
    all: { title: t('empty.all.title'), hint: t('empty.all.hint'), action: create },
    overdue: { title: t('empty.overdue.title'), hint: t('empty.overdue.hint') },
    unassigned: { title: t('empty.unassigned.title'), hint: t('empty.unassigned.hint') },
    inactive: { title: t('empty.inactive.title'), hint: t('empty.inactive.hint') },
  };
  const x = texts[view];
  return <EmptyState title={x.title} description={x.hint} action={x.action} />;
}
