import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Papa from 'papaparse';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  duplicatePolicies,
  importModes,
  importTargets,
  type ImportOptions,
  type ImportTarget,
} from '@leadline/contract';
import { PageHeader } from '../../components/PageHeader';
import { notifyError } from '../../components/notify';
import { formatNumber } from '../../i18n/format';
import { useUsers, toOptions } from '../../lib/queries';
import { refOptions, useRefList } from '../../lib/refs';
import { intakeKeys, startImport, useRememberedMapping } from './api';
import { rowProblems, suggestMapping } from './mapping';
import { PreviewTable } from './PreviewTable';
import { useTargetLabels } from './useTargetLabels';

const PREVIEW_ROWS = 20;

export interface Preview {
  headers: string[];
  rows: Record<string, string>[];
  delimiter: string | null;
  /** Each row's line in the file, where it is not simply the next one (an XLSX sheet's row numbers). */
  lines?: number[];
}

/** The first rows of a CSV, read in the browser (the server reads the whole file when it imports). */
function previewCsv(file: File): Promise<Preview> {
  return new Promise((resolve, reject) => {
    Papa.parse<Record<string, string>>(file, {
      header: true,
      preview: PREVIEW_ROWS,
      skipEmptyLines: 'greedy',
      transformHeader: (h) => h.replace(/^\uFEFF/, '').trim(),
      complete: (r) =>
        resolve({
          headers: (r.meta.fields ?? []).filter(Boolean),
          rows: r.data,
          delimiter: r.meta.delimiter ?? null,
        }),
      error: (e) => reject(e),
    });
  });
}

const isXlsx = (f: File) => /\.xlsx$/i.test(f.name);

/** The first rows of the first sheet of an XLSX, read in the browser (its reader loads only for XLSX files). */
async function previewOf(file: File): Promise<Preview> {
  if (!isXlsx(file)) return previewCsv(file);
  const { previewXlsx } = await import('./xlsxPreview');
  return { ...(await previewXlsx(file, PREVIEW_ROWS)), delimiter: null };
}

