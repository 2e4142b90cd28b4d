import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';
import {
  leadPrintDirectMax,
  type LeadPrintBody,
  type LeadPrintFormat,
  type LeadPrintJob,
  type Locale,
} from '@leadline/contract';
import type { Database } from '../../db/client';
import { AppError, conflict, notFound } from '../../http/errors';
import type { Jobs } from '../../jobs/queue';
import { iso } from '../../lib/sql';
import { leadScopeSql } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import type { FileStore } from '../attachments/file-store';
import { createAuthRepository } from '../auth/auth.repository';
import { leadScopeOf } from '../leads';
import { createReportDocument, drawLeadReport, renderLeadReport } from './lead-report.pdf';
import type { LeadReportService } from './lead-report.service';

export const LEAD_PRINT_JOB = 'lead-report.print';
/** The job writes its progress every this many leads. */
const PROGRESS_EVERY = 10;

const contentType = (format: LeadPrintFormat) => (format === 'zip' ? 'application/zip' : 'application/pdf');
const fileNameOf = (format: LeadPrintFormat, at = new Date()) =>
  `leads-${at.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${format}`;

function mapJob(r: Record<string, unknown>): LeadPrintJob {
  const state = r.state as LeadPrintJob['state'];
  return {
    id: String(r.id),
    format: r.format as LeadPrintFormat,
    state,
    total: Number(r.total),
    done: Number(r.done),
    refusedIds: (r.refused_ids as string[]) ?? [],
    error: (r.error as string | null) ?? null,
    downloadUrl: state === 'done' ? `/api/v1/lead-prints/${String(r.id)}/file` : null,
    size: r.size === null || r.size === undefined ? null : Number(r.size),
    createdAt: iso(r.created_at as Date)!,
    finishedAt: iso(r.finished_at as Date | null),
  };
}

/** A file being written with its SHA-256 and size counted on the way. */
function hashedFile(file: string) {
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  let size = 0;
  const finished = new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  return {
    write(chunk: Uint8Array) {
      hash.update(chunk);
      size += chunk.length;
      out.write(chunk);
    },
    async end() {
      out.end();
      await finished;
      return { sha256: hash.digest('hex'), size };
    },
  };
}

/**
 * Bulk prints: the selected leads the user may see, as a ZIP of one PDF each or as one PDF with a lead
 * per section. Up to `leadPrintDirectMax` leads are printed in the request; more run as a job whose
 * progress the user follows and whose file is kept in the attachment store until downloaded.
 */
