import type { Lead } from '@leadline/contract';
import type { Database, Queryable } from '../../db/client';
import { conflict, fieldError, invalid, notFound } from '../../http/errors';
import { decodeCursor, encodeCursor } from '../../lib/keyset';
import { newestFirst } from '../../lib/pagination';
import { canEditLead, canSeeLead } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { createLeadsRepository, leadContextOf, leadScopeOf, visibleLead } from '../leads';
import { createAttachmentsRepository, publicAttachment, type AttachmentRow } from './attachments.repository';
import type { FileStore } from './file-store';

/** A file received and written to the store's temporary directory, with what its bytes are. */
export interface Upload {
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  tempPath: string;
}

const leadInactive = () =>
  conflict('This lead is inactive: activate it before changing anything else.', 'lead_inactive');

/** The name a file is kept under: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string) {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters are exactly what this removes (they break Content-Disposition and file listings).
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 255) || 'file';
}

/**
 * Files on a lead. Everything follows the lead: an attachment of a lead the user may not see answers
 * 404, by the lead's path and by its own id; adding and deleting need the right to change the lead.
 */
export function createAttachmentsService({ db, store }: { db: Database; store: FileStore }) {
  async function workableLead(tx: Queryable, p: Principal, leadId: string, lock: boolean): Promise<Lead> {
    const scope = await leadScopeOf(tx, p);
    const leads = createLeadsRepository(tx);
    if (lock && !(await leads.lock(leadId))) throw notFound('lead');
    const lead = await leads.get(leadId);
    if (!lead || !canSeeLead(scope, lead) || !canEditLead(scope, lead)) throw notFound('lead');
    if (!lead.active) throw leadInactive();
    return lead;
  }

  async function visibleAttachment(q: Queryable, p: Principal, id: string): Promise<AttachmentRow> {
    const a = await createAttachmentsRepository(q).get(id);
    if (!a) throw notFound('attachment');
    const scope = await leadScopeOf(q, p);
    const lead = await createLeadsRepository(q).get(a.leadId);
    if (!lead || !canSeeLead(scope, lead)) throw notFound('attachment');
    return a;
  }

  return {
    store,

    /** The largest file this user may attach to this lead now (404 / 409 before any byte is read). */
    async uploadLimit(p: Principal, leadId: string) {
      await workableLead(db, p, leadId, false);
      return (await leadContextOf(db, p)).settings.attachmentMaxBytes;
    },

    async add(p: Principal, leadId: string, upload: Upload) {
      await workableLead(db, p, leadId, false);
      // The bytes are in place before the row that names them is committed.
      await store.put(upload.tempPath, upload.sha256);
      return db.transaction(async (tx) => {
        await workableLead(tx, p, leadId, true);
        const a = await createAttachmentsRepository(tx).insert({
          leadId,
          name: cleanFileName(upload.name),
          size: upload.size,
          contentType: upload.contentType,
          sha256: upload.sha256,
          createdById: p.userId,
        });
        await createLeadsRepository(tx).addEvents(leadId, p.userId, [
          {
            kind: 'attachment',
            payload: { attachmentId: a.id, change: 'added', name: a.name, size: a.size },
          },
        ]);
        return publicAttachment(a);
      });
    },

    async list(p: Principal, leadId: string, query: { limit: number; cursor?: string; count?: boolean }) {
      await visibleLead(db, await leadScopeOf(db, p), leadId);
      const after = query.cursor ? (decodeCursor(query.cursor, newestFirst) as [string, string]) : null;
      const repo = createAttachmentsRepository(db);
      const rows = await repo.listForLead(leadId, after, query.limit);
      const more = rows.length > query.limit;
      const items = more ? rows.slice(0, query.limit) : rows;
      const last = items[items.length - 1];
      return {
        items: items.map(publicAttachment),
        nextCursor: more ? encodeCursor(newestFirst, { at: last.createdAt, id: last.id }) : null,
        ...(query.count === false ? {} : { total: await repo.countForLead(leadId) }),
      };
    },

    /** The attachment and its bytes. */
    async open(p: Principal, id: string) {
      const a = await visibleAttachment(db, p, id);
      const stream = await store.open(a.sha256);
      if (!stream) throw notFound('attachment');
      return { attachment: publicAttachment(a), stream };
    },

    async remove(p: Principal, id: string) {
      const removed = await db.transaction(async (tx) => {
        const a = await visibleAttachment(tx, p, id);
        await workableLead(tx, p, a.leadId, true);
        const repo = createAttachmentsRepository(tx);
        await repo.remove(id);
        await createLeadsRepository(tx).addEvents(a.leadId, p.userId, [
          {
            kind: 'attachment',
            payload: { attachmentId: a.id, change: 'deleted', name: a.name, size: a.size },
          },
        ]);
        return { sha256: a.sha256, stillUsed: await repo.contentUsed(a.sha256) };
      });
      if (!removed.stillUsed) await store.remove(removed.sha256);
    },
  };
}
export type AttachmentsService = ReturnType<typeof createAttachmentsService>;

/**
 * The attachments of a lead named for an e-mail, read in the caller's transaction; an id that is not
 * one of this lead's attachments is refused naming its position.
 */
export async function attachmentsOfLead(tx: Queryable, leadId: string, ids: string[]) {
  const rows = await createAttachmentsRepository(tx).getMany(ids);
  const errors = ids
    .map((id, i) => (rows.some((r) => r.id === id && r.leadId === leadId) ? null : i))
    .filter((i): i is number => i !== null)
    .map((i) => fieldError(`attachmentIds.${i}`, 'not_found', 'no such attachment on this lead'));
  if (errors.length) throw invalid(errors);
  return ids.map((id) => rows.find((r) => r.id === id)!);
}
