import { directionFromProgram, productFitsDirection, programFits } from '@leadline/contract';
import { fieldError } from '../../../http/errors';
import type { LeadScope } from '../../access/lead-policy';
import { changed, given, type SaveState } from './draft';

/** What a partnership agreement's program allows, and whose agreement it is. */
export interface AgreementFacts {
  partner_company_id: string;
  direction_ids: string[];
  product_ids: string[];
}

/** The agreement to read: the lead's, unless it points nowhere. */
export const agreementToRead = (s: SaveState) =>
  s.v.partnershipAgreementId && !s.bad.has('partnershipAgreementId') ? s.v.partnershipAgreementId : null;

/** The program's offer in the contract's terms, where server and web share the fit rule. */
const programOf = (a: AgreementFacts) => ({ salesDirectionIds: a.direction_ids, productIds: a.product_ids });

/** With no sales direction, a newly chosen agreement gives it when its program names exactly one. */
export function directionFromAgreement(s: SaveState, agreement: AgreementFacts | undefined) {
  if (!agreement || !changed(s, 'partnershipAgreementId')) return;
  if (s.v.salesDirectionId || given(s, 'salesDirectionId')) return;
  s.v.salesDirectionId = directionFromProgram(programOf(agreement)) ?? s.v.salesDirectionId;
}

/** The sales direction whose products to read before `fitDirectionProductAgreement`. */
export const directionToRead = (s: SaveState) =>
  s.v.productId && !s.bad.has('productId') && !s.bad.has('salesDirectionId') ? s.v.salesDirectionId : null;

/**
 * Step 4: the sales direction, the product and the partnership agreement stay consistent.
 * - A product chosen must be one of the sales direction's; when the direction changes (or is cleared)
 *   and no longer lists the product, the product is cleared.
 * - A chosen agreement's program must include the lead's direction and product; when the direction or
 *   the product changes and the agreement no longer fits, the agreement is cleared.
 * - The partner company is always the agreement's; a partner's employee works only under their own
 *   company's agreements; the sales direction is mandatory.
 * `directionProducts` are the products of `directionToRead`'s direction (empty when not read).
 */
export function fitDirectionProductAgreement(
  s: SaveState,
  agreement: AgreementFacts | undefined,
  directionProducts: ReadonlySet<string>,
  scope: LeadScope,
) {
  const { v, errors, bad } = s;
  const directionChanged = changed(s, 'salesDirectionId');
  const productChosen = given(s, 'productId') && v.productId !== null && changed(s, 'productId');
  if (v.productId && !bad.has('productId') && !bad.has('salesDirectionId')) {
    const belongs = productFitsDirection(
      v.productId,
      v.salesDirectionId ? { productIds: [...directionProducts] } : null,
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
        v.productId = null;
      }
    }
  }
  if (agreement) {
    const { direction: fitsDirection, product: fitsProduct } = programFits(programOf(agreement), v);
    if (changed(s, 'partnershipAgreementId')) {
      if (!fitsDirection || !fitsProduct) {
        errors.push(
          fieldError(
            'partnershipAgreementId',
            'not_matching_program',
            `the agreement's program does not include the lead's ${fitsDirection ? 'product' : 'sales direction'}`,
          ),
        );
      }
    } else if ((directionChanged && !fitsDirection) || (changed(s, 'productId') && !fitsProduct)) {
      v.partnershipAgreementId = null;
    }
  }
  v.partnerCompanyId = v.partnershipAgreementId && agreement ? agreement.partner_company_id : null;
  if (!v.salesDirectionId && !bad.has('salesDirectionId'))
    errors.push(fieldError('salesDirectionId', 'required', 'is required'));
  // A partner's employee works only under their own company's agreements, and never chooses who
  // works the lead: the CRM staff assign it.
  if (scope.kind === 'partner') {
    if (v.partnerCompanyId !== scope.partnerCompanyId)
      errors.push(
        fieldError('partnershipAgreementId', 'not_your_agreement', 'must be an agreement of your company'),
      );
    for (const f of ['ownerId', 'unitId'] as const)
      if (given(s, f) && v[f] !== s.prev[f])
        errors.push(fieldError(f, 'read_only', 'is chosen by the CRM staff, not by a partner'));
  }
}
