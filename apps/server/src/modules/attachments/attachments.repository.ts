import type { Attachment } from '@leadline/contract';
import type { Queryable } from '../../db/client';
import { iso } from '../../lib/sql';

export interface AttachmentRow extends Attachment {
  sha256: string;
}

const select = `SELECT id, lead_id, name, size, content_type, sha256, created_by_id, created_at
  FROM lead_attachments`;

function mapRow(r: Record<string, unknown>): AttachmentRow {
  return {
    id: String(r.id),
    leadId: String(r.lead_id),
    name: String(r.name),
    size: Number(r.size),
    contentType: String(r.content_type),
    sha256: String(r.sha256),
    createdById: (r.created_by_id as string | null) ?? null,
    createdAt: iso(r.created_at as Date)!,
  };
}

export const publicAttachment = ({ sha256: _sha, ...a }: AttachmentRow): Attachment => a;

export function createAttachmentsRepository(db: Queryable) {
  return {
    async insert(a: Omit<AttachmentRow, 'id' | 'createdAt'>) {
      const [row] = await db.query(
        `INSERT INTO lead_attachments (lead_id, name, size, content_type, sha256, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, lead_id, name, size, content_type, sha256, created_by_id, created_at`,
        [a.leadId, a.name, a.size, a.contentType, a.sha256, a.createdById],
      );
      return mapRow(row);
    },
    async get(id: string) {
      const [row] = await db.query(`${select} WHERE id = $1`, [id]);
      return row ? mapRow(row) : undefined;
    },
    async getMany(ids: string[]) {
      if (ids.length === 0) return [];
      return (await db.query(`${select} WHERE id = ANY ($1::uuid[])`, [ids])).map(mapRow);
    },
    async listForLead(leadId: string, after: [string, string] | null, limit: number) {
      const params: unknown[] = [leadId];
      let cond = '';
      if (after) {
        params.push(after[0], after[1]);
        cond = 'AND (created_at, id) < ($2::timestamptz, $3::uuid)';
      }
      params.push(limit + 1);
      const rows = await db.query(
        `${select} WHERE lead_id = $1 ${cond} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(mapRow);
    },
    async countForLead(leadId: string) {
      const [r] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM lead_attachments WHERE lead_id = $1',
        [leadId],
      );
      return r.n;
    },
    async remove(id: string) {
      await db.query('DELETE FROM lead_attachments WHERE id = $1', [id]);
    },
    /** Whether any attachment still holds this content. */
    async contentUsed(sha256: string) {
      const rows = await db.query('SELECT 1 FROM lead_attachments WHERE sha256 = $1 LIMIT 1', [sha256]);
      return rows.length > 0;
    },
  };
}
