import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldError, Locale } from '@leadline/contract';
import { catalogueOf, localeOfAcceptLanguage } from '../i18n/locale';
import { russianIssue, type IssueLike } from '../i18n/zod-ru';

/** The one error type of the application; the handler below turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'record') => new AppError('not_found', 404, `No such ${what}.`);
export const forbidden = (message = 'You are not allowed to do this.') =>
  new AppError('forbidden', 403, message);
export const conflict = (message: string, code = 'conflict') => new AppError(code, 409, message);
export const invalid = (errors: FieldError[], message = 'Some fields are not valid.') =>
  new AppError('validation_failed', 422, message, errors);
export const fieldError = (field: string, code: string, message: string): FieldError => ({
  field,
  code,
  message,
});

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export function problem(status: number, detail: string, code: string, errors?: FieldError[]): ProblemBody {
  return {
    type: `https://leadline.dev/problems/${code.replace(/_/g, '-')}`,
    title: catalogueOf('en').titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/**
 * The problem in the asker's language. English keeps the sentences written where the error was raised;
 * other languages take the catalogue's words for the code (or for the status when the code is new), so
 * every error is covered without touching the code that raises it. Codes never change.
 */
export function localizeProblem(body: ProblemBody, locale: Locale, fieldsDone = false): ProblemBody {
  if (locale === 'en') return body;
  const c = catalogueOf(locale);
  const title = c.titles[body.status] ?? c.titles[body.status >= 500 ? 500 : 400];
  const detail = (body.code && c.details[body.code]) || title;
  const errors =
    body.errors && !fieldsDone
      ? body.errors.map((e) => ({ ...e, message: c.fields[e.code] ?? c.fields.invalid }))
      : body.errors;
  return { ...body, title, detail, ...(errors ? { errors } : {}) };
}

/**
 * A refused item inside a 200 answer (bulk actions, batch creation), in the asker's language like a
 * problem: its detail by code (or status) and its field messages by code.
 */
export function localizeItemError(
  locale: Locale,
  item: { status: number; code?: string; detail: string; errors?: FieldError[] },
): { detail: string; errors?: FieldError[] } {
  const code = item.code ?? (item.status === 422 ? 'validation_failed' : '');
  const p = localizeProblem(problem(item.status, item.detail, code, item.errors), locale);
  return { detail: p.detail ?? item.detail, ...(p.errors ? { errors: p.errors } : {}) };
}

export const requestLocale = (request: FastifyRequest): Locale =>
  localeOfAcceptLanguage(request.headers['accept-language']);

export function sendProblem(
  reply: FastifyReply,
  body: ProblemBody,
  headers?: Record<string, string>,
  fieldsLocalized = false,
) {
  if (headers) void reply.headers(headers);
  const locale = requestLocale(reply.request);
  return reply
    .status(body.status)
    .type('application/problem+json')
    .header('content-language', locale)
    .header('vary', 'Accept-Language')
    .send(localizeProblem(body, locale, fieldsLocalized));
}

interface ZodIssueLike extends IssueLike {
  path?: PropertyKey[];
  instancePath?: string;
  /** fastify-type-provider-zod puts the zod issue's code here and the rest of it in `params`. */
  keyword?: string;
  params?: IssueLike & { issue?: IssueLike & { path?: PropertyKey[] } };
}

