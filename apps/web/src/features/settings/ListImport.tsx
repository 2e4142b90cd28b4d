import { useState } from 'react';
import { Alert, Button, FileButton, List, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ListImportResult } from '@leadline/contract';
import { ApiError, changeHeaders } from '../../lib/api';
import { notifyError, notifySuccess } from '../../components/notify';

/** The lists whose values an administrator may import from a CSV file. */
export const importablePaths = new Set([
  '/lead-sources',
  '/disqualification-codes',
  '/lost-reasons',
  '/industries',
  '/functions',
  '/departments',
  '/categories',
  '/agencies',
  '/group-companies',
  '/cities',
]);

const SHOWN = 20;

async function uploadValues(path: string, file: File): Promise<ListImportResult> {
  const body = new FormData();
  body.set('file', file);
  const res = await fetch(`/api/v1${path}/import`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: changeHeaders(),
    body,
  });
  const data: unknown = await res.json();
  if (!res.ok) throw new ApiError(res.status, data as ConstructorParameters<typeof ApiError>[1]);
  return data as ListImportResult;
}

/**
 * Imports a list's values from a CSV (columns name, code, position, active; createsOpportunity for
 * disqualification codes): values named as stored ones are updated. Shows what was done and the refused
 * rows by line. Returns the button and the report to place.
 */
export function useListImport(path: string) {
  const { t } = useTranslation('settings');
  const qc = useQueryClient();
  const [result, setResult] = useState<ListImportResult | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => uploadValues(path, file),
    onSuccess: (r) => {
      setResult(r);
      notifySuccess(t('lists.imported', { created: r.created, updated: r.updated }));
      void qc.invalidateQueries({ queryKey: ['ref', path] });
    },
    onError: (e) => notifyError(e),
  });
  return {
    button: (
      <FileButton onChange={(f) => f && upload.mutate(f)} accept=".csv,text/csv">
        {(props) => (
          <Button
            {...props}
            variant="default"
            leftSection={<IconUpload size={14} />}
            loading={upload.isPending}
          >
            {t('lists.import')}
          </Button>
        )}
      </FileButton>
    ),
    report: result && (
      <Alert
        color={result.rejected.length ? 'yellow' : 'teal'}
        withCloseButton
        closeButtonLabel={t('common:close')}
        onClose={() => setResult(null)}
        title={t('lists.imported', { created: result.created, updated: result.updated })}
      >
        <Text size="sm">{t(path === '/cities' ? 'lists.importHintCities' : 'lists.importHint')}</Text>
        {result.rejected.length > 0 && (
          <>
            <Text size="sm" fw={500} mt="xs">
              {t('lists.importRejected', { count: result.rejected.length })}
            </Text>
            <List size="sm">
              {result.rejected.slice(0, SHOWN).map((r) => (
                <List.Item key={r.line}>
                  {t('lists.importLine', { line: r.line })}: {r.errors.join('; ')}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Alert>
    ),
  };
}
