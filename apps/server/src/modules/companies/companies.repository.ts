import type { Company, CompanyType } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import type { SortColumn } from '../../lib/keyset';
import { keysetPage, type PageRequest } from '../../lib/pagination';
import { camelRow, conditions, likePattern } from '../../lib/sql';

/** A company as it is stored: validated and normalised (TIN digits, website with scheme, E.164...). */
export interface CompanyValues {
  name: string;
  tin: string | null;
  website: string | null;
  type: CompanyType;
  industryId: string | null;
  size: string | null;
  keyAccount: boolean;
  emails: string[];
  phones: string[];
  address: {
    street: string | null;
    postalCode: string | null;
    city: string | null;
    region: string | null;
    country: string | null;
  };
  description: string | null;
  active: boolean;
}

const columns = `c.id, c.name, c.tin, c.website, c.type, c.industry_id, c.size, c.key_account, c.emails,
  c.phones, c.address_street, c.address_postal_code, c.address_city, c.address_region, c.address_country,
  c.description, c.legal_form, c.industry_code, c.register_status, c.active, c.merged_into_id, c.created_by_id, c.version, c.created_at, c.updated_at`;

// lower(name) and id follow companies_name_idx (and companies_type_idx after a type filter).
export const companySortColumns: Record<string, SortColumn> = {
  name: { sql: 'lower(c.name)', cast: 'text' },
  createdAt: { sql: 'c.created_at', cast: 'timestamptz' },
  updatedAt: { sql: 'c.updated_at', cast: 'timestamptz' },
};

export function mapCompany(row: Record<string, unknown>): Company {
  const r = camelRow<Record<string, unknown>>(row);
  return {
    id: r.id as string,
    name: r.name as string,
    tin: (r.tin as string | null) ?? null,
    website: (r.website as string | null) ?? null,
    type: r.type as CompanyType,
    industryId: (r.industryId as string | null) ?? null,
    size: (r.size as string | null) ?? null,
    keyAccount: r.keyAccount as boolean,
    emails: r.emails as string[],
    phones: r.phones as string[],
    address: {
      street: (r.addressStreet as string | null) ?? null,
      postalCode: (r.addressPostalCode as string | null) ?? null,
      city: (r.addressCity as string | null) ?? null,
      region: (r.addressRegion as string | null) ?? null,
      country: (r.addressCountry as string | null) ?? null,
    },
    description: (r.description as string | null) ?? null,
    legalForm: (r.legalForm as string | null) ?? null,
    industryCode: (r.industryCode as string | null) ?? null,
    registerStatus: (r.registerStatus as Company['registerStatus']) ?? null,
    active: r.active as boolean,
    mergedIntoId: (r.mergedIntoId as string | null) ?? null,
    createdById: (r.createdById as string | null) ?? null,
    version: r.version as number,
    createdAt: r.createdAt as string,
    updatedAt: r.updatedAt as string,
  };
}

const valueParams = (v: CompanyValues) => [
  v.name,
  v.tin,
  v.website,
  v.type,
  v.industryId,
  v.size,
  v.keyAccount,
  v.emails,
  v.phones,
  v.address.street,
  v.address.postalCode,
  v.address.city,
  v.address.region,
  v.address.country,
  v.description,
  v.active,
];

export function createCompaniesRepository(q: Queryable) {
  return {
    async get(id: string): Promise<Company | undefined> {
      const rows = await q.query(`SELECT ${columns} FROM companies c WHERE c.id = $1`, [id]);
      return rows[0] ? mapCompany(rows[0]) : undefined;
    },

    list(f: { q?: string; type?: CompanyType; active?: boolean }, request: PageRequest) {
      const { where, params, arg, equals } = conditions();
      where.push('c.merged_into_id IS NULL');
      if (f.q) {
        const digits = f.q.replace(/\s+/g, '');
        // ILIKE '%term%' is served by the trigram index; a TIN is an equality on the unique index.
        where.push(
          `(c.name ILIKE ${arg(likePattern(f.q.trim()))} OR c.tin = ${arg(/^\d+$/.test(digits) ? digits : null)})`,
        );
      }
      equals('c.type', f.type || undefined);
      equals('c.active', f.active);
      return keysetPage(q, {
        columns,
        from: 'companies c',
        where,
        params,
        sortColumns: companySortColumns,
        defaultSort: 'name',
        idColumn: 'c.id',
        request,
        map: mapCompany,
      });
    },

    async byTin(tin: string): Promise<{ id: string; name: string } | undefined> {
      const rows = await q.query<{ id: string; name: string }>(
        'SELECT id, name FROM companies WHERE tin = $1 AND merged_into_id IS NULL',
        [tin],
      );
      return rows[0];
    },

    async exists(id: string) {
      return (await q.query('SELECT 1 FROM companies WHERE id = $1', [id])).length > 0;
    },

    async industryExists(id: string) {
      return (await q.query('SELECT 1 FROM industries WHERE id = $1', [id])).length > 0;
    },

    async insert(v: CompanyValues, createdById: string | null): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO companies (name, tin, website, type, industry_id, size, key_account, emails, phones,
           address_street, address_postal_code, address_city, address_region, address_country, description,
           active, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [...valueParams(v), createdById],
      );
      return row.id;
    },

    async update(id: string, v: CompanyValues, version: number): Promise<boolean> {
      const rows = await q.query(
        `UPDATE companies SET name = $1, tin = $2, website = $3, type = $4, industry_id = $5, size = $6,
           key_account = $7, emails = $8, phones = $9, address_street = $10, address_postal_code = $11,
           address_city = $12, address_region = $13, address_country = $14, description = $15, active = $16,
           version = version + 1, updated_at = now()
         WHERE id = $17 AND version = $18 RETURNING id`,
        [...valueParams(v), id, version],
      );
      return rows.length > 0;
    },

    async remove(id: string): Promise<boolean> {
      return (await q.query('DELETE FROM companies WHERE id = $1 RETURNING id', [id])).length > 0;
    },
  };
}
