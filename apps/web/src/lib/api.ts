import type { FieldError, Problem } from '@leadline/contract';
import { currentLocale, i18n } from '../i18n/i18n';

/** An error answer of the API, with the fields at fault when there are any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
  }
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};
/** The headers a change sent outside `api` (a multipart upload) needs: the CSRF token and the language. */
export const changeHeaders = (): Record<string, string> => ({
  ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
  'accept-language': currentLocale(),
});

type Query = Record<string, string | number | boolean | string[] | undefined | null>;

export function toQuery(q: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Typed fetch for the REST API: JSON in and out, the CSRF token on changes, problem+json as ApiError. */
export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    signal,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      // The server words its errors in the language the user reads, not the browser's.
      'accept-language': currentLocale(),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const problem =
      typeof data === 'object' && data !== null && 'status' in data
        ? (data as Problem)
        : { type: 'about:blank', title: res.statusText, status: res.status };
    throw new ApiError(res.status, problem);
  }
  return data as T;
}

/** `If-Match` for a PATCH: the server answers 412 when someone else saved the record first. */
export const ifMatch = (version: number): Record<string, string> => ({ 'if-match': String(version) });

/** A message a person can act on, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors;
    if (error.status === 422 && fields.length > 0) {
      return fields
        .map((f) => i18n.t('common:error.field', { field: f.field, message: f.message }))
        .join('; ');
    }
    return error.message || i18n.t('common:error.status', { status: error.status });
  }
  if (error instanceof TypeError) return i18n.t('common:error.noConnection');
  if (error instanceof Error) return error.message;
  return i18n.t('common:error.generic');
}

export const isStale = (error: unknown) => error instanceof ApiError && error.status === 412;

/** The parsed type of a contract schema, for the few schemas the contract exports without a type. */
export type Infer<S extends { parse: (value: unknown) => unknown }> = ReturnType<S['parse']>;