export function createLeadPrintService({
  db,
  reports,
  store,
  jobs,
}: {
  db: Database;
  reports: Pick<LeadReportService, 'gather'>;
  store: FileStore;
  jobs?: Pick<Jobs, 'send'>;
}) {
  /** The ids (each once, in the order given) split into those the user may see and the others. */
  async function split(p: Principal, ids: string[]) {
    const unique = [...new Set(ids)];
    const params: unknown[] = [unique];
    const where = leadScopeSql(await leadScopeOf(db, p), 'l', params);
    const seen = new Set(
      (
        await db.query<{ id: string }>(
          `SELECT l.id FROM leads l WHERE l.id = ANY ($1::uuid[]) AND ${where}`,
          params,
        )
      ).map((r) => r.id),
    );
    return { visible: unique.filter((id) => seen.has(id)), refused: unique.filter((id) => !seen.has(id)) };
  }

  /**
   * Writes the leads to a temporary file; a lead that went out of reach meanwhile is refused. Answers
   * the file, its hash and size, and the ids refused.
   */
  async function render(
    p: Principal,
    ids: string[],
    format: LeadPrintFormat,
    locale: Locale,
    dir: string,
    progress?: (done: number, refused: string[]) => Promise<void>,
  ) {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `print-${randomUUID()}.${format}`);
    const out = hashedFile(file);
    const refused: string[] = [];
    let printed = 0;
    const gather = async (id: string) => {
      try {
        return await reports.gather(p, id, locale);
      } catch (err) {
        if (err instanceof AppError && err.status === 404) {
          refused.push(id);
          return null;
        }
        throw err;
      }
    };
    const step = async (i: number) => {
      if (progress && ((i + 1) % PROGRESS_EVERY === 0 || i === ids.length - 1))
        await progress(i + 1, refused);
    };
    try {
      if (format === 'pdf') {
        const doc = createReportDocument(fileNameOf('pdf'));
        doc.on('data', (c: Buffer) => out.write(c));
        const ended = new Promise<void>((resolve, reject) => doc.on('end', resolve).on('error', reject));
        for (const [i, id] of ids.entries()) {
          const r = await gather(id);
          if (r) {
            if (printed > 0) doc.addPage();
            drawLeadReport(doc, r.data, r.format);
            printed += 1;
          }
          await step(i);
        }
        doc.end();
        await ended;
      } else {
        const zip = new Zip((err, chunk) => {
          if (!err) out.write(chunk);
        });
        for (const [i, id] of ids.entries()) {
          const r = await gather(id);
          if (r) {
            // PDFs are compressed already: stored as they are.
            const entry = new ZipPassThrough(r.fileName);
            zip.add(entry);
            entry.push(await renderLeadReport(r.data, r.format), true);
            printed += 1;
          }
          await step(i);
        }
        zip.end();
      }
      const { sha256, size } = await out.end();
      return { file, sha256, size, refused, printed };
    } catch (err) {
      await out.end().catch(() => undefined);
      await rm(file, { force: true });
      throw err;
    }
  }

  async function jobOf(p: Principal, id: string) {
    const [row] = await db.query(`SELECT * FROM lead_print_jobs WHERE id = $1 AND user_id = $2`, [
      id,
      p.userId,
    ]);
    if (!row) throw notFound('print');
    return row;
  }

  return {
    /**
     * Up to the direct limit: the file (404 when the user may see none of the leads). Beyond it: the
     * job, queued with the leads the user may see.
     */
    async print(
      p: Principal,
      body: LeadPrintBody,
      locale: Locale,
    ): Promise<
      | { kind: 'file'; body: Buffer; contentType: string; fileName: string; refused: string[] }
      | { kind: 'job'; job: LeadPrintJob }
    > {
      const { visible, refused } = await split(p, body.ids);
      if (visible.length === 0) throw notFound('lead');
      if (visible.length <= leadPrintDirectMax) {
        const r = await render(p, visible, body.format, locale, tmpdir());
        try {
          if (r.printed === 0) throw notFound('lead');
          return {
            kind: 'file',
            body: await readFile(r.file),
            contentType: contentType(body.format),
            fileName: fileNameOf(body.format),
            refused: [...refused, ...r.refused],
          };
        } finally {
          await rm(r.file, { force: true });
        }
      }
      if (!jobs) throw new Error('bulk prints need the job queue');
      const job = await db.transaction(async (tx) => {
        const [row] = await tx.query(
          `INSERT INTO lead_print_jobs (user_id, format, locale, lead_ids, refused_ids, total)
           VALUES ($1, $2, $3, $4::uuid[], $5::uuid[], $6) RETURNING *`,
          [p.userId, body.format, locale, visible, refused, visible.length + refused.length],
        );
        await jobs.send(LEAD_PRINT_JOB, { id: row.id }, { tx });
        return mapJob(row);
      });
      return { kind: 'job', job };
    },

    async get(p: Principal, id: string) {
      return mapJob(await jobOf(p, id));
    },

    /** The finished file of a print (409 while it runs). */
    async file(p: Principal, id: string) {
      const row = await jobOf(p, id);
      if (row.state !== 'done') throw conflict('The print is not finished yet.', 'print_not_ready');
      const stream = await store.open(String(row.sha256));
      if (!stream) throw notFound('print');
      const format = row.format as LeadPrintFormat;
      return {
        stream,
        size: Number(row.size),
        contentType: contentType(format),
        fileName: fileNameOf(format, row.created_at as Date),
      };
    },

    /** Run by the job: prints the leads as their requester, with progress, and keeps the file. */
    async run(id: string) {
      const [row] = await db.query(
        `UPDATE lead_print_jobs SET state = 'running' WHERE id = $1 AND state IN ('queued', 'running') RETURNING *`,
        [id],
      );
      if (!row) return;
      const fail = (error: string) =>
        db.query(
          `UPDATE lead_print_jobs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1`,
          [id, error],
        );
      const who = await createAuthRepository(db).principalByUserId(String(row.user_id));
      if (!who) return void (await fail('The user who asked for the print is no longer active.'));
      const p: Principal = {
        userId: who.id,
        name: who.name,
        email: who.email,
        roles: who.roles,
        unitIds: who.unit_ids,
        partnerCompanyId: who.partner_company_id,
        via: 'session',
      };
      const before = (row.refused_ids as string[]) ?? [];
      try {
        const r = await render(
          p,
          row.lead_ids as string[],
          row.format as LeadPrintFormat,
          row.locale as Locale,
          store.tempDir,
          (done, refused) =>
            db
              .query(`UPDATE lead_print_jobs SET done = $2, refused_ids = $3::uuid[] WHERE id = $1`, [
                id,
                done + before.length,
                [...before, ...refused],
              ])
              .then(() => undefined),
        );
        await store.put(r.file, r.sha256);
        await rm(r.file, { force: true });
        await db.query(
          `UPDATE lead_print_jobs SET state = 'done', done = total, sha256 = $2, size = $3,
                  refused_ids = $4::uuid[], finished_at = now() WHERE id = $1`,
          [id, r.sha256, r.size, [...before, ...r.refused]],
        );
      } catch (err) {
        await fail((err as Error).message.slice(0, 500));
      }
    },
  };
}
export type LeadPrintService = ReturnType<typeof createLeadPrintService>;
