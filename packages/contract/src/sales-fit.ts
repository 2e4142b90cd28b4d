/**
 * How a lead's sales direction, Service/Product and partnership agreement must fit together. The lists
 * on a sales direction and on a partnership program are the whole of what they offer: a direction that
 * lists no products offers no Service/Product, and a program that lists no products (or no sales
 * directions) fits no lead that has one. A product is chosen only after its sales direction.
 */
export interface DirectionOffer {
  productIds: readonly string[];
}

export interface ProgramOffer {
  salesDirectionIds: readonly string[];
  productIds: readonly string[];
}

export interface SalesChoice {
  salesDirectionId: string | null;
  productId: string | null;
}

/** Whether `productId` may be the Service/Product of a lead whose sales direction offers `direction`. */
export function productFitsDirection(
  productId: string,
  direction: DirectionOffer | null | undefined,
): boolean {
  return !!direction && direction.productIds.includes(productId);
}

/**
 * Whether a partnership program fits the lead's direction and product; each part is answered apart so a
 * refusal can name the field at fault. An unset direction or product fits any program.
 */
export function programFits(
  program: ProgramOffer,
  lead: SalesChoice,
): { direction: boolean; product: boolean } {
  return {
    direction: !lead.salesDirectionId || program.salesDirectionIds.includes(lead.salesDirectionId),
    product: !lead.productId || program.productIds.includes(lead.productId),
  };
}

/** The sales direction an agreement's program gives a lead that has none: its only one, if it has one. */
export const directionFromProgram = (program: ProgramOffer): string | null =>
  program.salesDirectionIds.length === 1 ? program.salesDirectionIds[0] : null;
