import type { Lead } from '@leadline/contract';
import { describe, expect, it } from 'vitest';
import { checkCompanyAndContact, contactToCheck, linkCompanyByTin, tinToLookUp } from './company-contact';
import { applyExpectedCompletion, applyLeadTypeDefaults, applyLinesAndAmount } from './defaults';
import {
  directionFromAgreement,
  fitDirectionProductAgreement,
  type AgreementFacts,
} from './direction-agreement';
import { emptyDraft, startSave, type LeadInput } from './draft';
import { normalise, normaliseTags, requireNameAndSource } from './normalise';
import { referencesToCheck, reportMissing } from './references';

// The rules on save, one step at a time, without a database: each step gets what it would have read.
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DIR_A = id(1);
const DIR_B = id(2);
const PROD_1 = id(11);
const PROD_2 = id(12);
const AGREEMENT = id(21);
const PARTNER = id(31);
const OTHER_PARTNER = id(32);
const COMPANY = id(41);
const CONTACT = id(51);
const all = { kind: 'all' } as const;

/** A stored lead with the given values (only what the steps read matters). */
function stored(values: Partial<Lead>): Lead {
  return { ...emptyDraft(), startDate: '2026-01-10', ...values } as Lead;
}
const codes = (errors: { field: string; code: string }[]) => errors.map((e) => `${e.field}:${e.code}`);
const fresh = (input: LeadInput) => startSave(input, null);

describe('normalise', () => {
  it('trims text and takes blank text for "not set"', () => {
    const s = fresh({ name: '  Deal  ', goal: '   ', nurturing: true });
    normalise(s, 'DE');
    expect(s.v).toMatchObject({ name: 'Deal', goal: null, nurturing: true });
  });

  it('names each value it cannot store, and refuses a partner company given by hand', () => {
    const s = startSave(
      { companyTin: '12-34', emails: 'ok@x.test, nope', partnerCompanyId: PARTNER },
      stored({ partnerCompanyId: null }),
    );
    normalise(s, 'DE');
    expect(codes(s.errors)).toEqual(
      expect.arrayContaining(['companyTin:invalid_tin', 'partnerCompanyId:read_only']),
    );
    expect(s.errors.some((e) => e.field.startsWith('emails'))).toBe(true);
  });

  it('keeps one tag per name whatever its case, sorted', () => {
    expect(normaliseTags([' vip ', 'VIP', 'alpha', ''])).toEqual(['alpha', 'vip']);
  });

  it('changes only the address parts given, and clears it with null', () => {
    const s = startSave(
      { address: { city: ' Berlin ' } },
      stored({ address: { ...emptyDraft().address, street: 'Main 1' } }),
    );
    normalise(s, 'DE');
    expect(s.v.address).toMatchObject({ street: 'Main 1', city: 'Berlin' });
    const cleared = startSave(
      { address: null },
      stored({ address: { ...emptyDraft().address, street: 'Main 1' } }),
    );
    normalise(cleared, 'DE');
    expect(cleared.v.address.street).toBeNull();
  });

  it('requires the name and the lead source', () => {
    const s = fresh({});
    requireNameAndSource(s);
    expect(codes(s.errors)).toEqual(['name:required', 'sourceId:required']);
  });
});

describe('references', () => {
  it('looks up only the references set or changed, and names each one that points nowhere', () => {
    const s = startSave(
      { companyId: COMPANY, productLines: [{ productId: PROD_2, quantity: 1 }] },
      stored({ salesDirectionId: DIR_A }),
    );
    normalise(s, 'DE');
    const check = referencesToCheck(s);
    expect(check.ids).toEqual(
      new Map([
        ['companies', [COMPANY]],
        ['products', [PROD_2]],
      ]),
    );
    reportMissing(
      s,
      check,
      new Map([
        ['companies', new Set([COMPANY])],
        ['products', new Set([PROD_2])],
      ]),
    );
    expect(codes(s.errors)).toEqual(['companyId:not_found', 'productLines.0.productId:not_found']);
    expect(s.bad.has('companyId')).toBe(true);
  });
});

describe('company and contact', () => {
  it('a TIN that a company has links that company instead of a new one', () => {
    const s = fresh({ newCompany: true, companyTin: '7707083893' });
    normalise(s, 'DE');
    expect(tinToLookUp(s)).toBe('7707083893');
    linkCompanyByTin(s, { id: COMPANY });
    expect(s.v).toMatchObject({ companyId: COMPANY, newCompany: false });
  });

  it('a company prospect needs the existing company or a new one with name, website and TIN', () => {
    const s = fresh({ newCompany: true, newContact: true, lastName: 'Smith' });
    normalise(s, 'DE');
    checkCompanyAndContact(s, undefined);
    expect(codes(s.errors)).toEqual([
      'companyName:required',
      'companyWebsite:required',
      'companyTin:required',
      'firstName:required',
    ]);
    const none = fresh({ prospectType: 'company' });
    normalise(none, 'DE');
    checkCompanyAndContact(none, undefined);
    expect(codes(none.errors)).toEqual(['companyId:required', 'contactId:required']);
  });

  it('an existing contact must belong to the existing company', () => {
    const s = fresh({ companyId: COMPANY, contactId: CONTACT });
    normalise(s, 'DE');
    expect(contactToCheck(s)).toBe(CONTACT);
    checkCompanyAndContact(s, id(99));
    expect(codes(s.errors)).toEqual(['contactId:not_in_company']);
    const ok = fresh({ companyId: COMPANY, contactId: CONTACT });
    normalise(ok, 'DE');
    checkCompanyAndContact(ok, COMPANY);
    expect(ok.errors).toEqual([]);
  });
});

