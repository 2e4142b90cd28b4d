import { LeadCreate, type FieldError, type WebFormFieldKey } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { AppError } from '../../http/errors';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import type { LeadHooks } from '../leads/lead-hooks';
import { applyLeadInput, type Draft } from '../leads/lead-rules';
import { createLeadsMany, rememberingReads, saveContextOf, setPathFits } from '../leads/lead-set-path';
import { createLeadsRepository } from '../leads/leads.repository';
import { createLeadIn } from '../leads/leads.service';
import { createSubmissionsRepository, type SubmissionsRepository } from './submissions.repository';
import { createWebFormsRepository, type StoredWebForm } from './web-forms.repository';

/** The tag a lead gets when its e-mail address is at a throw-away mail domain. */
export const DISPOSABLE_TAG = 'Disposable e-mail';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The form's integration user, as the principal its leads are created by. */
export const formPrincipal = (form: StoredWebForm): Principal => ({
  userId: form.userId,
  name: `Web form: ${form.name}`,
  email: null,
  roles: ['crm_sales'],
  unitIds: [],
  partnerCompanyId: null,
  via: 'token',
});

/**
 * The lead a submission asks for: the form's defaults, the fields as the person typed them, then an
 * administrator's corrections. A prospect is a person unless they gave what a new company needs.
 */
export function leadInputOf(
  form: StoredWebForm,
  websiteSourceId: string | null,
  payload: Record<string, string>,
  flags: string[],
  corrections: Record<string, unknown>,
): Record<string, unknown> {
  const v = (k: WebFormFieldKey) => payload[k]?.trim() || undefined;
  const person = [v('firstName'), v('lastName')].filter(Boolean).join(' ');
  const company = v('leadCompanyName');
  const newCompany = !!(company && v('companyTin') && v('companyWebsite'));
  const address = {
    street: v('street'),
    postalCode: v('postalCode'),
    city: v('city'),
    region: v('region'),
    country: v('country'),
  };
  const message = v('description');
  return {
    name: `${form.name}: ${person || company || v('emails') || 'submission'}`.slice(0, 300),
    sourceId: form.sourceId ?? websiteSourceId,
    salesDirectionId: form.salesDirectionId,
    ownerId: form.ownerId,
    unitId: form.unitId,
    marketingCampaignId: form.marketingCampaignId,
    prospectType: newCompany ? 'company' : 'person',
    newCompany,
    companyName: newCompany ? company : undefined,
    companyTin: v('companyTin'),
    companyWebsite: v('companyWebsite'),
    leadCompanyName: company,
    newContact: true,
    firstName: v('firstName'),
    lastName: v('lastName'),
    middleName: v('middleName'),
    emails: v('emails'),
    phones: v('phones'),
    jobTitle: v('jobTitle'),
    department: v('department'),
    customerRequirements: v('customerRequirements'),
    // What a person typed is text, not markup: it is kept as the paragraphs they wrote.
    description: message
      ? message
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
          .join('')
      : undefined,
    address: Object.values(address).some(Boolean) ? address : undefined,
    tags: flags.includes('disposable_email') ? [DISPOSABLE_TAG] : undefined,
    ...corrections,
  };
}

/** The field errors a refusal carries, or null when the failure is not about the submission. */
export function refusalOf(err: unknown): FieldError[] | null {
  if (err instanceof AppError && err.status < 500)
    return err.fieldErrors?.length
      ? err.fieldErrors
      : [{ field: 'lead', code: err.code, message: err.message }];
  // A database constraint the rules did not foresee: still this submission's fault, not the server's.
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^2[23]/.test(code))
    return [
      { field: 'lead', code: 'invalid_value', message: 'A value is out of the accepted range or format.' },
    ];
  return null;
}

type Submission = NonNullable<Awaited<ReturnType<SubmissionsRepository['lockAndGet']>>>;

const formOf = (form: StoredWebForm) => ({ formId: form.id, formName: form.name });

/** The submission's part of the event on its lead's timeline (beside the form): the consent given, the flags. */
const submittedOf = (sub: Submission) => ({
  submissionId: sub.id,
  consent: sub.consentText
    ? {
        text: sub.consentText,
        version: sub.consentVersion,
        givenAt: sub.consentGivenAt,
        address: sub.remoteAddress,
      }
    : null,
  flags: sub.flags,
});

/** The lead input of a submission, or the reasons it is none, each naming its field. */
function inputOf(form: StoredWebForm, websiteSourceId: string | null, sub: Submission) {
  const parsed = LeadCreate.safeParse(
    leadInputOf(form, websiteSourceId, sub.payload, sub.flags, sub.corrections),
  );
  if (parsed.success) return { input: parsed.data };
  return {
    errors: parsed.error.issues.map((i) => ({
      field: i.path.map(String).join('.'),
      code: i.code,
      message: i.message,
    })),
  };
}

