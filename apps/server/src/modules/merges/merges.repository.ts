import type { Queryable } from '../../db/client';
import type { MovedRef } from './record-refs.repository';

/** Rows a merge took from the merged leads, as they were, so that an undo can put them back. */
export interface Moved {
  events: { id: string; from: string }[];
  tags: { lead_id: string; tag_id: string }[];
  addedTagIds: string[];
  lists: { marketing_list_id: string; lead_id: string; added_by_id: string | null; added_at: string }[];
  addedListIds: string[];
  opportunities: { id: string; from: string }[];
  earlierMerges: { id: string; from: string }[];
  /** Planned and done activities, and the messages sent (absent in merges recorded before they moved). */
  activities?: { id: string; from: string }[];
  messages?: { id: string; from: string }[];
}

/** What a merge of contacts or companies re-pointed from the merged records to the kept one. */
export interface RecordMoved {
  refs: MovedRef[];
}

/** The tables whose records merge: leads, contacts and companies. */
export type MergeTable = 'leads' | 'contacts' | 'companies';
export type MergeRecordType = 'lead' | 'contact' | 'company';

export interface MergeRow {
  id: string;
  record_type: MergeRecordType;
  /** The kept record: a lead, a contact or a company as `record_type` says. */
  kept_lead_id: string;
  merged_lead_ids: string[];
  fields: Record<string, string>;
  snapshots: Record<string, Record<string, unknown>>;
  /** Moved for leads, RecordMoved for contacts and companies. */
  moved: Moved & Partial<RecordMoved>;
  kept_version: number;
  undone_at: Date | null;
  undoable: boolean;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** Merges of the records of `table` (leads unless told), and the merges themselves. */
export function createMergesRepository(db: Queryable, table: MergeTable = 'leads') {
  return {
    /** Locks the records in one order (by id), so that two merges of overlapping ones wait, never deadlock. */
    async lock(ids: string[]) {
      const rows = await db.query<{ id: string; merged_into_id: string | null; version: number }>(
        `SELECT id, merged_into_id, version FROM ${table} WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE`,
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r]));
    },

    async snapshots(ids: string[]) {
      const rows = await db.query<{ id: string; row: unknown }>(
        `SELECT l.id, to_jsonb(l) - 'search' AS row FROM ${table} l WHERE l.id = ANY ($1::uuid[])`,
        [ids],
      );
      return Object.fromEntries(rows.map((r) => [r.id, json<Record<string, unknown>>(r.row)]));
    },

    /** The kept record takes these columns from the record `sourceId`. */
    async copyColumns(keepId: string, sourceId: string, columns: string[]) {
      if (columns.length === 0) return;
      await db.query(
        `UPDATE ${table} k SET ${columns.map((c) => `${c} = s.${c}`).join(', ')}
           FROM ${table} s WHERE k.id = $1 AND s.id = $2`,
        [keepId, sourceId],
      );
    },

    /** Sets these columns of a record back to their values in a snapshot (typed by the table's row type). */
    async restoreColumns(id: string, snapshot: Record<string, unknown>, columns: string[]) {
      if (columns.length === 0) return;
      await db.query(
        `UPDATE ${table} k SET (${columns.join(', ')}) =
           (SELECT ${columns.map((c) => `r.${c}`).join(', ')} FROM jsonb_populate_record(NULL::${table}, $2::jsonb) r)
          WHERE k.id = $1`,
        [id, JSON.stringify(snapshot)],
      );
    },

