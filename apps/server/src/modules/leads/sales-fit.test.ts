import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productFitsDirection, programFits } from '@leadline/contract';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
});
afterAll(() => t.close());

interface Direction {
  id: string;
  productIds: string[];
}
interface Program {
  id: string;
  salesDirectionIds: string[];
  productIds: string[];
}
interface Agreement {
  id: string;
  programId: string;
}
const items = async <T>(path: string) => (await admin.get(`/api/v1${path}?limit=500`)).json().items as T[];
const idOf = async (path: string, body: object) => {
  const res = await admin.post(`/api/v1${path}`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

describe('the lead form and the server agree on sales direction, product and agreement', () => {
  it('the server accepts exactly the products and agreements the form offers, empty lists included', async () => {
    const listed = await idOf('/products', { name: 'Listed' });
    const unlisted = await idOf('/products', { name: 'Unlisted' });
    const direction = await idOf('/sales-directions', { name: 'Services', productIds: [listed] });
    const bare = await idOf('/sales-directions', { name: 'Consulting', productIds: [] });
    const fullProgram = await idOf('/partnership-programs', {
      name: 'Full',
      salesDirectionIds: [direction],
      productIds: [listed],
    });
    const noProducts = await idOf('/partnership-programs', {
      name: 'Directions only',
      salesDirectionIds: [direction, bare],
      productIds: [],
    });
    const full = await idOf('/partnership-agreements', {
      number: 'FIT-1',
      partnerCompanyId: c.partners.partnerA,
      programId: fullProgram,
    });
    const directionsOnly = await idOf('/partnership-agreements', {
      number: 'FIT-2',
      partnerCompanyId: c.partners.partnerA,
      programId: noProducts,
    });

    // The lists as the form reads them.
    const directions = await items<Direction>('/sales-directions');
    const programs = await items<Program>('/partnership-programs');
    const agreements = await items<Agreement>('/partnership-agreements');
    const offersProduct = (d: string, p: string) =>
      productFitsDirection(
        p,
        directions.find((x) => x.id === d),
      );
    const offersAgreement = (d: string, p: string | null, a: string) => {
      const program = programs.find((x) => x.id === agreements.find((y) => y.id === a)!.programId)!;
      const fits = programFits(program, { salesDirectionId: d, productId: p });
      return fits.direction && fits.product;
    };

    const seen: string[] = [];
    for (const d of [direction, bare])
      for (const p of [listed, unlisted, null])
        for (const a of [full, directionsOnly, null]) {
          const offered = (p === null || offersProduct(d, p)) && (a === null || offersAgreement(d, p, a));
          const res = await admin.post(
            '/api/v1/leads',
            validLead(c, { salesDirectionId: d, productId: p, partnershipAgreementId: a }),
          );
          expect(res.statusCode, `${d} ${p} ${a}: ${res.body}`).toBe(offered ? 201 : 422);
          if (!offered)
            expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(
              expect.arrayContaining([
                p !== null && !offersProduct(d, p) ? 'productId' : 'partnershipAgreementId',
              ]),
            );
          seen.push(
            `${d === bare ? 'bare' : 'listed'}/${p === listed ? 'L' : p ? 'U' : '-'}/${a === full ? 'full' : a ? 'dirOnly' : '-'}:${offered}`,
          );
        }
    // A direction that lists no products offers none, and a program that lists no products fits only a
    // lead without one.
    expect(seen).toContain('bare/L/-:false');
    expect(seen).toContain('listed/L/dirOnly:false');
    expect(seen).toContain('listed/-/dirOnly:true');
    expect(seen).toContain('bare/-/dirOnly:true');
    expect(seen).toContain('listed/L/full:true');
    expect(seen.filter((s) => s.endsWith(':true'))).toHaveLength(7);
  });
});