function issueToField(issue: ZodIssueLike, prefix: string, locale: Locale): FieldError {
  const inner = issue.params?.issue;
  const path = inner?.path ?? issue.path;
  const field =
    path && path.length > 0
      ? path.map(String).join('.')
      : (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || prefix;
  const message = inner?.message ?? issue.message ?? 'is not valid';
  return {
    field,
    code: inner?.code ?? issue.code ?? 'invalid',
    // A schema's check says more than its code alone, so its Russian words come from the issue itself.
    message:
      locale === 'ru'
        ? russianIssue({
            ...issue.params,
            ...inner,
            code: inner?.code ?? issue.keyword ?? issue.code,
            message,
          })
        : message,
  };
}

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  table?: string;
  message?: string;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The API field behind a constraint, from PostgreSQL's naming habits: `users_email_key` on table `users`
 * is `email`, `leads_owner_id_fkey` is `ownerId`. Good enough to point at the field at fault.
 */
export function fieldOfConstraint(err: PgErrorLike): string {
  if (err.column) return camel(err.column);
  let name = err.constraint ?? '';
  if (!name) return 'value';
  if (err.table && name.startsWith(`${err.table}_`)) name = name.slice(err.table.length + 1);
  if (name === 'pkey') return 'id';
  name = name.replace(/_(key|fkey|fk|idx|check|excl)$/, '');
  return camel(name) || 'value';
}

/** Postgres error codes that bad input can still reach; each becomes a 4xx, never a 500. */
function fromDatabaseError(err: PgErrorLike) {
  switch (err.code) {
    case '23505':
      // Two requests raced past the service's own check: the loser hears what it would have heard.
      return problem(422, 'A record with the same value already exists.', 'validation_failed', [
        { field: fieldOfConstraint(err), code: 'taken', message: 'another record has this value' },
      ]);
    case '23503':
      if (err.message?.startsWith('update or delete on table'))
        return problem(409, 'Other records still refer to this one.', 'in_use');
      return problem(422, 'A referenced record does not exist.', 'validation_failed', [
        { field: fieldOfConstraint(err), code: 'not_found', message: 'no such record' },
      ]);
    case '23514':
    case '23502':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
    case '22P05':
    case '22021':
    case '54000':
      return problem(422, 'A value is out of the accepted range or format.', 'invalid_value', [
        { field: fieldOfConstraint(err), code: 'invalid_value', message: 'is not accepted' },
      ]);
    case '40001':
    case '40P01':
      return problem(409, 'The record was changed at the same time; try again.', 'concurrent_update');
    default:
      return null;
  }
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    return sendProblem(reply, problem(err.status, err.message, err.code, err.fieldErrors), err.headers);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const ctx = err.validationContext ?? 'body';
    const locale = requestLocale(request);
    const errors = err.validation.map((i) => issueToField(i as unknown as ZodIssueLike, ctx, locale));
    // A body that parses but breaks the rules is a 422; a malformed query or path is a 400.
    const status = ctx === 'body' ? 422 : 400;
    return sendProblem(
      reply,
      problem(
        status,
        status === 422 ? 'Some fields are not valid.' : `The ${ctx} is malformed.`,
        status === 422 ? 'validation_failed' : 'bad_request',
        errors.map((e) => (ctx === 'body' ? e : { ...e, field: e.field === ctx ? ctx : e.field })),
      ),
      undefined,
      true,
    );
  }
  const dbProblem = fromDatabaseError(err as never);
  if (dbProblem) {
    request.log.warn({ pgCode: (err as { code?: string }).code, msg: err.message }, 'database refused input');
    return sendProblem(reply, dbProblem);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const [code, field] =
      status === 413
        ? ['payload_too_large', 'body']
        : status === 415
          ? ['unsupported_media_type', 'Content-Type']
          : status === 429
            ? ['rate_limited', undefined]
            : // What Fastify itself refuses with a 400 before our code runs is the URL or the body.
              ['bad_request', err.code === 'FST_ERR_BAD_URL' ? 'url' : 'body'];
    const errors = field ? [{ field, code, message: err.message }] : undefined;
    return sendProblem(reply, problem(status, err.message, code, errors));
  }
  request.log.error({ err: { message: err.message, stack: err.stack, code: err.code } }, 'request failed');
  return sendProblem(reply, problem(500, 'Something went wrong on our side.', 'internal'));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    reply,
    problem(404, `No route ${request.method} ${request.url.split('?')[0]}.`, 'not_found'),
  );
}
