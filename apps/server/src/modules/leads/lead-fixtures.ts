import type { Queryable } from '../../db/client';

/**
 * The catalogue and partner records the lead tests refer to, written straight into the tables so that
 * the lead tests do not depend on the admin endpoints of those records.
 */
export async function seedCatalog(db: Queryable) {
  const one = async (sql: string, params: unknown[] = []) =>
    (await db.query<{ id: string }>(sql, params))[0].id;
  const product = (name: string, price: string | null) =>
    one('INSERT INTO products (name, price, currency) VALUES ($1, $2, $3) RETURNING id', [
      name,
      price,
      price ? 'EUR' : null,
    ]);
  const cloudHosting = await product('Cloud hosting', '100.00');
  const backup = await product('Backup', '40.00');
  const server = await product('Rack server', '2500.00');
  const direction = async (name: string, products: string[]) => {
    const id = await one('INSERT INTO sales_directions (name) VALUES ($1) RETURNING id', [name]);
    for (const p of products)
      await db.query(
        'INSERT INTO sales_direction_products (sales_direction_id, product_id) VALUES ($1, $2)',
        [id, p],
      );
    return id;
  };
  const cloud = await direction('Cloud', [cloudHosting, backup]);
  const hardware = await direction('Hardware', [server]);
  const program = async (name: string, directions: string[], products: string[]) => {
    const id = await one('INSERT INTO partnership_programs (name) VALUES ($1) RETURNING id', [name]);
    for (const d of directions)
      await db.query(
        'INSERT INTO partnership_program_sales_directions (program_id, sales_direction_id) VALUES ($1, $2)',
        [id, d],
      );
    for (const p of products)
      await db.query('INSERT INTO partnership_program_products (program_id, product_id) VALUES ($1, $2)', [
        id,
        p,
      ]);
    return id;
  };
  const company = (name: string, tin: string | null, type = 'prospect') =>
    one('INSERT INTO companies (name, tin, type) VALUES ($1, $2, $3) RETURNING id', [name, tin, type]);
  const partnerA = await company('Partner A', null, 'partner');
  const partnerB = await company('Partner B', null, 'partner');
  // Cloud only, hosting only.
  const cloudProgram = await program('Cloud resellers', [cloud], [cloudHosting]);
  // Two directions: it cannot tell a lead's direction on its own.
  const broadProgram = await program('Everything', [cloud, hardware], [cloudHosting, backup, server]);
  const agreement = (number: string, partner: string, prog: string) =>
    one(
      'INSERT INTO partnership_agreements (number, partner_company_id, program_id) VALUES ($1, $2, $3) RETURNING id',
      [number, partner, prog],
    );
  const cloudAgreement = await agreement('PA-1', partnerA, cloudProgram);
  const broadAgreement = await agreement('PA-2', partnerB, broadProgram);
  const acme = await company('Acme Logistics', '7707083893');
  const globex = await company('Globex', '500100732259');
  const contact = (
    first: string,
    last: string,
    companyId: string | null,
    emails: string[],
    phones: string[],
  ) =>
    one(
      `INSERT INTO contacts (first_name, last_name, company_id, emails, phones) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
      [first, last, companyId, emails, phones],
    );
  const ann = await contact('Ann', 'Smith', acme, ['ann@acme.test'], ['+4930123456']);
  const bob = await contact('Bob', 'Jones', globex, ['bob@globex.test'], []);
  const source = (await db.query<{ id: string }>(`SELECT id FROM lead_sources WHERE code = 'api'`))[0].id;
  const webSource = (
    await db.query<{ id: string }>(`SELECT id FROM lead_sources WHERE code = 'website_form'`)
  )[0].id;
  const leadType = await one(
    `INSERT INTO lead_types (name, priority, importance, estimated_completion_days)
     VALUES ('Tender', 'high', 'urgent', 30) RETURNING id`,
  );
  return {
    products: { cloudHosting, backup, server },
    directions: { cloud, hardware },
    programs: { cloudProgram, broadProgram },
    partners: { partnerA, partnerB },
    agreements: { cloudAgreement, broadAgreement },
    companies: { acme, globex },
    contacts: { ann, bob },
    sources: { api: source, web: webSource },
    leadTypes: { tender: leadType },
  };
}
export type Catalog = Awaited<ReturnType<typeof seedCatalog>>;

/** A lead that passes every rule: an existing company with one of its contacts, a direction, a source. */
export const validLead = (c: Catalog, extra: Record<string, unknown> = {}) => ({
  name: 'Warehouse cloud migration',
  sourceId: c.sources.api,
  companyId: c.companies.acme,
  contactId: c.contacts.ann,
  salesDirectionId: c.directions.cloud,
  ...extra,
});
