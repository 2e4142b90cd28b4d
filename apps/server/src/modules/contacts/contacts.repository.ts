import type { Contact } from '@leadline/contract';
import { prepared, type Queryable } from '../../db/client';
import type { SortColumn } from '../../lib/keyset';
import { keysetPage, type PageRequest } from '../../lib/pagination';
import { camelRow, conditions, likePattern } from '../../lib/sql';

/** A contact as it is stored: e-mails lower-cased, phones in E.164, names trimmed. */
export interface ContactValues {
  firstName: string | null;
  lastName: string;
  middleName: string | null;
  emails: string[];
  phones: string[];
  companyId: string | null;
  jobTitle: string | null;
  department: string | null;
  doNotEmail: boolean;
  doNotCall: boolean;
  address: {
    street: string | null;
    postalCode: string | null;
    city: string | null;
    region: string | null;
    country: string | null;
  };
  active: boolean;
}

const columns = `c.id, c.first_name, c.last_name, c.middle_name, c.emails, c.phones, c.company_id, c.job_title,
  c.department, c.do_not_email, c.do_not_call, c.address_street, c.address_postal_code, c.address_city,
  c.address_region, c.address_country, c.active, c.merged_into_id, c.created_by_id, c.version, c.created_at, c.updated_at`;

// lastName, firstName, id follow contacts_name_idx (and contacts_company_idx after a company filter).
export const contactSortColumns: Record<string, SortColumn> = {
  lastName: { sql: 'lower(c.last_name)', cast: 'text' },
  firstName: { sql: "lower(coalesce(c.first_name, ''))", cast: 'text' },
  createdAt: { sql: 'c.created_at', cast: 'timestamptz' },
  updatedAt: { sql: 'c.updated_at', cast: 'timestamptz' },
};

export function mapContact(row: Record<string, unknown>): Contact {
  const r = camelRow<Record<string, unknown>>(row);
  const s = (k: string) => (r[k] as string | null) ?? null;
  return {
    id: r.id as string,
    firstName: s('firstName'),
    lastName: r.lastName as string,
    middleName: s('middleName'),
    emails: r.emails as string[],
    phones: r.phones as string[],
    companyId: s('companyId'),
    jobTitle: s('jobTitle'),
    department: s('department'),
    doNotEmail: r.doNotEmail as boolean,
    doNotCall: r.doNotCall as boolean,
    address: {
      street: s('addressStreet'),
      postalCode: s('addressPostalCode'),
      city: s('addressCity'),
      region: s('addressRegion'),
      country: s('addressCountry'),
    },
    active: r.active as boolean,
    mergedIntoId: (r.mergedIntoId as string | null) ?? null,
    createdById: s('createdById'),
    version: r.version as number,
    createdAt: r.createdAt as string,
    updatedAt: r.updatedAt as string,
  };
}

const valueParams = (v: ContactValues) => [
  v.firstName,
  v.lastName,
  v.middleName,
  v.emails,
  v.phones,
  v.companyId,
  v.jobTitle,
  v.department,
  v.doNotEmail,
  v.doNotCall,
  v.address.street,
  v.address.postalCode,
  v.address.city,
  v.address.region,
  v.address.country,
  v.active,
];

/**
 * The INSERT of a new contact whose values are the parameters from `$first` on (contactInsertParams):
 * alone, or as a data-modifying CTE of a statement that writes more (a lead created with its contact).
 */
export const contactInsertSql = (first = 1) =>
  `INSERT INTO contacts (first_name, last_name, middle_name, emails, phones, company_id, job_title,
     department, do_not_email, do_not_call, address_street, address_postal_code, address_city,
     address_region, address_country, active, created_by_id)
   VALUES (${Array.from({ length: 17 }, (_, i) => `$${first + i}`).join(', ')}) RETURNING id`;

export const contactInsertParams = (v: ContactValues, createdById: string | null) => [
  ...valueParams(v),
  createdById,
];

const insertStatement = prepared(contactInsertSql());