    async moveTo(keepId: string, mergeIds: string[]): Promise<Moved> {
      const events = await db.query<{ id: string; from: string }>(
        `UPDATE lead_events e SET lead_id = $1 FROM (SELECT id, lead_id FROM lead_events
            WHERE lead_id = ANY ($2::uuid[])) x WHERE e.id = x.id RETURNING e.id, x.lead_id AS "from"`,
        [keepId, mergeIds],
      );
      const tags = await db.query<{ lead_id: string; tag_id: string }>(
        `DELETE FROM lead_tags WHERE lead_id = ANY ($1::uuid[]) RETURNING lead_id, tag_id`,
        [mergeIds],
      );
      const addedTags = await db.query<{ tag_id: string }>(
        `INSERT INTO lead_tags (lead_id, tag_id) SELECT DISTINCT $1::uuid, t FROM unnest($2::uuid[]) AS t
         ON CONFLICT DO NOTHING RETURNING tag_id`,
        [keepId, tags.map((t) => t.tag_id)],
      );
      const lists = await db.query<Moved['lists'][number]>(
        `DELETE FROM marketing_list_members WHERE lead_id = ANY ($1::uuid[])
         RETURNING marketing_list_id, lead_id, added_by_id, added_at`,
        [mergeIds],
      );
      const addedLists = await db.query<{ marketing_list_id: string }>(
        `INSERT INTO marketing_list_members (marketing_list_id, lead_id, added_by_id, added_at)
         SELECT DISTINCT ON (x.list_id) x.list_id, $1::uuid, x.by_id, x.at
           FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[]) AS x(list_id, by_id, at)
          ORDER BY x.list_id, x.at
         ON CONFLICT DO NOTHING RETURNING marketing_list_id`,
        [
          keepId,
          lists.map((l) => l.marketing_list_id),
          lists.map((l) => l.added_by_id),
          lists.map((l) => l.added_at),
        ],
      );
      const opportunities = await db.query<{ id: string; from: string }>(
        `UPDATE opportunities o SET originating_lead_id = $1 FROM (SELECT id, originating_lead_id FROM opportunities
            WHERE originating_lead_id = ANY ($2::uuid[])) x WHERE o.id = x.id
         RETURNING o.id, x.originating_lead_id AS "from"`,
        [keepId, mergeIds],
      );
      const earlierMerges = await db.query<{ id: string; from: string }>(
        `UPDATE leads l SET merged_into_id = $1 FROM (SELECT id, merged_into_id FROM leads
            WHERE merged_into_id = ANY ($2::uuid[])) x WHERE l.id = x.id
         RETURNING l.id, x.merged_into_id AS "from"`,
        [keepId, mergeIds],
      );
      const moveLeadRows = (table: string) =>
        db.query<{ id: string; from: string }>(
          `UPDATE ${table} t SET lead_id = $1 FROM (SELECT id, lead_id FROM ${table}
              WHERE lead_id = ANY ($2::uuid[])) x WHERE t.id = x.id RETURNING t.id, x.lead_id AS "from"`,
          [keepId, mergeIds],
        );
      const activities = await moveLeadRows('activities');
      const messages = await moveLeadRows('lead_messages');
      return {
        events,
        activities,
        messages,
        tags,
        addedTagIds: addedTags.map((t) => t.tag_id),
        lists: lists.map((l) => ({ ...l, added_at: new Date(l.added_at).toISOString() })),
        addedListIds: addedLists.map((l) => l.marketing_list_id),
        opportunities,
        earlierMerges,
      };
    },

    /** Puts back what `moveTo` moved. */
    async moveBack(keepId: string, m: Moved) {
      const back = async (table: string, col: string, rows: { id: string; from: string }[]) => {
        if (rows.length === 0) return;
        await db.query(
          `UPDATE ${table} t SET ${col} = x.from_id FROM unnest($1::uuid[], $2::uuid[]) AS x(id, from_id)
            WHERE t.id = x.id`,
          [rows.map((r) => r.id), rows.map((r) => r.from)],
        );
      };
      await back('lead_events', 'lead_id', m.events);
      await back('activities', 'lead_id', m.activities ?? []);
      await back('lead_messages', 'lead_id', m.messages ?? []);
      await back('opportunities', 'originating_lead_id', m.opportunities);
      await back('leads', 'merged_into_id', m.earlierMerges);
      await db.query(`DELETE FROM lead_tags WHERE lead_id = $1 AND tag_id = ANY ($2::uuid[])`, [
        keepId,
        m.addedTagIds,
      ]);
      await db.query(
        `INSERT INTO lead_tags (lead_id, tag_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`,
        [m.tags.map((t) => t.lead_id), m.tags.map((t) => t.tag_id)],
      );
      await db.query(
        `DELETE FROM marketing_list_members WHERE lead_id = $1 AND marketing_list_id = ANY ($2::uuid[])`,
        [keepId, m.addedListIds],
      );
      await db.query(
        `INSERT INTO marketing_list_members (marketing_list_id, lead_id, added_by_id, added_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) ON CONFLICT DO NOTHING`,
        [
          m.lists.map((l) => l.marketing_list_id),
          m.lists.map((l) => l.lead_id),
          m.lists.map((l) => l.added_by_id),
          m.lists.map((l) => l.added_at),
        ],
      );
    },

