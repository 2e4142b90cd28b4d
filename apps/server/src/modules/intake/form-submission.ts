import { randomBytes, randomUUID } from 'node:crypto';
import MailChecker from 'mailchecker';
import { webFormFieldMaxLength, type FieldError, type WebFormFieldKey } from '@leadline/contract';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import { AppError, fieldError, invalid, notFound } from '../../http/errors';
import { normalizeEmails, normalizePhones } from '../../lib/contact-points';
import { grouped } from '../../lib/grouped';
import { leadContextOf } from '../leads/lead-context';
import { formPrincipal } from './form-lead';
import type { IntakeQueueService } from './intake-queue.service';
import { createProofOfWork, type ProofOutcome } from './proof-of-work';
import { createRateLimiter, createTimeTrap } from './spam-guards';
import { createSubmissionsRepository, type NewSubmission } from './submissions.repository';
import { createWebFormsRepository, type StoredWebForm } from './web-forms.repository';

/** Fields of a post that are not the person's data: the honeypot, the time trap and the consent box. */
export const HONEYPOT = '_hp';
export const TIME_TOKEN = '_ts';
export const CONSENT = '_consent';
/** The proof-of-work solution the page's widget adds to a browser post. */
export const PROOF = 'altcha';
const MAX_KEYS = 60;

/** How the post came: a browser's own form post (the time trap applies) or a script's JSON. */
export type PostKind = 'browser' | 'json';

export interface FormPost {
  slug: string;
  kind: PostKind;
  body: unknown;
  address: string;
  userAgent: string | null;
}

export type FormPostResult =
  | { outcome: 'accepted'; id: string; form: StoredWebForm }
  /** The honeypot was filled: answered exactly like a success, and nothing was stored. */
  | { outcome: 'ignored'; id: string; form: StoredWebForm };

const tooMany = (retryAfter: number, what: string) =>
  new AppError(
    'rate_limited',
    429,
    `Too many submissions ${what}; try again in ${retryAfter} s.`,
    undefined,
    {
      'retry-after': String(retryAfter),
    },
  );

const checked = (v: unknown) => v === true || (typeof v === 'string' && /^(on|true|1|yes)$/i.test(v.trim()));

/** The post's values as strings (a JSON list of e-mails or phones is joined), or the fields at fault. */
function valuesOf(body: unknown): { values: Record<string, string>; extra: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw invalid([fieldError('body', 'invalid', 'send the fields as a form or a JSON object')]);
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length > MAX_KEYS)
    throw invalid([fieldError('body', 'too_many_fields', `at most ${MAX_KEYS} fields`)]);
  const values: Record<string, string> = {};
  const extra: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    if (k.startsWith('_') || k === PROOF) extra[k] = v;
    else if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) values[k] = v.join(', ');
    else if (typeof v === 'number' || typeof v === 'boolean') values[k] = String(v);
    else if (v != null) values[k] = '\u0000';
  }
  return { values, extra };
}

/**
 * Posts to the public forms: spam defences, then the durable record of each submission before the
 * answer; the queue makes its lead after the answer.
 */
