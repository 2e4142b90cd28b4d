import type { Locale } from '@leadline/contract';
import type { Queryable } from '../../db/client';

/** The names a printed lead shows instead of ids, and the language of the reader, in one round trip. */
export function createLeadReportRepository(db: Queryable) {
  return {
    async names(ids: {
      statusId: string | null;
      ownerId: string | null;
      unitId: string | null;
      sourceId: string | null;
      leadTypeId: string | null;
      readerId: string | null;
    }) {
      const [r] = await db.query<{
        status: string | null;
        owner: string | null;
        unit: string | null;
        source: string | null;
        lead_type: string | null;
        reader_locale: Locale | null;
      }>(
        `SELECT (SELECT name FROM lead_statuses WHERE id = $1) AS status,
                (SELECT name FROM users WHERE id = $2) AS owner,
                (SELECT name FROM units WHERE id = $3) AS unit,
                (SELECT name FROM lead_sources WHERE id = $4) AS source,
                (SELECT name FROM lead_types WHERE id = $5) AS lead_type,
                (SELECT locale FROM users WHERE id = $6) AS reader_locale`,
        [ids.statusId, ids.ownerId, ids.unitId, ids.sourceId, ids.leadTypeId, ids.readerId],
      );
      return r;
    },
  };
}
