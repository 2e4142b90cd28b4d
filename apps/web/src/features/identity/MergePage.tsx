import { useEffect, useMemo, useState } from 'react';
import { Anchor, Breadcrumbs, Button, Group, Text } from '@mantine/core';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import {
  mergeableLeadFields,
  type Company,
  type Contact,
  type Lead,
  type MergeableLeadField,
} from '@leadline/contract';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { useFieldLabels } from '../leads/fieldLabels';
import { leadKeys } from '../leads/api';
import { recordKeys } from '../records/api';
import { useRefList, type RefItem } from '../../lib/refs';
import { useUnits, useUsers } from '../../lib/queries';
import { MergeTable, bestSource, differingFields, shownValue as shown } from './MergeTable';

const refPaths: Partial<Record<MergeableLeadField, string>> = {
  sourceId: '/lead-sources',
  leadTypeId: '/lead-types',
  industryId: '/industries',
  salesDirectionId: '/sales-directions',
  productId: '/products',
  marketingCampaignId: '/marketing-campaigns',
  agencyId: '/agencies',
  groupCompanyId: '/group-companies',
  categoryId: '/categories',
};

/**
 * The name a reference field's value reads as (a source, an owner, the linked company or contact...),
 * from the same lists the lead page uses; undefined while unknown.
 */
function useRefNames(leads: Lead[], fields: readonly MergeableLeadField[]) {
  const wanted = new Set(fields);
  const lists: Partial<Record<MergeableLeadField, RefItem[] | undefined>> = {
    sourceId: useRefList('/lead-sources').data,
    leadTypeId: useRefList('/lead-types').data,
    industryId: useRefList('/industries').data,
    salesDirectionId: useRefList('/sales-directions').data,
    productId: useRefList('/products').data,
    marketingCampaignId: useRefList('/marketing-campaigns').data,
    agencyId: useRefList('/agencies').data,
    groupCompanyId: useRefList('/group-companies').data,
    categoryId: useRefList('/categories').data,
  };
  const users = useUsers();
  const units = useUnits();
  const ids = (f: 'companyId' | 'contactId') =>
    wanted.has(f) ? [...new Set(leads.map((l) => l[f]).filter((x): x is string => !!x))] : [];
  const companies = useQueries({
    queries: ids('companyId').map((id) => ({
      queryKey: recordKeys.one('/companies', id),
      queryFn: () => api<Company>('GET', `/companies/${id}`),
    })),
  });
  const contacts = useQueries({
    queries: ids('contactId').map((id) => ({
      queryKey: recordKeys.one('/contacts', id),
      queryFn: () => api<Contact>('GET', `/contacts/${id}`),
    })),
  });
  return (field: MergeableLeadField, value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    if (field === 'ownerId') return users.data?.items.find((u) => u.id === value)?.name;
    if (field === 'unitId') return units.data?.items.find((u) => u.id === value)?.name;
    if (field === 'companyId') return companies.find((c) => c.data?.id === value)?.data?.name;
    if (field === 'contactId') {
      const c = contacts.find((x) => x.data?.id === value)?.data;
      return c ? [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ') : undefined;
    }
    return refPaths[field] ? lists[field]?.find((r) => r.id === value)?.name : undefined;
  };
}

/**
 * Two or more leads side by side: a radio per field picks the value the kept lead takes (the best one
 * preselected: a value, the newest), another picks the lead that is kept. Fields where all agree are hidden.
 */
export function MergePage() {
  const { t } = useTranslation('identity');
  const labels = useFieldLabels();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const ids = useMemo(() => [...new Set((params.get('ids') ?? '').split(',').filter(Boolean))], [params]);
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: leadKeys.one(id),
      queryFn: () => api<Lead>('GET', `/leads/${id}`),
    })),
  });
  const leads = results.map((r) => r.data).filter((l): l is Lead => !!l);
  const ready = leads.length === ids.length && ids.length >= 2;
  const [keepId, setKeepId] = useState<string | null>(null);
  const [choice, setChoice] = useState<Partial<Record<MergeableLeadField, string>>>({});
  const differing = useMemo(
    () => (ready ? differingFields(leads, mergeableLeadFields) : []),
    // `leads` is a new array on every render; their versions say when one of them really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ready, leads.map((l) => l.version).join()],
  );
  useEffect(() => {
    if (!ready || keepId) return;
    setKeepId(ids[0]);
    setChoice(Object.fromEntries(differing.map((f) => [f, bestSource(leads, f)])));
  }, [ready, keepId, ids, differing, leads]);
  const refName = useRefNames(leads, differing);
  const valueOf = (l: Lead, f: MergeableLeadField) => {
    const v = l[f];
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    return refName(f, v) ?? shown(v);
  };
  const merge = useMutation({
    mutationFn: () => {
      const fields = Object.fromEntries(Object.entries(choice).filter(([, id]) => id !== keepId));
      return api<{ mergeId: string; lead: Lead }>('POST', '/leads/merge', {
        keepId,
        mergeIds: ids.filter((id) => id !== keepId),
        fields,
      });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: leadKeys.all });
      notifySuccess(t('merge.done', { number: r.lead.number }));
      navigate(`/leads/${r.lead.id}`);
    },
    onError: (e) => notifyError(e),
  });
  if (ids.length < 2) return <ErrorState error={new Error(t('merge.pickTwo'))} />;
  const failed = results.find((r) => r.error);
  if (failed) return <ErrorState error={failed.error} />;
  if (!ready || !keepId) return <LoadingState />;
  return (
    <>
      <Breadcrumbs mb={4}>
        <Anchor component={Link} to="/leads" size="sm">
          {t('merge.leads')}
        </Anchor>
        <Text size="sm">{t('merge.title')}</Text>
      </Breadcrumbs>
      <PageHeader title={t('merge.title')} subtitle={t('merge.subtitle')} />
      <MergeTable
        records={leads.map((l) => ({ id: l.id, title: l.number, href: `/leads/${l.id}` }))}
        fields={differing}
        labelOf={(f) => labels[f] ?? f}
        valueOf={(id, f) =>
          valueOf(
            leads.find((l) => l.id === id)!,
            f,
          )
        }
        keepId={keepId}
        onKeep={setKeepId}
        choice={choice}
        onChoose={(f, id) => setChoice((c) => ({ ...c, [f]: id }))}
        keepLabel={t('merge.keep')}
      />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => navigate(-1)}>
          {t('merge.cancel')}
        </Button>
        <Button onClick={() => merge.mutate()} loading={merge.isPending}>
          {t('merge.submit', { count: ids.length })}
        </Button>
      </Group>
    </>
  );
}

/** Undoes a merge from the kept lead's timeline. */
export function UndoMergeButton({ mergeId }: { mergeId: string }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const undo = useMutation({
    mutationFn: () => api('POST', `/merges/${mergeId}/undo`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: leadKeys.all });
      notifySuccess(t('merge.undone'));
    },
    onError: (e) => notifyError(e),
  });
  return (
    <Button size="compact-xs" variant="light" mt={4} onClick={() => undo.mutate()} loading={undo.isPending}>
      {t('merge.undo')}
    </Button>
  );
}
