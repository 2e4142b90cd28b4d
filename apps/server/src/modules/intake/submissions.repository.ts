import type { FieldError, IntakeListQuery, IntakeSubmission } from '@leadline/contract';
import { randomUUID } from 'node:crypto';
import { prepared, type Queryable } from '../../db/client';
import { camelRow } from '../../lib/sql';
import { keysetPage } from '../../lib/pagination';

const columns = `s.id, s.form_id, f.name AS form_name, s.state, s.payload, s.corrections, s.flags, s.errors,
  s.attempts, s.lead_id, s.consent_text, s.consent_version, s.consent_given_at, s.remote_address,
  s.received_at, s.processed_at, s.version`;
const from = 'intake_submissions s JOIN web_forms f ON f.id = s.form_id';

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const mapSubmission = (r: Record<string, unknown>): IntakeSubmission => {
  const s = camelRow<IntakeSubmission>(r);
  return {
    ...s,
    payload: json(r.payload),
    corrections: json(r.corrections),
    errors: r.errors == null ? null : json<FieldError[]>(r.errors),
  };
};

export interface NewSubmission {
  formId: string;
  payload: Record<string, string>;
  remoteAddress: string | null;
  userAgent: string | null;
  consentText: string | null;
  consentVersion: number | null;
  flags: string[];
}

const insertSql = prepared(
  `INSERT INTO intake_submissions
     (id, form_id, payload, remote_address, user_agent, consent_text, consent_version, consent_given_at, flags)
   SELECT x.id, x.form_id, x.payload, x.remote_address, x.user_agent, x.consent_text, x.consent_version,
          CASE WHEN x.consent_text IS NULL THEN NULL ELSE now() END, coalesce(x.flags, '{}')
     FROM json_to_recordset($1::json) AS x(id uuid, form_id uuid, payload jsonb, remote_address text,
          user_agent text, consent_text text, consent_version integer, flags text[])`,
);

export function createSubmissionsRepository(db: Queryable) {
  /** Many submissions in one statement; their ids in the given order. */
  async function insertMany(list: NewSubmission[]) {
    const ids = list.map(() => randomUUID());
    await db.query(insertSql, [
      JSON.stringify(
        list.map((s, i) => ({
          id: ids[i],
          form_id: s.formId,
          payload: s.payload,
          remote_address: s.remoteAddress,
          user_agent: s.userAgent,
          consent_text: s.consentText,
          consent_version: s.consentVersion,
          flags: s.flags,
        })),
      ),
    ]);
    return ids;
  }

  return {
    /** Written on its own (not in a transaction with the lead) so that it stays whatever happens next. */
    async insert(s: NewSubmission) {
      return (await insertMany([s]))[0];
    },

    insertMany,

    async get(id: string) {
      const [row] = await db.query(`SELECT ${columns} FROM ${from} WHERE s.id = $1`, [id]);
      return row ? mapSubmission(row) : undefined;
    },

    /** The submission, locked so that two retries of it never both create a lead. */
    async lockAndGet(id: string) {
      const [row] = await db.query(`SELECT ${columns} FROM ${from} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
      return row ? mapSubmission(row) : undefined;
    },

    /** The submissions of `ids`, locked, in the order given (the order they came in). */
    async lockAndGetMany(ids: string[]) {
      const rows = await db.query(
        `SELECT ${columns} FROM unnest($1::uuid[]) WITH ORDINALITY AS q(id, o) JOIN ${from} ON s.id = q.id
          ORDER BY q.o FOR UPDATE OF s`,
        [ids],
      );
      return rows.map(mapSubmission);
    },

    /** Locks the submission so that two retries of it never both create a lead. */
    async lock(id: string) {
      const rows = await db.query<{ state: string }>(
        'SELECT state FROM intake_submissions WHERE id = $1 FOR UPDATE',
        [id],
      );
      return rows[0];
    },

    list: (query: IntakeListQuery) => {
      const params: unknown[] = [];
      const where: string[] = [];
      if (query.state) {
        params.push(query.state);
        where.push(`s.state = $${params.length}`);
      }
      if (query.formId) {
        params.push(query.formId);
        where.push(`s.form_id = $${params.length}`);
      }
      return keysetPage(db, {
        columns,
        from,
        where,
        params,
        sortColumns: { receivedAt: { sql: 's.received_at', cast: 'timestamptz' } },
        defaultSort: 'receivedAt',
        idColumn: 's.id',
        request: query,
        map: mapSubmission,
      });
    },

    async markDone(id: string, leadId: string) {
      await db.query(
        `UPDATE intake_submissions SET state = 'done', lead_id = $2, errors = NULL, attempts = attempts + 1,
                processed_at = now(), version = version + 1 WHERE id = $1`,
        [id, leadId],
      );
    },

    /** markDone for many submissions, each with its lead. */
    async markDoneMany(done: { id: string; leadId: string }[]) {
      if (done.length === 0) return;
      await db.query(
        `UPDATE intake_submissions s SET state = 'done', lead_id = d.lead_id, errors = NULL,
                attempts = s.attempts + 1, processed_at = now(), version = s.version + 1
           FROM unnest($1::uuid[], $2::uuid[]) AS d(id, lead_id) WHERE s.id = d.id`,
        [done.map((d) => d.id), done.map((d) => d.leadId)],
      );
    },

    async markFailed(id: string, errors: FieldError[]) {
      await db.query(
        `UPDATE intake_submissions SET state = 'failed', errors = $2::jsonb, attempts = attempts + 1,
                processed_at = now(), version = version + 1 WHERE id = $1`,
        [id, JSON.stringify(errors)],
      );
    },

    async setCorrections(id: string, corrections: Record<string, unknown>) {
      await db.query(
        'UPDATE intake_submissions SET corrections = $2::jsonb, version = version + 1 WHERE id = $1',
        [id, JSON.stringify(corrections)],
      );
    },

    /** Submissions stored but never turned into a lead or refused (the process stopped in between). */
    async stalled(olderThanSeconds: number, limit: number) {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM intake_submissions WHERE state = 'received'
            AND received_at <= now() - make_interval(secs => $1) ORDER BY received_at, id LIMIT $2`,
        [olderThanSeconds, limit],
      );
      return rows.map((r) => r.id);
    },
  };
}
export type SubmissionsRepository = ReturnType<typeof createSubmissionsRepository>;
