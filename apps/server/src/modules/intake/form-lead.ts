import { LeadCreate, type FieldError, type WebFormFieldKey } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { AppError } from '../../http/errors';
import type { Principal } from '../access/principal';
import type { LeadHooks } from '../leads/lead-hooks';
import { createLeadsRepository } from '../leads/leads.repository';
import { createLeadIn } from '../leads/leads.service';
import { createSubmissionsRepository } from './submissions.repository';
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

/**
 * Turns a stored submission into a lead by the rules of any save (createLeadIn), in one transaction
 * with the submission's new state; a refusal is kept on the submission with its reasons. A submission
 * already turned into a lead is left as it is, so a retry racing another one creates nothing more.
 */
export async function processSubmission(db: Queryable, id: string, hooks: LeadHooks = {}) {
  return db.transaction(async (tx) => {
    const submissions = createSubmissionsRepository(tx);
    const sub = await submissions.lockAndGet(id);
    if (!sub || sub.state === 'done') return;
    const forms = createWebFormsRepository(tx);
    const form = (await forms.memoById(sub.formId))!;
    const raw = leadInputOf(form, await forms.websiteFormSourceId(), sub.payload, sub.flags, sub.corrections);
    const parsed = LeadCreate.safeParse(raw);
    if (!parsed.success) {
      await submissions.markFailed(
        id,
        parsed.error.issues.map((i) => ({
          field: i.path.map(String).join('.'),
          code: i.code,
          message: i.message,
        })),
      );
      return;
    }
    try {
      // A savepoint: a refused lead leaves the transaction usable for recording the refusal.
      const lead = await tx.transaction(async (sp) => {
        const created = await createLeadIn(sp, formPrincipal(form), parsed.data, hooks, {
          webFormId: form.id,
          channel: 'web_form',
        });
        await createLeadsRepository(sp).addEvents(created.id, form.userId, [
          {
            kind: 'submitted',
            payload: {
              formId: form.id,
              formName: form.name,
              submissionId: id,
              consent: sub.consentText
                ? {
                    text: sub.consentText,
                    version: sub.consentVersion,
                    givenAt: sub.consentGivenAt,
                    address: sub.remoteAddress,
                  }
                : null,
              flags: sub.flags,
            },
          },
        ]);
        return created;
      });
      await submissions.markDone(id, lead.id);
    } catch (err) {
      const errors = refusalOf(err);
      if (!errors) throw err;
      await submissions.markFailed(id, errors);
    }
  });
}
