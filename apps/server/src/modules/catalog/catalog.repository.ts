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

    /**
     * The agreements of a partner company (or the one asked for, when `id` is given), each with its
     * program's name and the active sales directions and products the program offers.
     */
    async partnerAgreements(partnerCompanyId: string, id: string | null = null) {
      const rows = await db.query<{
        id: string;
        number: string;
        program_name: string;
        valid_from: string | null;
        valid_to: string | null;
        active: boolean;
        directions: { id: string; name: string }[] | null;
        products: { id: string; name: string }[] | null;
      }>(
        `SELECT a.id, a.number, p.name AS program_name, a.valid_from::text AS valid_from,
                a.valid_to::text AS valid_to, a.active,
                (SELECT json_agg(json_build_object('id', d.id, 'name', d.name) ORDER BY d.position, d.name)
                   FROM partnership_program_sales_directions s JOIN sales_directions d ON d.id = s.sales_direction_id
                  WHERE s.program_id = a.program_id AND d.active) AS directions,
                (SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name)
                   FROM partnership_program_products pp JOIN products r ON r.id = pp.product_id
                  WHERE pp.program_id = a.program_id AND r.active) AS products
           FROM partnership_agreements a JOIN partnership_programs p ON p.id = a.program_id
          WHERE a.partner_company_id = $1 AND ($2::uuid IS NULL OR a.id = $2)
          ORDER BY a.number`,
        [partnerCompanyId, id],
      );
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        programName: r.program_name,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        active: r.active,
        salesDirections: r.directions ?? [],
        products: r.products ?? [],
      }));
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
