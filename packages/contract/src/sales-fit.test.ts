import { describe, expect, it } from 'vitest';
import { directionFromProgram, productFitsDirection, programFits } from './sales-fit';

describe('the sales direction, product and agreement fit', () => {
  it('offers a product only with a sales direction that lists it', () => {
    expect(productFitsDirection('p1', { productIds: ['p1', 'p2'] })).toBe(true);
    expect(productFitsDirection('p3', { productIds: ['p1', 'p2'] })).toBe(false);
    expect(productFitsDirection('p1', null)).toBe(false);
  });

  it('a sales direction that lists no products offers none', () => {
    expect(productFitsDirection('p1', { productIds: [] })).toBe(false);
  });

  it('a program fits when it lists the lead direction and product, each answered apart', () => {
    const program = { salesDirectionIds: ['d1'], productIds: ['p1'] };
    expect(programFits(program, { salesDirectionId: 'd1', productId: 'p1' })).toEqual({
      direction: true,
      product: true,
    });
    expect(programFits(program, { salesDirectionId: 'd2', productId: 'p2' })).toEqual({
      direction: false,
      product: false,
    });
    expect(programFits(program, { salesDirectionId: null, productId: null })).toEqual({
      direction: true,
      product: true,
    });
  });

  it('a program that lists no products fits only a lead without one', () => {
    const program = { salesDirectionIds: ['d1'], productIds: [] };
    expect(programFits(program, { salesDirectionId: 'd1', productId: null }).product).toBe(true);
    expect(programFits(program, { salesDirectionId: 'd1', productId: 'p1' }).product).toBe(false);
  });

  it('gives a lead without a direction the program direction only when there is one', () => {
    expect(directionFromProgram({ salesDirectionIds: ['d1'], productIds: [] })).toBe('d1');
    expect(directionFromProgram({ salesDirectionIds: ['d1', 'd2'], productIds: [] })).toBeNull();
    expect(directionFromProgram({ salesDirectionIds: [], productIds: [] })).toBeNull();
  });
});