describe('sales direction, product and agreement', () => {
  const agreement: AgreementFacts = {
    partner_company_id: PARTNER,
    direction_ids: [DIR_A],
    product_ids: [PROD_1],
  };

  it('a newly chosen agreement gives the sales direction when its program names one', () => {
    const s = fresh({ partnershipAgreementId: AGREEMENT });
    normalise(s, 'DE');
    directionFromAgreement(s, agreement);
    expect(s.v.salesDirectionId).toBe(DIR_A);
    fitDirectionProductAgreement(s, agreement, new Set(), all);
    expect(s.v.partnerCompanyId).toBe(PARTNER);
    expect(s.errors).toEqual([]);
  });

  it('refuses a product the sales direction does not list, and one chosen with no direction', () => {
    const s = fresh({ salesDirectionId: DIR_A, productId: PROD_2 });
    normalise(s, 'DE');
    fitDirectionProductAgreement(s, undefined, new Set([PROD_1]), all);
    expect(codes(s.errors)).toEqual(['productId:not_in_sales_direction']);
    const none = fresh({ productId: PROD_1 });
    normalise(none, 'DE');
    fitDirectionProductAgreement(none, undefined, new Set(), all);
    expect(codes(none.errors)).toEqual(['productId:requires_sales_direction', 'salesDirectionId:required']);
  });

  it('a new direction clears the product it does not list and the agreement it does not fit', () => {
    const lead = stored({
      salesDirectionId: DIR_A,
      productId: PROD_1,
      partnershipAgreementId: AGREEMENT,
      partnerCompanyId: PARTNER,
    });
    const s = startSave({ salesDirectionId: DIR_B }, lead);
    normalise(s, 'DE');
    fitDirectionProductAgreement(s, agreement, new Set([PROD_2]), all);
    expect(s.v).toMatchObject({ productId: null, partnershipAgreementId: null, partnerCompanyId: null });
    expect(s.errors).toEqual([]);
  });

  it("refuses an agreement whose program lacks the lead's direction, and another partner's agreement", () => {
    const s = fresh({ salesDirectionId: DIR_B, partnershipAgreementId: AGREEMENT });
    normalise(s, 'DE');
    fitDirectionProductAgreement(s, agreement, new Set(), all);
    expect(codes(s.errors)).toEqual(['partnershipAgreementId:not_matching_program']);
    const partner = fresh({ salesDirectionId: DIR_A, partnershipAgreementId: AGREEMENT });
    normalise(partner, 'DE');
    fitDirectionProductAgreement(partner, agreement, new Set(), {
      kind: 'partner',
      partnerCompanyId: OTHER_PARTNER,
    });
    expect(codes(partner.errors)).toEqual(['partnershipAgreementId:not_your_agreement']);
  });
});

describe('defaults', () => {
  const type = { priority: 'high', importance: 'urgent', estimated_completion_days: 10 } as const;

  it('a lead type gives a new lead its priority, importance and estimated time, unless given', () => {
    const s = fresh({ priority: 'low' });
    normalise(s, 'DE');
    applyLeadTypeDefaults(s, type);
    expect(s.v).toMatchObject({ priority: 'low', importance: 'urgent', estimatedCompletionDays: 10 });
  });

  it('the expected completion date is the start date plus the estimated days', () => {
    const s = fresh({ estimatedCompletionDays: 5 });
    normalise(s, 'DE');
    applyExpectedCompletion(s, '2026-02-26');
    expect(s.v.expectedCompletionDate).toBe('2026-03-03');
    const given = fresh({ estimatedCompletionDays: 5, expectedCompletionDate: '2026-12-24' });
    normalise(given, 'DE');
    applyExpectedCompletion(given, '2026-02-26');
    expect(given.v.expectedCompletionDate).toBe('2026-12-24');
  });

  it('product lines take the catalogue price and their total is the target amount while it was the total', () => {
    const s = fresh({
      productLines: [
        { productId: PROD_1, quantity: 3 },
        { productId: PROD_2, quantity: 1, price: '5' },
      ],
    });
    normalise(s, 'DE');
    applyLinesAndAmount(s, new Map([[PROD_1, '10.50']]), 'EUR');
    expect(s.v.productLines.map((l) => l.price)).toEqual(['10.50', '5.00']);
    expect(s.v.targetAmount).toEqual({ amount: '36.50', currency: 'EUR' });

    const lead = stored({ targetAmount: { amount: '999.00', currency: 'USD' } });
    const kept = startSave({ productLines: [{ productId: PROD_1, quantity: 1 }] }, lead);
    applyLinesAndAmount(kept, new Map([[PROD_1, '10.00']]), 'EUR');
    expect(kept.v.targetAmount).toEqual({ amount: '999.00', currency: 'USD' });
  });

  it('refuses a quantity of zero and an amount too large to store', () => {
    const s = fresh({
      productLines: [{ productId: PROD_1, quantity: 0 }],
      targetAmount: { amount: '99999999999999' },
    });
    normalise(s, 'DE');
    applyLinesAndAmount(s, new Map(), 'EUR');
    expect(codes(s.errors)).toEqual(['productLines.0.quantity:invalid', 'targetAmount:too_large']);
  });
});
