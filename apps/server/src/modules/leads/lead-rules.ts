import {
  directionFromProgram,
  productFitsDirection,
  programFits,
  type FieldError,
  type Lead,
  type LeadPatch,
  type Settings,
} from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { fieldError } from '../../http/errors';
import { normalizeEmails, normalizePhones } from '../../lib/contact-points';
import { plainText, sanitizeRichText } from '../../lib/rich-text';
import { findCompanyByTin, normalizeTin, normalizeWebsite } from '../companies';
import { findMatchingContacts, insertContact, type ContactMatch } from '../contacts';
import type { LeadScope } from '../access/lead-policy';
import {
  createLeadsRepository,
  referenceTables,
  scalarFields,
  type LeadValues,
  type ScalarField,
} from './leads.repository';

/** A lead being saved, before the mandatory fields are known to be filled. */
export type Draft = Omit<LeadValues, 'name' | 'sourceId'> & { name: string | null; sourceId: string | null };

export type LeadInput = LeadPatch;

const emptyAddress = (): Lead['address'] => ({
  street: null,
  postalCode: null,
  city: null,
  region: null,
  country: null,
});

export function emptyDraft(): Draft {
  const d: Record<string, unknown> = {};
  for (const f of scalarFields) d[f] = null;
  return {
    ...(d as Draft),
    prospectType: 'company',
    newCompany: false,
    keyAccount: false,
    newContact: false,
    emails: [],
    phones: [],
    doNotEmail: false,
    doNotCall: false,
    priority: 'normal',
    importance: 'normal',
    nurturing: false,
    active: true,
    address: emptyAddress(),
    targetAmount: null,
    productLines: [],
    tags: [],
  };
}

export function draftOf(lead: Lead): Draft {
  const d: Record<string, unknown> = {};
  for (const f of scalarFields) d[f] = lead[f];
  return {
    ...(d as Draft),
    address: { ...lead.address },
    targetAmount: lead.targetAmount ? { ...lead.targetAmount } : null,
    productLines: lead.productLines.map((l) => ({ ...l })),
    tags: [...lead.tags],
  };
}

const trimOrNull = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

/** Fields that are plain text on the lead: trimmed, and empty means "not set". */
const textFields = [
  'name',
  'customerRequirements',
  'leadCompanyName',
  'companyName',
  'companySize',
  'firstName',
  'lastName',
  'middleName',
  'jobTitle',
  'department',
  'contentChannel',
  'externalClientId',
  'goal',
  'implementationOptions',
  'procurementProcedure',
  'decisionLevel',
  'terms',
  'decisionMaker',
  'selectionCriteria',
  'complianceWithCriteria',
  'channel',
] as const satisfies readonly ScalarField[];

/** Fields copied as they come (ids, flags, enums, numbers, dates). */
const plainFields = [
  'sourceId',
  'leadTypeId',
  'prospectType',
  'newCompany',
  'companyId',
  'industryId',
  'keyAccount',
  'newContact',
  'contactId',
  'doNotEmail',
  'doNotCall',
  'salesDirectionId',
  'productId',
  'probability',
  'priority',
  'importance',
  'marketingCampaignId',
  'partnershipAgreementId',
  'partnerContactId',
  'ownerId',
  'unitId',
  'agencyId',
  'groupCompanyId',
  'nurturing',
  'score',
  'categoryId',
  'estimatedCompletionDays',
  'expectedCompletionDate',
  'active',
] as const satisfies readonly ScalarField[];

const money = (n: number) => n.toFixed(2);
const linesTotal = (lines: Lead['productLines']) =>
  lines.reduce((sum, l) => sum + Math.round(l.quantity * Number(l.price) * 100), 0) / 100;

export interface SaveContext {
  q: Queryable;
  settings: Settings;
  scope: LeadScope;
  actorId: string;
  /** `YYYY-MM-DD` as the database sees today. */
  today: string;
}

/**
 * Applies an input to a lead (a new one when `current` is null) and every rule on save of SPEC.md
 * section 1. Returns the values to store, or every field error found; nothing is written while errors
 * are still possible, so a refused save leaves no trace. `commit` then runs the side effects (contact
 * de-duplication or creation) inside the caller's transaction.
 */
