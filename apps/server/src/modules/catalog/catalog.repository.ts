import type { Queryable } from '../../db/client';

/** What other modules ask of the catalogue: products, sales directions and partnership agreements. */
export function createCatalogRepository(db: Queryable) {
  return {
    /** A partnership agreement's partner company and the directions and products of its program. */
    async agreement(id: string) {
      const rows = await db.query<{
        partner_company_id: string;
        direction_ids: string[];
        product_ids: string[];
      }>(
        `SELECT a.partner_company_id,
                coalesce((SELECT array_agg(s.sales_direction_id::text) FROM partnership_program_sales_directions s
                           WHERE s.program_id = a.program_id), '{}'::text[]) AS direction_ids,
                coalesce((SELECT array_agg(p.product_id::text) FROM partnership_program_products p
                           WHERE p.program_id = a.program_id), '{}'::text[]) AS product_ids
           FROM partnership_agreements a WHERE a.id = $1`,
        [id],
      );
      return rows[0];
    },

    async directionProductIds(salesDirectionId: string) {
      const rows = await db.query<{ product_id: string }>(
        'SELECT product_id FROM sales_direction_products WHERE sales_direction_id = $1',
        [salesDirectionId],
      );
      return new Set(rows.map((r) => r.product_id));
    },

    async productPrices(ids: string[]) {
      if (ids.length === 0) return new Map<string, string | null>();
      const rows = await db.query<{ id: string; price: string | null }>(
        'SELECT id, price::text AS price FROM products WHERE id = ANY ($1::uuid[])',
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r.price]));
    },
  };
}