export function ImportWizard() {
  const { t } = useTranslation('intake');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const labels = useTargetLabels();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [reading, setReading] = useState(false);
  const [unreadable, setUnreadable] = useState(false);
  const [typedHeaders, setTypedHeaders] = useState('');
  const [mapping, setMapping] = useState<Record<string, ImportTarget>>({});
  const [origin, setOrigin] = useState<'suggested' | 'remembered'>('suggested');
  const [defaults, setDefaults] = useState<{
    sourceId?: string;
    salesDirectionId?: string;
    ownerId?: string;
  }>({});
  const [policy, setPolicy] = useState<ImportOptions['duplicatePolicy']>('skip');
  const [mode, setMode] = useState<ImportOptions['mode']>('keep-good-rows');
  const [dryRun, setDryRun] = useState(false);
  const sources = useRefList('/lead-sources');
  const directions = useRefList('/sales-directions');
  const users = useUsers();

  const headers = useMemo(
    () =>
      preview?.headers ??
      typedHeaders
        .split('\n')
        .map((h) => h.trim())
        .filter(Boolean),
    [preview, typedHeaders],
  );
  const remembered = useRememberedMapping(step >= 1 ? headers : []);

  // The mapping starts from what this user chose for the same headers, else from the header names.
  useEffect(() => {
    if (step !== 1 || !remembered.isFetched) return;
    const r = remembered.data;
    if (r?.mapping) {
      setMapping(r.mapping as Record<string, ImportTarget>);
      setOrigin('remembered');
      const d = (r.defaults ?? {}) as typeof defaults;
      setDefaults({ sourceId: d.sourceId, salesDirectionId: d.salesDirectionId, ownerId: d.ownerId });
      if (r.duplicatePolicy) setPolicy(r.duplicatePolicy);
      if (r.mode) setMode(r.mode);
    } else {
      setMapping(suggestMapping(headers));
      setOrigin('suggested');
    }
    // Once per file: later edits are the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step, remembered.isFetched]);

  const problems = useMemo(
    () => (preview?.rows ?? []).map((row) => rowProblems(row, mapping)),
    [preview, mapping],
  );
  const badRows = problems.filter((p) => p.length > 0).length;

  const chooseFile = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setUnreadable(false);
    setMapping({});
    if (!f) return;
    setReading(true);
    try {
      setPreview(await previewOf(f));
    } catch (e) {
      // The server may still read what the preview cannot: the headers can then be typed.
      setUnreadable(true);
      notifyError(e, t('wizard.unreadable'));
    } finally {
      setReading(false);
    }
  };

  const start = useMutation({
    mutationFn: () =>
      startImport(
        file!,
        {
          mapping,
          defaults: Object.fromEntries(Object.entries(defaults).filter(([, v]) => v)),
          duplicatePolicy: policy,
          mode,
          dryRun,
        },
        headers,
      ),
    onSuccess: ({ id }) => {
      void qc.invalidateQueries({ queryKey: intakeKeys.imports });
      navigate(`/imports/${id}`);
    },
    onError: (e) => notifyError(e, t('wizard.notStarted')),
  });

  const targetOptions = importTargets.map((k) => ({ value: k, label: labels[k] }));
  const mapped = Object.keys(mapping).length;
  const canMap = !!file && !reading && headers.length > 0;

  return (
    <Stack gap="sm">
      <PageHeader title={t('wizard.title')} subtitle={t('wizard.subtitle')} />
      <Stepper
        active={step}
        onStepClick={(s) => s < step && setStep(s)}
        size="sm"
        allowNextStepsSelect={false}
      >
        <Stepper.Step label={t('wizard.stepFile')}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <FileInput
                label={t('wizard.file')}
                description={t('wizard.fileHint')}
                placeholder={t('wizard.choose')}
                accept=".csv,.txt,.xlsx,text/csv"
                leftSection={<IconFileSpreadsheet size={16} />}
                value={file}
                onChange={(f) => void chooseFile(f)}
                clearable
              />
              {file && isXlsx(file) && unreadable && (
                <Textarea
                  label={t('wizard.xlsxHeaders')}
                  description={t('wizard.xlsxHeadersHint')}
                  autosize
                  minRows={3}
                  value={typedHeaders}
                  onChange={(e) => setTypedHeaders(e.currentTarget.value)}
                />
              )}
              {preview && (
                <>
                  <Text size="sm" c="dimmed">
                    {t('wizard.previewInfo', {
                      columns: preview.headers.length,
                      rows: formatNumber(preview.rows.length),
                    })}
                  </Text>
                  <PreviewTable preview={preview} />
                </>
              )}
              <Group justify="flex-end">
                <Button disabled={!canMap} onClick={() => setStep(1)}>
                  {t('wizard.next')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stepper.Step>

        <Stepper.Step label={t('wizard.stepMapping')}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {origin === 'remembered' ? t('wizard.rememberedHint') : t('wizard.suggestedHint')}
              </Text>
              <ScrollArea type="auto">
                <Table aria-label={t('wizard.mappingTable')} miw={520}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('wizard.column')}</Table.Th>
                      <Table.Th>{t('wizard.sample')}</Table.Th>
                      <Table.Th>{t('wizard.field')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {headers.map((h) => (
                      <Table.Tr key={h}>
                        <Table.Td fw={500}>{h}</Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed" lineClamp={1} maw={220}>
                            {preview?.rows.find((r) => r[h])?.[h] ?? ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Select
                            aria-label={t('wizard.fieldFor', { column: h })}
                            placeholder={t('wizard.skip')}
                            data={targetOptions}
                            searchable
                            clearable
                            value={mapping[h] ?? null}
                            onChange={(v) =>
                              setMapping((m) => {
                                const next = { ...m };
                                if (v) next[h] = v as ImportTarget;
                                else delete next[h];
                                return next;
                              })
                            }
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
              {preview && mapped > 0 && (
                <>
                  {badRows > 0 ? (
                    <Alert color="orange" icon={<IconAlertTriangle size={16} />}>
                      {t('wizard.previewProblems', { count: badRows })}
                    </Alert>
                  ) : (
                    <Text size="sm" c="teal.8">
                      {t('wizard.previewClean')}
                    </Text>
                  )}
                  <PreviewTable preview={preview} mapping={mapping} problems={problems} />
                </>
              )}
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(0)}>
                  {t('wizard.back')}
                </Button>
                <Button disabled={mapped === 0} onClick={() => setStep(2)}>
                  {t('wizard.next')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stepper.Step>

        <Stepper.Step label={t('wizard.stepOptions')}>
          <Paper withBorder p="md">
            <Stack gap="md" maw={640}>
              <Text fw={600}>{t('wizard.defaults')}</Text>
              <Text size="sm" c="dimmed" mt={-12}>
                {t('wizard.defaultsHint')}
              </Text>
              <Select
                label={labels.sourceId}
                data={refOptions(sources.data, defaults.sourceId)}
                value={defaults.sourceId ?? null}
                onChange={(v) => setDefaults((d) => ({ ...d, sourceId: v ?? undefined }))}
                clearable
                searchable
              />
              <Select
                label={labels.salesDirectionId}
                data={refOptions(directions.data, defaults.salesDirectionId)}
                value={defaults.salesDirectionId ?? null}
                onChange={(v) => setDefaults((d) => ({ ...d, salesDirectionId: v ?? undefined }))}
                clearable
                searchable
              />
              <Select
                label={labels.ownerId}
                data={toOptions(users.data?.items, true)}
                value={defaults.ownerId ?? null}
                onChange={(v) => setDefaults((d) => ({ ...d, ownerId: v ?? undefined }))}
                clearable
                searchable
              />
              <Radio.Group
                label={t('wizard.policy')}
                description={t('wizard.policyHint')}
                value={policy}
                onChange={(v) => setPolicy(v as typeof policy)}
              >
                <Stack gap={6} mt={6}>
                  {duplicatePolicies.map((p) => (
                    <Radio
                      key={p}
                      value={p}
                      label={
                        p === 'skip'
                          ? t('policy.skip')
                          : p === 'update'
                            ? t('policy.update')
                            : t('policy.create')
                      }
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Radio.Group label={t('wizard.mode')} value={mode} onChange={(v) => setMode(v as typeof mode)}>
                <Stack gap={6} mt={6}>
                  {importModes.map((m) => (
                    <Radio
                      key={m}
                      value={m}
                      label={m === 'keep-good-rows' ? t('mode.keepGoodRows') : t('mode.allOrNothing')}
                    />
                  ))}
                </Stack>
              </Radio.Group>
              <Checkbox
                label={t('wizard.dryRun')}
                description={t('wizard.dryRunHint')}
                checked={dryRun}
                onChange={(e) => setDryRun(e.currentTarget.checked)}
              />
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(1)}>
                  {t('wizard.back')}
                </Button>
                <Button
                  leftSection={<IconUpload size={14} />}
                  loading={start.isPending}
                  onClick={() => start.mutate()}
                >
                  {dryRun ? t('wizard.startDryRun') : t('wizard.start')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
