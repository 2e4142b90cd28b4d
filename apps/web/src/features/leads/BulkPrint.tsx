import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadPrintFormat, LeadPrintJob } from '@leadline/contract';
import { api, ApiError, changeHeaders, errorMessage } from '../../lib/api';
import { notifySuccess } from '../../components/notify';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Saves a file the browser holds, under the name the server gave it. */
function save(url: string, name: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
const fileNameOf = (res: Response, fallback: string) =>
  /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;

/**
 * "Print" for the selected leads: a ZIP of one PDF per lead, or one PDF. Up to 50 come back at once;
 * more run on the server, with their progress in a notification and the download when done.
 */
export function BulkPrint({ ids }: { ids: string[] }) {
  const { t } = useTranslation('leads');
  const [busy, setBusy] = useState(false);

  const tellRefused = (refused: number) => {
    if (refused > 0)
      notifications.show({
        color: 'orange',
        message: t('print.refused', { count: refused }),
        autoClose: 8000,
      });
  };

  async function follow(job: LeadPrintJob, format: LeadPrintFormat) {
    const id = `print-${job.id}`;
    notifications.show({
      id,
      loading: true,
      autoClose: false,
      withCloseButton: false,
      title: t('print.running'),
      message: t('print.progress', { done: job.done, total: job.total }),
    });
    let now = job;
    while (now.state === 'queued' || now.state === 'running') {
      await sleep(1000);
      now = await api<LeadPrintJob>('GET', `/lead-prints/${job.id}`);
      notifications.update({ id, message: t('print.progress', { done: now.done, total: now.total }) });
    }
    if (now.state === 'failed' || !now.downloadUrl) {
      notifications.update({
        id,
        loading: false,
        color: 'red',
        autoClose: 10000,
        withCloseButton: true,
        title: t('print.failed'),
        message: now.error ?? '',
      });
      return;
    }
    notifications.hide(id);
    save(now.downloadUrl, `leads.${format}`);
    notifySuccess(t('print.ready', { count: now.total - now.refusedIds.length }));
    tellRefused(now.refusedIds.length);
  }

  async function print(format: LeadPrintFormat) {
    setBusy(true);
    try {
      const res = await fetch('/api/v1/leads/report', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...changeHeaders() },
        body: JSON.stringify({ ids, format }),
      });
      if (res.status === 202) {
        setBusy(false);
        await follow((await res.json()) as LeadPrintJob, format);
        return;
      }
      if (!res.ok) throw new ApiError(res.status, await res.json());
      const url = URL.createObjectURL(await res.blob());
      save(url, fileNameOf(res, `leads.${format}`));
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      const refused = (res.headers.get('x-refused-leads') ?? '').split(',').filter(Boolean).length;
      notifySuccess(t('print.ready', { count: ids.length - refused }));
      tellRefused(refused);
    } catch (err) {
      notifications.show({ color: 'red', title: t('print.failed'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Menu shadow="md">
      <Menu.Target>
        <Button
          variant="white"
          size="compact-sm"
          leftSection={<IconPrinter size={14} />}
          rightSection={<IconChevronDown size={12} />}
          loading={busy}
        >
          {t('print.print')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void print('zip')}>{t('print.zip')}</Menu.Item>
        <Menu.Item onClick={() => void print('pdf')}>{t('print.pdf')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
