import type { DuplicateScan } from '@leadline/contract';
import { prepared, type Queryable } from '../../db/client';
import { leadScopeSql, type LeadScope } from '../access/lead-policy';

/** The person's name as its GIN trigram index (0850) and btree index (0852) hold it. */
const personOf = (a: string) => `lower(coalesce(${a}.first_name, '') || ' ' || coalesce(${a}.last_name, ''))`;
/** The company name as its index (0700) holds it: no case, punctuation or legal form. */
const companyKeyOf = (a: string) => `company_key(coalesce(${a}.company_name, ${a}.lead_company_name))`;

/** What the candidates query compares a lead by. */
export interface DuplicateProbe {
  id: string;
  firstName: string | null;
  lastName: string | null;
  emails: string[];
  phones: string[];
  companyTin: string | null;
  companyName: string | null;
  leadCompanyName: string | null;
}

export interface CandidateRow {
  id: string;
  number: string;
  name: string;
  person_similarity: number;
  person_both: boolean;
  email_both: boolean;
  email_same: boolean;
  phone_both: boolean;
  phone_same: boolean;
  tin_both: boolean;
  tin_same: boolean;
  company_both: boolean;
  company_same: boolean;
  /** Where company names are compared fuzzily (companies with companies). */
  company_similarity?: number | null;
}

/** Key of each field a scan can group by; null or empty keys are left out of every group. */
const groupKeys: Record<DuplicateScan['fields'][number], string> = {
  name: `lower(btrim(l.name))`,
  emails: 'e.v',
  phones: 'ph.v',
  companyName: companyKeyOf('l'),
  companyTin: 'l.company_tin',
  firstName: `lower(btrim(l.first_name))`,
  lastName: `lower(btrim(l.last_name))`,
  personName: `btrim(${personOf('l')})`,
};

/**
 * The key of each visible lead (among `ids` when given) for the chosen fields: `from` and `where` select
 * the leads (a lead with several e-mails or phones has a key per value), `key` joins the fields' keys.
 * Null or empty keys are left out.
 */
function keysOf(scope: LeadScope, scan: Pick<DuplicateScan, 'fields' | 'ids'>, params: unknown[]) {
  const where = [leadScopeSql(scope, 'l', params), 'l.merged_into_id IS NULL'];
  if (scan.ids) {
    params.push(scan.ids);
    where.push(`l.id = ANY ($${params.length}::uuid[])`);
  }
  const fields = [...new Set(scan.fields)];
  const keys = fields.map((f) => groupKeys[f]);
  for (const k of keys) where.push(`${k} IS NOT NULL AND ${k} <> ''`);
  const from = [
    'leads l',
    ...(fields.includes('emails') ? ['LATERAL unnest(l.emails) AS e(v)'] : []),
    ...(fields.includes('phones') ? ['LATERAL unnest(l.phones) AS ph(v)'] : []),
  ].join(', ');
  return { from, where: where.join(' AND '), key: `concat_ws(' | ', ${keys.join(', ')})` };
}