    /** What changed since the merge among what moved: each as a field of a 409's list. */
    async changedSince(keepId: string, m: Moved) {
      const [r] = await db.query<{ opportunities: string[]; tags: number; lists: number }>(
        `SELECT ARRAY(SELECT o.number FROM opportunities o WHERE o.id = ANY ($2::uuid[])
                        AND o.originating_lead_id IS DISTINCT FROM $1 ORDER BY o.number) AS opportunities,
                (SELECT count(*)::int FROM lead_tags WHERE lead_id = $1 AND tag_id = ANY ($3::uuid[])) AS tags,
                (SELECT count(*)::int FROM marketing_list_members
                  WHERE lead_id = $1 AND marketing_list_id = ANY ($4::uuid[])) AS lists`,
        [keepId, m.opportunities.map((o) => o.id), m.addedTagIds, m.addedListIds],
      );
      return {
        opportunities: r.opportunities,
        tagsRemoved: r.tags !== m.addedTagIds.length,
        listsLeft: r.lists !== m.addedListIds.length,
      };
    },

    async markMerged(keepId: string, mergeIds: string[]) {
      await db.query(
        `UPDATE ${table} SET merged_into_id = $1, version = version + 1, updated_at = now()
          WHERE id = ANY ($2::uuid[])`,
        [keepId, mergeIds],
      );
    },

    async unmark(mergeIds: string[]) {
      await db.query(
        `UPDATE ${table} SET merged_into_id = NULL, version = version + 1, updated_at = now()
          WHERE id = ANY ($1::uuid[])`,
        [mergeIds],
      );
    },

    async bumpVersion(id: string) {
      const [r] = await db.query<{ version: number }>(
        `UPDATE ${table} SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
        [id],
      );
      return r.version;
    },

    async insert(m: {
      recordType?: MergeRecordType;
      keepId: string;
      mergeIds: string[];
      fields: Record<string, string>;
      snapshots: Record<string, unknown>;
      moved: Moved | RecordMoved;
      keptVersion: number;
      actorId: string;
    }) {
      const [r] = await db.query<{ id: string }>(
        `INSERT INTO lead_merges (record_type, kept_lead_id, kept_contact_id, kept_company_id, merged_lead_ids,
                                  fields, snapshots, moved, kept_version, actor_id)
         VALUES ($8, CASE WHEN $8 = 'lead' THEN $1::uuid END, CASE WHEN $8 = 'contact' THEN $1::uuid END,
                 CASE WHEN $8 = 'company' THEN $1::uuid END, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6, $7)
         RETURNING id`,
        [
          m.keepId,
          m.mergeIds,
          JSON.stringify(m.fields),
          JSON.stringify(m.snapshots),
          JSON.stringify(m.moved),
          m.keptVersion,
          m.actorId,
          m.recordType ?? 'lead',
        ],
      );
      return r.id;
    },

    /** The merge, locked, and whether it is still within the 30 days an undo is offered. */
    async lockMerge(id: string): Promise<MergeRow | undefined> {
      const [r] = await db.query<MergeRow>(
        `SELECT id, record_type, coalesce(kept_lead_id, kept_contact_id, kept_company_id) AS kept_lead_id,
                merged_lead_ids, fields, snapshots, moved, kept_version, undone_at,
                created_at > now() - interval '30 days' AS undoable
           FROM lead_merges WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!r) return undefined;
      return { ...r, fields: json(r.fields), snapshots: json(r.snapshots), moved: json(r.moved) };
    },

    async markUndone(id: string, actorId: string) {
      await db.query(`UPDATE lead_merges SET undone_at = now(), undone_by_id = $2 WHERE id = $1`, [
        id,
        actorId,
      ]);
    },
  };
}
