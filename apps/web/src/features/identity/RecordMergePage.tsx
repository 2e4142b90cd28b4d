import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Breadcrumbs, Button, Group, Text } from '@mantine/core';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import {
  mergeableCompanyFields,
  mergeableContactFields,
  type Company,
  type Contact,
  type MergeableCompanyField,
  type MergeableContactField,
} from '@leadline/contract';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { personName } from '../../lib/format';
import { useRefList } from '../../lib/refs';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { recordKeys } from '../records/api';
import { typeLabel } from '../records/recordParts';
import { MergeTable, bestSource, differingFields, shownValue } from './MergeTable';

type Path = '/contacts' | '/companies';
type AnyRecord = Contact | Company;
type Field = MergeableContactField | MergeableCompanyField;

const fieldsOf: Record<Path, readonly Field[]> = {
  '/contacts': mergeableContactFields,
  '/companies': mergeableCompanyFields,
};
const titleOf = (path: Path, r: AnyRecord) =>
  path === '/contacts' ? personName(r as Contact) : (r as Company).name;

/**
 * Two or more contacts or companies side by side, as leads merge: a radio picks the record kept and,
 * per field where they differ, the value it takes (the best preselected: a value, the newest). Their
 * leads and other records follow the kept one; the kept record's page offers the undo.
 */
export function RecordMergePage({ path }: { path: Path }) {
  const { t } = useTranslation('identity');
  const { t: tr } = useTranslation('records');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const ids = useMemo(() => [...new Set((params.get('ids') ?? '').split(',').filter(Boolean))], [params]);
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: recordKeys.one(path, id),
      queryFn: () => api<AnyRecord>('GET', `${path}/${id}`),
    })),
  });
  const records = results.map((r) => r.data).filter((r): r is AnyRecord => !!r);
  const ready = records.length === ids.length && ids.length >= 2;
  const [keepId, setKeepId] = useState<string | null>(null);
  const [choice, setChoice] = useState<Partial<Record<Field, string>>>({});
  const differing = useMemo(
    () => (ready ? differingFields(records as unknown as Record<Field, unknown>[], fieldsOf[path]) : []),
    // `records` is a new array on every render; their versions say when one of them really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ready, path, records.map((r) => r.version).join()],
  );
  useEffect(() => {
    if (!ready || keepId) return;
    setKeepId(ids[0]);
    setChoice(Object.fromEntries(differing.map((f) => [f, bestSource(records, f as keyof AnyRecord)])));
  }, [ready, keepId, ids, differing, records]);
  const industries = useRefList('/industries').data;
  const companyIds =
    path === '/contacts' ? records.map((r) => (r as Contact).companyId).filter((x): x is string => !!x) : [];
  const companies = useQueries({
    queries: [...new Set(companyIds)].map((id) => ({
      queryKey: recordKeys.one('/companies', id),
      queryFn: () => api<Company>('GET', `/companies/${id}`),
    })),
  });
  const labels: Record<string, string> = {
    ...(tr('field', { returnObjects: true }) as Record<string, string>),
    address: t('mergeField.address'),
    active: t('mergeField.active'),
    industryId: t('mergeField.industryId'),
    size: t('mergeField.size'),
    legalForm: t('mergeField.legalForm'),
    industryCode: t('mergeField.industryCode'),
    registerStatus: t('mergeField.registerStatus'),
  };
  const valueOf = (id: string, f: Field) => {
    const v = (records.find((r) => r.id === id) as Record<string, unknown> | undefined)?.[f];
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (f === 'type' && typeof v === 'string') return typeLabel(tr, v as Company['type']);
    if (f === 'industryId' && v) return industries?.find((i) => i.id === v)?.name ?? '…';
    if (f === 'companyId' && v) return companies.find((c) => c.data?.id === v)?.data?.name ?? '…';
    return shownValue(v);
  };
  const kind = path === '/contacts' ? 'contacts' : 'companies';
  const text =
    kind === 'contacts'
      ? {
          title: t('mergeRecords.contacts.title'),
          subtitle: t('mergeRecords.contacts.subtitle'),
          keep: t('mergeRecords.contacts.keep'),
          submit: t('mergeRecords.contacts.submit', { count: ids.length }),
          done: t('mergeRecords.contacts.done'),
          pickTwo: t('mergeRecords.contacts.pickTwo'),
        }
      : {
          title: t('mergeRecords.companies.title'),
          subtitle: t('mergeRecords.companies.subtitle'),
          keep: t('mergeRecords.companies.keep'),
          submit: t('mergeRecords.companies.submit', { count: ids.length }),
          done: t('mergeRecords.companies.done'),
          pickTwo: t('mergeRecords.companies.pickTwo'),
        };
  const merge = useMutation({
    mutationFn: () => {
      const fields = Object.fromEntries(Object.entries(choice).filter(([, id]) => id !== keepId));
      return api<{ mergeId: string }>('POST', `${path}/merge`, {
        keepId,
        mergeIds: ids.filter((id) => id !== keepId),
        fields,
      });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: recordKeys.all(path) });
      notifySuccess(text.done);
      navigate(`${path}/${keepId}?merged=${r.mergeId}`);
    },
    onError: (e) => notifyError(e),
  });
  if (ids.length < 2) return <ErrorState error={new Error(text.pickTwo)} />;
  const failed = results.find((r) => r.error);
  if (failed) return <ErrorState error={failed.error} />;
  if (!ready || !keepId) return <LoadingState />;
  return (
    <>
      <Breadcrumbs mb={4}>
        <Anchor component={Link} to={path} size="sm">
          {tr(`${kind}.title`)}
        </Anchor>
        <Text size="sm">{text.title}</Text>
      </Breadcrumbs>
      <PageHeader title={text.title} subtitle={text.subtitle} />
      <MergeTable
        records={records.map((r) => ({ id: r.id, title: titleOf(path, r), href: `${path}/${r.id}` }))}
        fields={differing}
        labelOf={(f) => labels[f === 'companyId' ? 'company' : f] ?? f}
        valueOf={valueOf}
        keepId={keepId}
        onKeep={setKeepId}
        choice={choice}
        onChoose={(f, id) => setChoice((c) => ({ ...c, [f]: id }))}
        keepLabel={text.keep}
      />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => navigate(-1)}>
          {t('merge.cancel')}
        </Button>
        <Button onClick={() => merge.mutate()} loading={merge.isPending}>
          {text.submit}
        </Button>
      </Group>
    </>
  );
}

/** On the kept contact's or company's page right after a merge: the merge can be undone from here. */
export function MergedNotice({ path }: { path: Path }) {
  const { t } = useTranslation('identity');
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const mergeId = params.get('merged');
  const undo = useMutation({
    mutationFn: () => api('POST', `/merges/${mergeId}/undo`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: recordKeys.all(path) });
      notifySuccess(t('merge.undone'));
      setParams({}, { replace: true });
    },
    onError: (e) => notifyError(e),
  });
  if (!mergeId) return null;
  return (
    <Alert color="teal" data-testid="merged-notice">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{t('mergeRecords.mergedHere')}</Text>
        <Button size="compact-sm" variant="light" onClick={() => undo.mutate()} loading={undo.isPending}>
          {t('merge.undo')}
        </Button>
      </Group>
    </Alert>
  );
}

export const ContactMergePage = () => <RecordMergePage path="/contacts" />;
export const CompanyMergePage = () => <RecordMergePage path="/companies" />;