export function createDuplicatesRepository(db: Queryable) {
  return {
    /**
     * The leads this scope may see that may be the probe's duplicates: the twenty nearest person names
     * among those similar enough to count as the same person's (the same name through its btree index,
     * then `%`: the session's similarity threshold, `similarNameFrom`, through the GIN index) and those sharing an e-mail, a phone, the TIN or the
     * company name (each through its index), with how each field compares. Merged leads are never
     * candidates. A less similar name alone never reaches a threshold above zero (it weighs nothing or
     * counts against), and a candidate agreeing on another field is found by that field's index.
     */
    async candidates(scope: LeadScope, probe: DuplicateProbe, perKind = 20): Promise<CandidateRow[]> {
      const params: unknown[] = [
        probe.id,
        probe.firstName,
        probe.lastName,
        probe.emails,
        probe.phones,
        probe.companyTin,
        probe.companyName ?? probe.leadCompanyName,
        perKind,
      ];
      const scopeSql = leadScopeSql(scope, 'l', params);
      const person = `lower(coalesce($2::text, '') || ' ' || coalesce($3::text, ''))`;
      const key = `company_key($7::text)`;
      const base = `l.id <> $1 AND l.merged_into_id IS NULL AND ${scopeSql}`;
      // Prepared: asked on every create, and planning its five branches took about 1 ms each time.
      return db.query<CandidateRow>(
        // The same name first (a btree probe): a common name fills the twenty at once, without ranking
        // the hundreds of similar names the trigram index would hand over for rechecking.
        prepared(`WITH same AS MATERIALIZED (
           SELECT l.id FROM leads l WHERE btrim(${person}) <> '' AND ${personOf('l')} = ${person} AND ${base} LIMIT $8),
         cand AS (
           (SELECT id FROM same)
           UNION (SELECT l.id FROM leads l
                   WHERE (SELECT count(*) FROM same) < $8 AND btrim(${person}) <> ''
                     AND ${personOf('l')} % ${person} AND ${personOf('l')} <> ${person} AND ${base}
                   ORDER BY ${personOf('l')} <-> ${person} LIMIT $8 - (SELECT count(*) FROM same))
           UNION (SELECT l.id FROM leads l WHERE l.emails && $4::text[] AND ${base} LIMIT $8)
           UNION (SELECT l.id FROM leads l WHERE l.phones && $5::text[] AND ${base} LIMIT $8)
           UNION (SELECT l.id FROM leads l WHERE l.company_tin = $6::text AND ${base} LIMIT $8)
           UNION (SELECT l.id FROM leads l WHERE ${companyKeyOf('l')} = ${key} AND ${base} LIMIT $8))
         SELECT l.id, l.number, l.name,
                similarity(${personOf('l')}, ${person})::float8 AS person_similarity,
                btrim(${personOf('l')}) <> '' AND btrim(${person}) <> '' AS person_both,
                cardinality(l.emails) > 0 AND cardinality($4::text[]) > 0 AS email_both,
                l.emails && $4::text[] AS email_same,
                cardinality(l.phones) > 0 AND cardinality($5::text[]) > 0 AS phone_both,
                l.phones && $5::text[] AS phone_same,
                l.company_tin IS NOT NULL AND $6::text IS NOT NULL AS tin_both,
                coalesce(l.company_tin = $6::text, false) AS tin_same,
                ${companyKeyOf('l')} IS NOT NULL AND ${key} IS NOT NULL AS company_both,
                coalesce(${companyKeyOf('l')} = ${key}, false) AS company_same
           FROM cand JOIN leads l ON l.id = cand.id`),
        params,
      );
    },

    /**
     * Groups of leads (of this scope, among `ids` when given) that agree on every chosen field, largest
     * first: one set-based statement over the table.
     */
    async groups(scope: LeadScope, scan: DuplicateScan, limit: number) {
      const params: unknown[] = [];
      const k = keysOf(scope, scan, params);
      params.push(limit);
      return db.query<{ key: string; lead_ids: string[] }>(
        `SELECT k.key, array_agg(DISTINCT k.id::text) AS lead_ids
           FROM (SELECT l.id, ${k.key} AS key FROM ${k.from} WHERE ${k.where}) AS k
          GROUP BY k.key HAVING count(DISTINCT k.id) > 1
          ORDER BY count(DISTINCT k.id) DESC, k.key LIMIT $${params.length}`,
        params,
      );
    },

    /** How many leads the scope may see, counted up to `upTo`. */
    async countVisible(scope: LeadScope, upTo: number) {
      const params: unknown[] = [upTo];
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM leads l
           WHERE l.merged_into_id IS NULL AND ${leadScopeSql(scope, 'l', params)} LIMIT $1) x`,
        params,
      );
      return r.n;
    },

    /**
     * One batch of a scan job: the keys of the next `batch` visible leads after `after` (by id) are
     * written for the scan; answers how many leads were read and the last one's id.
     */
    async writeScanKeys(
      scanId: string,
      scope: LeadScope,
      fields: DuplicateScan['fields'],
      after: string | null,
      batch: number,
    ) {
      const params: unknown[] = [scanId, after, batch];
      const k = keysOf(scope, { fields }, params);
      const visible = [leadScopeSql(scope, 'l', params), 'l.merged_into_id IS NULL'];
      const [r] = await db.query<{ n: number; last: string | null }>(
        `WITH b AS (SELECT l.id FROM leads l WHERE ${visible.join(' AND ')} AND ($2::uuid IS NULL OR l.id > $2::uuid)
                     ORDER BY l.id LIMIT $3),
              _ AS (INSERT INTO duplicate_scan_keys (scan_id, key, lead_id)
                      SELECT $1, ${k.key}, l.id FROM ${k.from} WHERE l.id IN (SELECT id FROM b) AND ${k.where}
                      RETURNING 1)
         SELECT (SELECT count(*)::int FROM b) AS n, (SELECT id FROM b ORDER BY id DESC LIMIT 1) AS last`,
        params,
      );
      return { n: r.n, last: r.last };
    },

    /** Groups the keys a scan wrote (largest first), keeps them for paging and drops the keys. */
    async groupScanKeys(scanId: string) {
      const [r] = await db.query<{ n: number }>(
        `WITH g AS (INSERT INTO duplicate_scan_groups (scan_id, position, key, lead_ids)
                    SELECT $1, row_number() OVER (ORDER BY count(DISTINCT lead_id) DESC, key), key,
                           array_agg(DISTINCT lead_id ORDER BY lead_id)
                      FROM duplicate_scan_keys WHERE scan_id = $1
                     GROUP BY key HAVING count(DISTINCT lead_id) > 1 RETURNING 1)
         SELECT count(*)::int AS n FROM g`,
        [scanId],
      );
      await db.query('DELETE FROM duplicate_scan_keys WHERE scan_id = $1', [scanId]);
      return r.n;
    },
  };
}
