import type { Queryable } from '../../db/client';
import type { CandidateRow } from './duplicates.repository';

/** A contact's person name as its GiST trigram index (0760) holds it. */
const personOf = (a: string) => `lower(coalesce(${a}.first_name, '') || ' ' || ${a}.last_name)`;
/** A company's name without case, punctuation or legal form, as its indexes (0760) hold it. */
const keyOf = (a: string) => `coalesce(company_key(${a}.name), '')`;

export interface ContactProbe {
  id: string;
  firstName: string | null;
  lastName: string;
  emails: string[];
  phones: string[];
  companyId: string | null;
}

export interface CompanyProbe {
  id: string;
  name: string;
  tin: string | null;
  emails: string[];
  phones: string[];
}

/**
 * Candidates of contacts and companies, as the leads' query gives them (one row shape, one scoring):
 * the twenty nearest names (GiST, nearest first) and those sharing an e-mail, a phone, the TIN or the
 * company, each through its index. Merged records are never candidates.
 */
export function createRecordDuplicatesRepository(db: Queryable) {
  return {
    contactCandidates(p: ContactProbe, perKind = 20): Promise<CandidateRow[]> {
      const person = `lower(coalesce($2::text, '') || ' ' || $3::text)`;
      const base = `c.id <> $1 AND c.merged_into_id IS NULL`;
      return db.query<CandidateRow>(
        `WITH cand AS (
           (SELECT c.id FROM contacts c WHERE ${base} ORDER BY ${personOf('c')} <-> ${person} LIMIT $7)
           UNION (SELECT c.id FROM contacts c WHERE c.emails && $4::text[] AND ${base} LIMIT $7)
           UNION (SELECT c.id FROM contacts c WHERE c.phones && $5::text[] AND ${base} LIMIT $7))
         SELECT c.id, '' AS number, concat_ws(' ', c.first_name, c.middle_name, c.last_name) AS name,
                similarity(${personOf('c')}, ${person})::float8 AS person_similarity,
                true AS person_both,
                cardinality(c.emails) > 0 AND cardinality($4::text[]) > 0 AS email_both,
                c.emails && $4::text[] AS email_same,
                cardinality(c.phones) > 0 AND cardinality($5::text[]) > 0 AS phone_both,
                c.phones && $5::text[] AS phone_same,
                false AS tin_both, false AS tin_same,
                c.company_id IS NOT NULL AND $6::uuid IS NOT NULL AS company_both,
                coalesce(c.company_id = $6::uuid, false) AS company_same
           FROM cand JOIN contacts c ON c.id = cand.id`,
        [p.id, p.firstName, p.lastName, p.emails, p.phones, p.companyId, perKind],
      );
    },

    companyCandidates(p: CompanyProbe, perKind = 20): Promise<CandidateRow[]> {
      const key = `coalesce(company_key($2::text), '')`;
      const base = `c.id <> $1 AND c.merged_into_id IS NULL`;
      return db.query<CandidateRow>(
        `WITH cand AS (
           (SELECT c.id FROM companies c WHERE ${base} AND ${key} <> ''
             ORDER BY ${keyOf('c')} <-> ${key} LIMIT $6)
           UNION (SELECT c.id FROM companies c WHERE company_key(c.name) = company_key($2::text) AND ${base} LIMIT $6)
           UNION (SELECT c.id FROM companies c WHERE c.tin = $3::text AND ${base} LIMIT $6)
           UNION (SELECT c.id FROM companies c WHERE c.emails && $4::text[] AND ${base} LIMIT $6)
           UNION (SELECT c.id FROM companies c WHERE c.phones && $5::text[] AND ${base} LIMIT $6))
         SELECT c.id, '' AS number, c.name,
                0::float8 AS person_similarity, false AS person_both,
                cardinality(c.emails) > 0 AND cardinality($4::text[]) > 0 AS email_both,
                c.emails && $4::text[] AS email_same,
                cardinality(c.phones) > 0 AND cardinality($5::text[]) > 0 AS phone_both,
                c.phones && $5::text[] AS phone_same,
                c.tin IS NOT NULL AND $3::text IS NOT NULL AS tin_both,
                coalesce(c.tin = $3::text, false) AS tin_same,
                ${keyOf('c')} <> '' AND ${key} <> '' AS company_both,
                ${keyOf('c')} <> '' AND ${keyOf('c')} = ${key} AS company_same,
                similarity(${keyOf('c')}, ${key})::float8 AS company_similarity
           FROM cand JOIN companies c ON c.id = cand.id`,
        [p.id, p.name, p.tin, p.emails, p.phones, perKind],
      );
    },
  };
}
