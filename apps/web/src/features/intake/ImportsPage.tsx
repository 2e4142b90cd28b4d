import { Alert, Anchor, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ImportStatus } from '@leadline/contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryTable } from '../../components/QueryTable';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifyError } from '../../components/notify';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { cancelImport, intakeKeys, rejectsUrl, useImport, useImports } from './api';

function StateBadge({ s }: { s: ImportStatus }) {
  const { t } = useTranslation('intake');
  if (s.state === 'queued') return <Badge color="gray">{t('state.queued')}</Badge>;
  if (s.state === 'running') return <Badge color="blue">{t('state.running')}</Badge>;
  if (s.state === 'done')
    return (
      <Badge color={s.dryRun ? 'grape' : 'teal'}>{s.dryRun ? t('state.dryRunDone') : t('state.done')}</Badge>
    );
  return (
    <Badge color={s.cancelled ? 'orange' : 'red'}>
      {s.cancelled ? t('state.cancelled') : t('state.failed')}
    </Badge>
  );
}

/** Seconds as minutes and seconds, in the user's language. */
function useDuration() {
  const { t } = useTranslation('intake');
  return (seconds: number) => {
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return m > 0 ? t('imports.minutes', { m, s: String(s).padStart(2, '0') }) : t('imports.seconds', { s });
  };
}

/** The imports the user started, newest first, with their outcome and rejects. */
export function ImportsPage() {
  const { t } = useTranslation('intake');
  const navigate = useNavigate();
  const imports = useImports();
  return (
    <Stack gap="sm">
      <PageHeader
        title={t('imports.title')}
        subtitle={t('imports.subtitle')}
        actions={
          <Button component={Link} to="/imports/new" leftSection={<IconPlus size={14} />}>
            {t('imports.new')}
          </Button>
        }
      />
      <QueryTable
        query={imports}
        label={t('imports.title')}
        minWidth={760}
        empty={<EmptyState title={t('imports.none')} description={t('imports.noneHint')} />}
        onRowClick={(i) => navigate(`/imports/${i.id}`)}
        columns={[
          {
            key: 'file',
            header: t('imports.file'),
            fw: 500,
            cell: (i) => (
              <Anchor component={Link} to={`/imports/${i.id}`} onClick={(e) => e.stopPropagation()}>
                {i.fileName}
              </Anchor>
            ),
          },
          { key: 'started', header: t('imports.started'), cell: (i) => formatDateTime(i.createdAt) },
          { key: 'state', header: t('imports.state'), cell: (i) => <StateBadge s={i} /> },
          ...(['created', 'updated', 'skipped', 'rejected'] as const).map((k) => ({
            key: k,
            header: t(`count.${k}`),
            align: 'right' as const,
            cell: (i: ImportStatus) => formatNumber(i[k]),
          })),
          {
            key: 'rejects',
            header: null,
            align: 'right',
            cell: (i) =>
              i.rejected > 0 && (
                <Anchor href={rejectsUrl(i.id)} download onClick={(e) => e.stopPropagation()} size="sm">
                  {t('imports.rejects')}
                </Anchor>
              ),
          },
        ]}
      />
    </Stack>
  );
}

/** One import: a progress bar while it runs (rows per second, time left), then its report. */
export function ImportPage() {
  const { t } = useTranslation('intake');
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const imp = useImport(id);
  const duration = useDuration();
  const cancel = useMutation({
    mutationFn: () => cancelImport(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: intakeKeys.import(id) }),
    onError: (e) => notifyError(e),
  });
  if (imp.isLoading) return <LoadingState />;
  if (imp.isError) return <ErrorState error={imp.error} onRetry={() => void imp.refetch()} />;
  const s = imp.data!;
  const running = s.state === 'queued' || s.state === 'running';
  const percent = s.total ? Math.min(100, (s.processed / s.total) * 100) : s.state === 'done' ? 100 : 0;
  const counts = [
    { label: t('count.processed'), value: s.processed },
    { label: t('count.created'), value: s.created },
    { label: t('count.updated'), value: s.updated },
    { label: t('count.skipped'), value: s.skipped },
    { label: t('count.rejected'), value: s.rejected },
  ];
  return (
    <Stack gap="sm">
      <PageHeader
        title={s.fileName}
        subtitle={t('imports.startedAt', { at: formatDateTime(s.createdAt) })}
        actions={
          <Group gap="xs">
            <Button component={Link} to="/imports" variant="default">
              {t('imports.all')}
            </Button>
            {running && (
              <Button
                color="red"
                variant="light"
                leftSection={<IconX size={14} />}
                loading={cancel.isPending}
                onClick={() => cancel.mutate()}
              >
                {t('imports.cancel')}
              </Button>
            )}
          </Group>
        }
      />
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <StateBadge s={s} />
            <Text size="sm" c="dimmed">
              {s.dryRun
                ? t('imports.dryRunNote')
                : s.mode === 'all-or-nothing'
                  ? t('mode.allOrNothing')
                  : t('mode.keepGoodRows')}
            </Text>
          </Group>
          <Progress
            value={running && !s.total ? 100 : percent}
            striped={running}
            animated={running}
            size="xl"
            aria-label={t('imports.progress')}
            color={s.state === 'failed' ? 'red' : 'indigo'}
          />
          <Group gap="lg" data-testid="import-progress">
            <Text size="sm">
              {s.total !== null
                ? t('imports.rowsOf', { done: formatNumber(s.processed), total: formatNumber(s.total) })
                : t('imports.rows', { done: formatNumber(s.processed) })}
            </Text>
            {s.rowsPerSecond !== null && (
              <Text size="sm">{t('imports.rate', { rate: formatNumber(Math.round(s.rowsPerSecond)) })}</Text>
            )}
            {running && s.etaSeconds !== null && (
              <Text size="sm">{t('imports.eta', { time: duration(s.etaSeconds) })}</Text>
            )}
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            {counts.map((c) => (
              <Paper key={c.label} withBorder p="xs">
                <Text size="xs" c="dimmed">
                  {c.label}
                </Text>
                <Text fw={700} size="lg">
                  {formatNumber(c.value)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {s.error && (
            <Alert color={s.cancelled ? 'orange' : 'red'} title={t('imports.stopped')}>
              {s.error}
            </Alert>
          )}
          {s.rejected > 0 && !running && (
            <Group>
              <Button
                component="a"
                href={rejectsUrl(s.id)}
                download
                variant="light"
                leftSection={<IconDownload size={14} />}
              >
                {t('imports.downloadRejects')}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