/**
 * A locked submission made a lead by the save of one lead (createLeadIn) in a savepoint, or refused
 * with its reasons; the submission's new state is written in the caller's transaction.
 */
async function convertOne(
  tx: Queryable,
  sub: Submission,
  form: StoredWebForm,
  websiteSourceId: string | null,
  hooks: LeadHooks,
) {
  const submissions = createSubmissionsRepository(tx);
  const { input, errors } = inputOf(form, websiteSourceId, sub);
  if (!input) return submissions.markFailed(sub.id, errors);
  try {
    // A savepoint: a refused lead leaves the transaction usable for recording the refusal.
    const lead = await tx.transaction(async (sp) => {
      const created = await createLeadIn(sp, formPrincipal(form), input, hooks, {
        webFormId: form.id,
        channel: 'web_form',
      });
      await createLeadsRepository(sp).addEvents(created.id, form.userId, [
        { kind: 'submitted', payload: { ...formOf(form), ...submittedOf(sub) } },
      ]);
      return created;
    });
    await submissions.markDone(sub.id, lead.id);
  } catch (err) {
    const refusal = refusalOf(err);
    if (!refusal) throw err;
    await submissions.markFailed(sub.id, refusal);
  }
}

/**
 * Turns a stored submission into a lead by the rules of any save (createLeadIn), in one transaction
 * with the submission's new state; a refusal is kept on the submission with its reasons. A submission
 * already turned into a lead is left as it is, so a retry racing another one creates nothing more.
 */
export async function processSubmission(db: Queryable, id: string, hooks: LeadHooks = {}) {
  return db.transaction(async (tx) => {
    const sub = await createSubmissionsRepository(tx).lockAndGet(id);
    if (!sub || sub.state === 'done') return;
    const forms = createWebFormsRepository(tx);
    const form = (await forms.memoById(sub.formId))!;
    await convertOne(tx, sub, form, await forms.websiteFormSourceId(), hooks);
  });
}

/**
 * Turns many stored submissions into leads in one transaction, by the same rules as processSubmission:
 * the submissions of a form checked with the reads shared, the persons among them written together
 * (createLeadsMany), the others by the save of one lead in their place. Should the set's statement
 * fail, its submissions go through the save of one lead instead.
 */
export async function processSubmissions(db: Queryable, ids: string[], hooks: LeadHooks = {}) {
  if (ids.length === 0) return;
  await db.transaction(async (tx) => {
    const submissions = createSubmissionsRepository(tx);
    const forms = createWebFormsRepository(tx);
    const websiteSourceId = await forms.websiteFormSourceId();
    const byForm = new Map<string, Submission[]>();
    for (const sub of await submissions.lockAndGetMany(ids))
      if (sub.state !== 'done') byForm.set(sub.formId, [...(byForm.get(sub.formId) ?? []), sub]);
    const done: { id: string; leadId: string }[] = [];
    for (const [formId, subs] of byForm) {
      const form = (await forms.memoById(formId))!;
      const p = formPrincipal(form);
      const context = await leadContextOf(tx, p);
      const { newStatus } = context;
      if (!newStatus) {
        for (const sub of subs) await convertOne(tx, sub, form, websiteSourceId, hooks);
        continue;
      }
      const ctx = saveContextOf(tx, context, p.userId);
      const shared = rememberingReads(tx);
      let planned: { sub: Submission; values: Draft }[] = [];
      const flush = async () => {
        const batch = planned;
        planned = [];
        if (batch.length === 0) return;
        try {
          const leadIds = await tx.transaction((w) =>
            createLeadsMany(
              w,
              ctx,
              p,
              newStatus,
              batch.map(({ sub, values }) => ({ values, eventPayload: submittedOf(sub) })),
              { kind: 'submitted', payload: formOf(form) },
              { webFormId: form.id, channel: 'web_form' },
              hooks,
            ),
          );
          batch.forEach(({ sub }, i) => done.push({ id: sub.id, leadId: leadIds[i] }));
        } catch {
          // Each alone then: the one at fault is refused with its reasons, the others are made leads.
          for (const { sub } of batch) await convertOne(tx, sub, form, websiteSourceId, hooks);
        }
      };
      for (const sub of subs) {
        const { input, errors } = inputOf(form, websiteSourceId, sub);
        if (!input) {
          await submissions.markFailed(sub.id, errors);
          continue;
        }
        const checked = await applyLeadInput(ctx, input, null, shared);
        if (checked.errors.length) {
          await submissions.markFailed(sub.id, checked.errors);
          continue;
        }
        if (setPathFits(checked.values)) planned.push({ sub, values: checked.values });
        else {
          // In its place: the submissions before it are written first, as one after the other would be.
          await flush();
          await convertOne(tx, sub, form, websiteSourceId, hooks);
        }
      }
      await flush();
    }
    await submissions.markDoneMany(done);
  });
}