export function createContactsRepository(q: Queryable) {
  return {
    async get(id: string): Promise<Contact | undefined> {
      const rows = await q.query(`SELECT ${columns} FROM contacts c WHERE c.id = $1`, [id]);
      return rows[0] ? mapContact(rows[0]) : undefined;
    },

    list(
      f: { q?: string; companyId?: string; active?: boolean; email?: string; phone?: string },
      request: PageRequest,
    ) {
      const { where, params, arg, equals } = conditions();
      where.push('c.merged_into_id IS NULL');
      if (f.q) {
        const name = arg(likePattern(f.q.trim()));
        where.push(
          `(c.last_name ILIKE ${name} OR c.first_name ILIKE ${name} OR c.emails @> ARRAY[${arg(f.email ?? null)}::text]
            OR c.phones @> ARRAY[${arg(f.phone ?? null)}::text])`,
        );
      }
      equals('c.company_id', f.companyId || undefined);
      equals('c.active', f.active);
      return keysetPage(q, {
        columns,
        from: 'contacts c',
        where,
        params,
        sortColumns: contactSortColumns,
        defaultSort: 'lastName,firstName',
        idColumn: 'c.id',
        request,
        map: mapContact,
      });
    },

    /** Active contacts with this last name, compared without case and spaces (contacts_last_name_idx). */
    /**
     * Active contacts with this last name (compared without case and spaces) that share an e-mail or a
     * phone: every contact that can meet two of the three matching criteria, however common the name.
     */
    async matchCandidates(normalizedLastName: string, emails: string[], phones: string[]) {
      return q.query<{
        id: string;
        company_id: string | null;
        first_name: string | null;
        middle_name: string | null;
        emails: string[];
        phones: string[];
      }>(
        prepared(`SELECT id, company_id, first_name, middle_name, emails, phones FROM contacts
          WHERE lower(regexp_replace(last_name, '\\s', '', 'g')) = $1 AND active AND merged_into_id IS NULL
            AND (emails && $2::text[] OR phones && $3::text[])
          ORDER BY created_at, id LIMIT 100`),
        [normalizedLastName, emails, phones],
      );
    },

    /**
     * `matchCandidates` for many people in one query, each person's candidates as that query reads them
     * (an index probe by normalised last name per person), marked with the person's position `o`.
     */
    async matchCandidatesMany(people: { key: string; emails: string[]; phones: string[] }[]) {
      if (people.length === 0) return [];
      return q.query<{
        o: number;
        id: string;
        company_id: string | null;
        first_name: string | null;
        middle_name: string | null;
        emails: string[];
        phones: string[];
      }>(
        `SELECT p.o::int AS o, c.* FROM json_to_recordset($1::json) AS p(o int, key text, emails text[], phones text[])
           CROSS JOIN LATERAL (
             SELECT id, company_id, first_name, middle_name, emails, phones FROM contacts
              WHERE lower(regexp_replace(last_name, '\\s', '', 'g')) = p.key AND active
                AND (emails && p.emails OR phones && p.phones)
              ORDER BY created_at, id LIMIT 100) AS c
          ORDER BY p.o`,
        [JSON.stringify(people.map((x, o) => ({ o, ...x })))],
      );
    },

    /** The company of a contact: undefined when there is no such contact. */
    async companyOf(id: string): Promise<string | null | undefined> {
      const rows = await q.query<{ company_id: string | null }>(
        'SELECT company_id FROM contacts WHERE id = $1',
        [id],
      );
      return rows[0]?.company_id;
    },
    /** A contact met through a lead of a company joins that company when it has none. */
    async setCompanyIfNone(contactId: string, companyId: string) {
      await q.query(
        `UPDATE contacts SET company_id = $2, version = version + 1, updated_at = now()
          WHERE id = $1 AND company_id IS NULL`,
        [contactId, companyId],
      );
    },
    /** The companies of the contacts among `ids` that exist. */
    async companiesOf(ids: string[]) {
      const rows = await q.query<{ id: string; company_id: string | null }>(
        'SELECT id, company_id FROM contacts WHERE id = ANY ($1::uuid[])',
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r.company_id]));
    },
    async companyExists(id: string) {
      return (await q.query('SELECT 1 FROM companies WHERE id = $1', [id])).length > 0;
    },

    async insert(v: ContactValues, createdById: string | null): Promise<string> {
      const [row] = await q.query<{ id: string }>(insertStatement, contactInsertParams(v, createdById));
      return row.id;
    },

    /** Inserts contacts with the ids given, in one statement. */
    async insertMany(items: { id: string; v: ContactValues }[], createdById: string | null) {
      if (items.length === 0) return;
      const cols = [
        'id',
        'first_name',
        'last_name',
        'middle_name',
        'emails',
        'phones',
        'company_id',
        'job_title',
        'department',
        'do_not_email',
        'do_not_call',
        'address_street',
        'address_postal_code',
        'address_city',
        'address_region',
        'address_country',
        'active',
      ];
      // Nulls left out (read back as null), as leads' createMany does.
      const records = items.map(({ id, v }) =>
        Object.fromEntries([
          ['id', id],
          ...valueParams(v)
            .map((x, i) => [cols[i + 1], x])
            .filter(([, x]) => x !== null && x !== undefined),
        ]),
      );
      await q.query(
        `INSERT INTO contacts (${cols.join(', ')}, created_by_id)
         SELECT ${cols.join(', ')}, $2::uuid FROM json_populate_recordset(NULL::contacts, $1::json) WITH ORDINALITY
          ORDER BY ordinality`,
        [JSON.stringify(records), createdById],
      );
    },

    async update(id: string, v: ContactValues, version: number): Promise<boolean> {
      const rows = await q.query(
        `UPDATE contacts SET first_name = $1, last_name = $2, middle_name = $3, emails = $4, phones = $5,
           company_id = $6, job_title = $7, department = $8, do_not_email = $9, do_not_call = $10,
           address_street = $11, address_postal_code = $12, address_city = $13, address_region = $14,
           address_country = $15, active = $16, version = version + 1, updated_at = now()
         WHERE id = $17 AND version = $18 RETURNING id`,
        [...valueParams(v), id, version],
      );
      return rows.length > 0;
    },

    async remove(id: string): Promise<boolean> {
      return (await q.query('DELETE FROM contacts WHERE id = $1 RETURNING id', [id])).length > 0;
    },
  };
}
