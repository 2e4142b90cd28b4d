import { useQuery } from '@tanstack/react-query';
import type {
  ImportMapping,
  ImportOptions,
  ImportStatus,
  IntakeSubmission,
  LeadCreate,
  WebForm,
  WebFormCreate,
  WebFormPatch,
} from '@leadline/contract';
import { ApiError, api, changeHeaders, ifMatch, toQuery } from '../../lib/api';
import type { Page } from '../../lib/queries';

export const intakeKeys = {
  imports: ['imports'] as const,
  import: (id: string) => ['imports', id] as const,
  mapping: (headers: string[]) => ['imports', 'mapping', headers] as const,
  webForms: ['web-forms'] as const,
  intake: (state: string) => ['intake', state] as const,
};

const ended = (s: ImportStatus | undefined) => s?.state === 'done' || s?.state === 'failed';

export function useImports() {
  return useQuery({
    queryKey: intakeKeys.imports,
    queryFn: () => api<Page<ImportStatus>>('GET', `/imports${toQuery({ limit: 50 })}`),
    // An import still running moves on its own: the list follows it.
    refetchInterval: (q) => (q.state.data?.items.some((i) => !ended(i)) ? 2000 : false),
  });
}

/** One import, polled every second until it has ended. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: intakeKeys.import(id ?? ''),
    queryFn: () => api<ImportStatus>('GET', `/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (ended(q.state.data) ? false : 1000),
  });
}

/** The mapping the user chose last time for a file with these headers. */
export function useRememberedMapping(headers: string[]) {
  return useQuery({
    queryKey: intakeKeys.mapping(headers),
    queryFn: () =>
      api<ImportMapping>(
        'GET',
        `/imports/mapping?${headers.map((h) => `header=${encodeURIComponent(h)}`).join('&')}`,
      ),
    enabled: headers.length > 0,
    staleTime: Infinity,
  });
}

/** Starts an import: the file as multipart beside its options (and the headers, to remember the mapping). */
export async function startImport(
  file: File,
  options: ImportOptions,
  headers: string[],
): Promise<{ id: string }> {
  const body = new FormData();
  body.set('mapping', JSON.stringify(options.mapping));
  body.set('defaults', JSON.stringify(options.defaults));
  body.set('duplicatePolicy', options.duplicatePolicy);
  body.set('mode', options.mode);
  body.set('dryRun', String(options.dryRun));
  body.set('headers', JSON.stringify(headers));
  body.set('file', file, file.name);
  const res = await fetch('/api/v1/imports', {
    method: 'POST',
    credentials: 'same-origin',
    headers: changeHeaders(),
    body,
  });
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError(
      res.status,
      typeof data === 'object' && data && 'status' in data
        ? (data as ApiError['problem'])
        : { type: 'about:blank', title: res.statusText, status: res.status },
    );
  return data as { id: string };
}

export const cancelImport = (id: string) => api<ImportStatus>('POST', `/imports/${id}/cancel`);
export const rejectsUrl = (id: string) => `/api/v1/imports/${id}/rejects.csv`;

export function useWebForms() {
  return useQuery({
    queryKey: intakeKeys.webForms,
    queryFn: () => api<Page<WebForm>>('GET', `/web-forms${toQuery({ limit: 500 })}`),
  });
}

export const saveWebForm = (form: WebForm | null, body: WebFormCreate | WebFormPatch) =>
  form
    ? api<WebForm>('PATCH', `/web-forms/${form.id}`, body, ifMatch(form.version))
    : api<WebForm>('POST', '/web-forms', body);

export function useIntake(state: 'failed' | 'received' | 'done' | 'all') {
  return useQuery({
    queryKey: intakeKeys.intake(state),
    queryFn: () =>
      api<Page<IntakeSubmission>>(
        'GET',
        `/intake${toQuery({ limit: 200, state: state === 'all' ? undefined : state })}`,
      ),
  });
}

export const correctSubmission = (s: IntakeSubmission, corrections: LeadCreate) =>
  api<IntakeSubmission>('PATCH', `/intake/${s.id}`, { corrections }, ifMatch(s.version));
export const retrySubmission = (id: string) => api<IntakeSubmission>('POST', `/intake/${id}/retry`);