export function createFormIntake({
  db,
  config,
  queue,
}: {
  db: Database;
  config: Config;
  /** Where a stored submission goes to be made a lead, after the answer. */
  queue: Pick<IntakeQueueService, 'enqueue'>;
}) {
  const forms = createWebFormsRepository(db);
  // The posts of a busy moment are stored in one statement: each is answered once its row is committed.
  const store = grouped((list: NewSubmission[]) => createSubmissionsRepository(db).insertMany(list));
  const perAddress = createRateLimiter({ limit: config.forms.ratePerAddress, windowSeconds: 60 });
  const perForm = createRateLimiter({ limit: config.forms.ratePerForm, windowSeconds: 60 });
  let secret: Promise<string> | null = null;
  const trap = createTimeTrap(() => {
    secret ??= forms.secret('time-trap', randomBytes(32).toString('hex')).catch((err: unknown) => {
      secret = null;
      throw err;
    });
    return secret;
  }, config.forms.minFillSeconds);
  let powSecret: Promise<string> | null = null;
  const pow = createProofOfWork({
    secret: () => {
      powSecret ??= forms.secret('proof-of-work', randomBytes(32).toString('hex')).catch((err: unknown) => {
        powSecret = null;
        throw err;
      });
      return powSecret;
    },
    cost: config.forms.powCost,
    maxCounter: config.forms.powMaxCounter,
  });
  const proofMessages: Record<Exclude<ProofOutcome, 'ok'>, string> = {
    missing: 'please wait until the check that you are a person has finished, then send the form',
    invalid: 'the check that you are a person did not pass: send the form again',
    expired: 'the check that you are a person has expired: send the form again',
    used: 'this check was already used: send the form again',
  };

  async function activeForm(slug: string) {
    const form = await forms.memoBySlug(slug);
    if (!form || !form.active) throw notFound('form');
    return form;
  }

  /** The person's fields checked as the form asks; a person can correct what this refuses. */
  async function validate(
    form: StoredWebForm,
    values: Record<string, string>,
    extra: Record<string, unknown>,
  ) {
    const errors: FieldError[] = [];
    const payload: Record<string, string> = {};
    for (const f of form.fields) {
      const value = (values[f.key] ?? '').trim();
      if (value.includes('\u0000')) errors.push(fieldError(f.key, 'invalid', 'is not text'));
      else if (value.length > webFormFieldMaxLength(f.key))
        errors.push(fieldError(f.key, 'too_long', `at most ${webFormFieldMaxLength(f.key)} characters`));
      else if (f.required && !value) errors.push(fieldError(f.key, 'required', 'is required'));
      if (value) payload[f.key] = value;
    }
    const { settings } = await leadContextOf(db, formPrincipal(form));
    if (payload.emails)
      errors.push(...normalizeEmails('emails', payload.emails).errors.map(asField('emails')));
    if (payload.phones)
      errors.push(
        ...normalizePhones('phones', payload.phones, settings.defaultPhoneRegion).errors.map(
          asField('phones'),
        ),
      );
    if (form.consentText && !checked(extra[CONSENT]))
      errors.push(fieldError('consent', 'required', 'please agree to go on'));
    if (errors.length) throw invalid(errors, 'Some fields need your attention.');
    return payload;
  }
  const asField = (key: WebFormFieldKey) => (e: FieldError) => ({ ...e, field: key });

  return {
    /** The form for its public page, with a fresh time-trap token. */
    async page(slug: string) {
      const form = await activeForm(slug);
      return { form, token: await trap.token(form.slug) };
    },

    /** A fresh proof-of-work challenge for the form's page (its widget solves it in the browser). */
    async challenge(slug: string) {
      const form = await activeForm(slug);
      return pow.challenge(form.slug);
    },

    /** A form (active or not) for the CORS answer of a preflight. */
    form: (slug: string) => activeForm(slug),

    async submit(post: FormPost): Promise<FormPostResult> {
      const form = await activeForm(post.slug);
      const byAddress = perAddress.hit(`${post.address}`);
      if (!byAddress.ok) throw tooMany(byAddress.retryAfter, 'from your address');
      const byForm = perForm.hit(form.id);
      if (!byForm.ok) throw tooMany(byForm.retryAfter, 'to this form');

      const { values, extra } = valuesOf(post.body);
      const hp = extra[HONEYPOT];
      if (hp !== undefined && hp !== null && String(hp).trim() !== '')
        return { outcome: 'ignored', id: randomUUID(), form };
      if (post.kind === 'browser') {
        const trapped = await trap.check(
          form.slug,
          typeof extra[TIME_TOKEN] === 'string' ? extra[TIME_TOKEN] : undefined,
        );
        if (trapped !== 'ok')
          throw invalid(
            [
              fieldError(
                TIME_TOKEN,
                trapped,
                trapped === 'too_fast'
                  ? 'that was quicker than a person types: please check the form and send it again'
                  : 'the page is out of date: reload it and send the form again',
              ),
            ],
            'Please send the form again.',
          );
      }
      // A browser post carries the solved challenge of its page; a program may send one (then checked).
      if (post.kind === 'browser' || extra[PROOF] !== undefined) {
        const proof = await pow.check(db, form.slug, extra[PROOF]);
        if (proof !== 'ok')
          throw invalid([fieldError(PROOF, proof, proofMessages[proof])], 'Please send the form again.');
      }
      const payload = await validate(form, values, extra);
      const flags = payload.emails
        ? normalizeEmails('emails', payload.emails).values.some((e) => !MailChecker.isValid(e))
          ? ['disposable_email']
          : []
        : [];
      // Stored before anything else can fail: from here on the submission exists whatever happens.
      const id = await store({
        formId: form.id,
        payload,
        remoteAddress: post.address,
        userAgent: post.userAgent?.slice(0, 500) ?? null,
        consentText: form.consentText,
        consentVersion: form.consentText ? form.consentVersion : null,
        flags,
      });
      queue.enqueue(id);
      return { outcome: 'accepted', id, form };
    },
  };
}
export type FormIntake = ReturnType<typeof createFormIntake>;