export async function applyLeadInput(ctx: SaveContext, input: LeadInput, current: Lead | null) {
  const repo = createLeadsRepository(ctx.q);
  const errors: FieldError[] = [];
  const prev: Draft = current ? draftOf(current) : emptyDraft();
  const v: Draft = current ? draftOf(current) : emptyDraft();
  const given = (k: keyof LeadInput) => input[k] !== undefined;
  const changed = (k: keyof Draft) => JSON.stringify(v[k]) !== JSON.stringify(current ? prev[k] : null);

  for (const f of textFields) if (given(f)) v[f] = trimOrNull(input[f]);
  for (const f of plainFields) {
    if (!given(f)) continue;
    const value = input[f];
    // Flags and enums have a value on the record: null there means "back to the default".
    (v as Record<string, unknown>)[f] = value === null ? emptyDraft()[f] : value;
  }
  if (given('description')) {
    const html = input.description ? sanitizeRichText(input.description).trim() : '';
    v.description = plainText(html) !== '' || /<(img|hr|table)/i.test(html) ? html : null;
  }
  if (given('companyTin')) {
    const tin = normalizeTin('companyTin', input.companyTin);
    if (tin.error) errors.push(tin.error);
    v.companyTin = tin.value;
  }
  if (given('companyWebsite')) {
    const website = normalizeWebsite('companyWebsite', input.companyWebsite);
    if (website.error) errors.push(website.error);
    v.companyWebsite = website.value;
  }
  if (given('emails')) {
    const emails = normalizeEmails('emails', input.emails);
    errors.push(...emails.errors);
    v.emails = emails.values;
  }
  if (given('phones')) {
    const phones = normalizePhones('phones', input.phones, ctx.settings.defaultPhoneRegion);
    errors.push(...phones.errors);
    v.phones = phones.values;
  }
  if (given('address')) {
    if (input.address === null) v.address = emptyAddress();
    else
      for (const k of Object.keys(v.address) as (keyof Lead['address'])[]) {
        if (input.address![k] !== undefined) v.address[k] = trimOrNull(input.address![k]);
      }
  }
  if (given('tags')) {
    const seen = new Set<string>();
    v.tags = [];
    (input.tags ?? []).forEach((raw) => {
      const name = raw.trim();
      if (name && !seen.has(name.toLowerCase())) {
        seen.add(name.toLowerCase());
        v.tags.push(name);
      }
    });
    v.tags.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  }

  // Partner company: read-only, always the agreement's (rule 5).
  if (given('partnerCompanyId') && input.partnerCompanyId !== prev.partnerCompanyId) {
    errors.push(
      fieldError('partnerCompanyId', 'read_only', 'is taken from the partnership agreement on save'),
    );
  }

  // Every reference that is set or changed must exist, so that the answer names the field.
  const byTable = new Map<string, { field: string; id: string }[]>();
  for (const [field, table] of Object.entries(referenceTables)) {
    const id = v[field as ScalarField] as string | null;
    if (id && changed(field as ScalarField)) {
      byTable.set(table, [...(byTable.get(table) ?? []), { field, id }]);
    }
  }
  const productIds = given('productLines') ? (input.productLines ?? []).map((l) => l.productId) : [];
  if (productIds.length) byTable.set('products', [...(byTable.get('products') ?? [])]);
  const bad = new Set<string>();
  const missingByTable = await repo.missing(
    new Map(
      [...byTable].map(([table, refs]) => [
        table,
        [...new Set([...refs.map((r) => r.id), ...(table === 'products' ? productIds : [])])],
      ]),
    ),
  );
  for (const [table, refs] of byTable) {
    const missing = missingByTable.get(table) ?? new Set<string>();
    for (const r of refs) {
      if (missing.has(r.id)) {
        bad.add(r.field);
        errors.push(
          fieldError(r.field, 'not_found', `no such ${table.replace(/_/g, ' ').replace(/s$/, '')}`),
        );
      }
    }
    if (table === 'products') {
      productIds.forEach((id, i) => {
        if (missing.has(id))
          errors.push(fieldError(`productLines.${i}.productId`, 'not_found', 'no such product'));
      });
    }
  }
  const usable = (f: ScalarField) => v[f] !== null && !bad.has(f);

  // Mandatory on every save.
  if (!v.name) errors.push(fieldError('name', 'required', 'is required'));
  if (!v.sourceId) errors.push(fieldError('sourceId', 'required', 'is required'));

  // Rule 1: a TIN set or changed looks for the company that has it; a match links it instead of a new one.
  if (v.companyTin && changed('companyTin')) {
    const match = await findCompanyByTin(ctx.q, v.companyTin);
    if (match) {
      v.companyId = match.id;
      v.newCompany = false;
    }
  }
  // Company: New company needs its data; otherwise a company prospect needs the existing company.
  if (v.prospectType === 'company') {
    if (v.newCompany) {
      if (!v.companyName) errors.push(fieldError('companyName', 'required', 'is required for a new company'));
      if (!v.companyWebsite && !errors.some((e) => e.field === 'companyWebsite'))
        errors.push(fieldError('companyWebsite', 'required', 'is required for a new company'));
      if (!v.companyTin && !errors.some((e) => e.field === 'companyTin'))
        errors.push(fieldError('companyTin', 'required', 'is required for a new company'));
    } else if (!v.companyId && !bad.has('companyId')) {
      errors.push(fieldError('companyId', 'required', 'choose the existing company or set New company'));
    }
  }

  // Contact: New contact needs a name; otherwise the existing contact, within the existing company.
  if (v.newContact) {
    if (!v.firstName) errors.push(fieldError('firstName', 'required', 'is required for a new contact'));
    if (!v.lastName) errors.push(fieldError('lastName', 'required', 'is required for a new contact'));
  } else if (!v.contactId) {
    if (!bad.has('contactId'))
      errors.push(fieldError('contactId', 'required', 'choose the existing contact or set New contact'));
  } else if (usable('contactId') && usable('companyId') && (changed('contactId') || changed('companyId'))) {
    const contact = await repo.contact(v.contactId);
    if (contact && contact.company_id !== v.companyId) {
      errors.push(fieldError('contactId', 'not_in_company', 'must be a contact of the existing company'));
    }
  }

  // Rule 6: the owner is an active user.
  if (usable('ownerId') && changed('ownerId')) {
    const owner = await repo.user(v.ownerId!);
    if (!owner || !owner.active || owner.is_integration) {
      errors.push(fieldError('ownerId', 'inactive_user', 'must be an active user'));
    }
  }

  // Rules 3-5: sales direction, product and partnership agreement stay consistent.
  const agreement =
    v.partnershipAgreementId && !bad.has('partnershipAgreementId')
      ? await repo.agreement(v.partnershipAgreementId)
      : undefined;
  const program = agreement
    ? { salesDirectionIds: agreement.direction_ids, productIds: agreement.product_ids }
    : undefined;
  if (program && changed('partnershipAgreementId') && !v.salesDirectionId && !given('salesDirectionId')) {
    // With no sales direction, the agreement's program gives it when it names exactly one.
    v.salesDirectionId = directionFromProgram(program) ?? v.salesDirectionId;
  }
  const directionChanged = changed('salesDirectionId');
  const productChosen = given('productId') && v.productId !== null && changed('productId');
  if (v.productId && !bad.has('productId') && !bad.has('salesDirectionId')) {
    const belongs = productFitsDirection(
      v.productId,
      v.salesDirectionId ? { productIds: [...(await repo.directionProductIds(v.salesDirectionId))] } : null,
    );
    if (!belongs) {
      if (productChosen) {
        errors.push(
          fieldError(
            'productId',
            v.salesDirectionId ? 'not_in_sales_direction' : 'requires_sales_direction',
            v.salesDirectionId
              ? 'must be a product or service of the sales direction'
              : 'choose the sales direction first',
          ),
        );
      } else if (directionChanged) {
        // Rule 3: the direction changed or was cleared, and no longer lists the product.
        v.productId = null;
      }
    }
  }
  if (program) {
    const { direction: fitsDirection, product: fitsProduct } = programFits(program, v);
    if (changed('partnershipAgreementId')) {
      // Rule 5: only an agreement whose program has the lead's direction and product may be chosen.
      if (!fitsDirection || !fitsProduct) {
        errors.push(
          fieldError(
            'partnershipAgreementId',
            'not_matching_program',
            `the agreement's program does not include the lead's ${fitsDirection ? 'product' : 'sales direction'}`,
          ),
        );
      }
    } else if ((directionChanged && !fitsDirection) || (changed('productId') && !fitsProduct)) {
      // Rules 3 and 4: the agreement no longer fits the new direction or product.
      v.partnershipAgreementId = null;
    }
  }
  v.partnerCompanyId = v.partnershipAgreementId && agreement ? agreement.partner_company_id : null;
  if (!v.salesDirectionId && !bad.has('salesDirectionId'))
    errors.push(fieldError('salesDirectionId', 'required', 'is required'));

  // A partner's employee works only under their own company's agreements.
  if (ctx.scope.kind === 'partner' && v.partnerCompanyId !== ctx.scope.partnerCompanyId) {
    errors.push(
      fieldError('partnershipAgreementId', 'not_your_agreement', 'must be an agreement of your company'),
    );
  }

  // Lead type defaults: priority, importance and the estimated completion time.
  if (usable('leadTypeId') && changed('leadTypeId')) {
    const type = await repo.leadType(v.leadTypeId!);
    if (type) {
      if (!current) {
        if (!given('priority')) v.priority = type.priority;
        if (!given('importance')) v.importance = type.importance;
      }
      if (!given('estimatedCompletionDays') && (v.estimatedCompletionDays === null || !current))
        v.estimatedCompletionDays = type.estimated_completion_days;
    }
  }
  // Expected completion date: start + estimated days unless given.
  if (
    !given('expectedCompletionDate') &&
    v.estimatedCompletionDays !== null &&
    (!current || changed('estimatedCompletionDays'))
  ) {
    const start = current?.startDate ?? ctx.today;
    const d = new Date(`${start}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + v.estimatedCompletionDays);
    v.expectedCompletionDate = d.toISOString().slice(0, 10);
  }

  // Products of interest; their total is the default target amount.
  if (given('productLines')) {
    const prices = await repo.productPrices(productIds);
    v.productLines = (input.productLines ?? []).map((l) => ({
      productId: l.productId,
      quantity: Number(l.quantity),
      price: money(Number(l.price ?? prices.get(l.productId) ?? 0)),
    }));
    v.productLines.forEach((l, i) => {
      if (!(l.quantity > 0))
        errors.push(fieldError(`productLines.${i}.quantity`, 'invalid', 'must be more than 0'));
    });
  }
  const currency =
    input.targetAmount?.currency ?? prev.targetAmount?.currency ?? ctx.settings.defaultCurrency;
  if (given('targetAmount')) {
    v.targetAmount = input.targetAmount
      ? { amount: money(Number(input.targetAmount.amount)), currency }
      : null;
  } else if (given('productLines')) {
    const wasDefault =
      !prev.targetAmount || Number(prev.targetAmount.amount) === linesTotal(prev.productLines);
    if (wasDefault)
      v.targetAmount = v.productLines.length ? { amount: money(linesTotal(v.productLines)), currency } : null;
  }

  if (v.targetAmount && Number(v.targetAmount.amount) > 9_999_999_999_999) {
    errors.push(fieldError('targetAmount', 'too_large', 'must be below 10 000 000 000 000'));
  }

  return { values: v, errors };
}

/**
 * Rule 2, contact de-duplication: with New contact set, the existing contact the lead's person matches,
 * if any (read only; `commitContact` links it or creates the contact).
 */
export async function findContactMatch(ctx: SaveContext, v: Draft): Promise<ContactMatch | null> {
  if (!v.newContact) return null;
  const [match] = await findMatchingContacts(
    ctx.q,
    {
      firstName: v.firstName,
      lastName: v.lastName,
      middleName: v.middleName,
      emails: v.emails,
      phones: v.phones,
    },
    ctx.settings.defaultPhoneRegion,
  );
  return match ?? null;
}

/** Whether committing the contact writes anything (so that the save needs a transaction). */
export const contactNeedsWrite = (v: Draft, match: ContactMatch | null) =>
  v.newContact && (!match || (!match.companyId && !!v.companyId));

/**
 * The contact side of a valid save, in the caller's transaction: with New contact set, the matching
 * contact is linked (and given the lead's company if it has none); without one a contact is created
 * from the lead's fields and linked.
 */
export async function commitContact(ctx: SaveContext, v: Draft, match: ContactMatch | null) {
  if (!v.newContact) return;
  if (match) {
    v.contactId = match.id;
    if (!match.companyId && v.companyId)
      await createLeadsRepository(ctx.q).setContactCompanyIfNone(match.id, v.companyId);
  } else {
    v.contactId = await insertContact(
      ctx.q,
      {
        firstName: v.firstName,
        lastName: v.lastName!,
        middleName: v.middleName,
        emails: v.emails,
        phones: v.phones,
        companyId: v.companyId,
        jobTitle: v.jobTitle,
        department: v.department,
        doNotEmail: v.doNotEmail,
        doNotCall: v.doNotCall,
        address: v.address,
      },
      ctx.actorId,
      ctx.settings.defaultPhoneRegion,
    );
  }
  v.newContact = false;
}

/**
 * What full-text search covers from the lead itself: name, company fields, the person's names, e-mails,
 * phones (also as bare digits) and the description as plain text. The number and the names of the
 * linked company and contact are added by the statement that stores it (searchTextSql).
 */
export function ownSearchText(v: Draft) {
  const parts: (string | null)[] = [v.name, v.companyName, v.leadCompanyName, v.companyTin];
  parts.push(v.firstName, v.middleName, v.lastName);
  parts.push(...v.emails);
  for (const phone of v.phones) parts.push(phone, phone.replace(/\D/g, ''));
  parts.push(plainText(v.description));
  return parts
    .filter((s): s is string => !!s)
    .join(' ')
    .slice(0, 100_000);
}

/**
 * Rebuilds the search text of the leads that show a company's or a contact's name, after that record
 * was renamed, a page of leads per two statements. Search text is derived data: the leads' versions and
 * history do not change.
 */
export async function refreshLeadSearch(q: Queryable, by: { companyId?: string; contactId?: string }) {
  const repo = createLeadsRepository(q);
  let count = 0;
  for (let after: string | null = null; ;) {
    const leads = await repo.linkedTo(by, after, 500);
    if (leads.length === 0) return count;
    await repo.setOwnSearchText(leads.map((l) => ({ id: l.id, own: ownSearchText(draftOf(l)) })));
    count += leads.length;
    after = leads[leads.length - 1].id;
  }
}
