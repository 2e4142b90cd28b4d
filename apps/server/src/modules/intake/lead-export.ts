import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import {
  defaultLeadExportColumns,
  leadExportColumns,
  type Lead,
  type LeadExportColumn,
  type LeadExportQuery,
} from '@leadline/contract';
import type { Database } from '../../db/client';
import { plainText } from '../../lib/rich-text';
import type { Principal } from '../access/principal';
import type { LeadsService } from '../leads/leads.service';
import { createExportRepository, namedReferences, type NamedReference } from './export.repository';

/** Leads read per round trip: large enough to keep round trips few, small enough to keep memory flat. */
export const EXPORT_PAGE = 500;

type Cell = string | number | boolean | null;
type Names = Map<string, string>;

const named = (ref: NamedReference) => (l: Lead, names: Names) => {
  const id = l[ref];
  return id ? (names.get(id) ?? id) : null;
};

/** How each column reads its value from a lead (and the names of the records it refers to). */
const cellOf: Record<LeadExportColumn, (l: Lead, names: Names) => Cell> = {
  number: (l) => l.number,
  name: (l) => l.name,
  status: named('statusId'),
  phase: (l) => l.phase,
  source: named('sourceId'),
  leadType: named('leadTypeId'),
  owner: named('ownerId'),
  unit: named('unitId'),
  prospectType: (l) => l.prospectType,
  leadCompanyName: (l) => l.leadCompanyName,
  companyName: (l) => l.companyName,
  companyTin: (l) => l.companyTin,
  companyWebsite: (l) => l.companyWebsite,
  companySize: (l) => l.companySize,
  firstName: (l) => l.firstName,
  middleName: (l) => l.middleName,
  lastName: (l) => l.lastName,
  emails: (l) => l.emails.join(', '),
  phones: (l) => l.phones.join(', '),
  jobTitle: (l) => l.jobTitle,
  department: (l) => l.department,
  street: (l) => l.address.street,
  postalCode: (l) => l.address.postalCode,
  city: (l) => l.address.city,
  region: (l) => l.address.region,
  country: (l) => l.address.country,
  salesDirection: named('salesDirectionId'),
  product: named('productId'),
  targetAmount: (l) => l.targetAmount?.amount ?? null,
  currency: (l) => l.targetAmount?.currency ?? null,
  probability: (l) => l.probability,
  priority: (l) => l.priority,
  importance: (l) => l.importance,
  marketingCampaign: named('marketingCampaignId'),
  contentChannel: (l) => l.contentChannel,
  externalClientId: (l) => l.externalClientId,
  tags: (l) => l.tags.join(', '),
  score: (l) => l.score,
  computedScore: (l) => l.computedScore,
  active: (l) => l.active,
  nurturing: (l) => l.nurturing,
  startDate: (l) => l.startDate,
  expectedCompletionDate: (l) => l.expectedCompletionDate,
  actualCompletedDate: (l) => l.actualCompletedDate,
  overdueDays: (l) => l.overdueDays,
  lastEventAt: (l) => l.lastEventAt,
  nextEventAt: (l) => l.nextEventAt,
  customerRequirements: (l) => l.customerRequirements,
  description: (l) => plainText(l.description) || null,
  disqualificationReason: (l) => l.disqualificationReason,
  createdAt: (l) => l.createdAt,
  updatedAt: (l) => l.updatedAt,
  id: (l) => l.id,
};

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return before one)
 * as a formula: such text is written with a leading apostrophe, which shows it as the text it is.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Waits until the stream wants more, or is gone (the client went away). */
const drainedOrClosed = (s: PassThrough) =>
  new Promise<void>((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.on('drain', done);
    s.on('close', done);
  });

const csvCell = (v: Cell): string => {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return neutralizeFormula(String(v));
};

const xlsxCell = (v: Cell): string | number | boolean | null => {
  if (typeof v === 'string') return neutralizeFormula(v);
  return v;
};

export function createLeadExport({ db, leads }: { db: Database; leads: LeadsService }) {
  const repo = createExportRepository(db);

  /**
   * Every lead of the list, a keyset page at a time (memory stays the size of one page whatever the
   * number of leads), each with the names of the records it refers to. Reading the first page before
   * anything is sent lets a bad filter or a missing right answer as an error, not a broken file.
   */
  async function pages(p: Principal, query: LeadExportQuery) {
    const { columns: _columns, ...listQuery } = query;
    const read = async (cursor: string | undefined) => {
      const page = await leads.list(p, { ...listQuery, limit: EXPORT_PAGE, cursor, count: false });
      const idsByRef = Object.fromEntries(
        Object.keys(namedReferences).map((ref) => [
          ref,
          [...new Set(page.items.map((l) => l[ref as NamedReference]).filter((id): id is string => !!id))],
        ]),
      ) as Record<NamedReference, string[]>;
      return { items: page.items, names: await repo.names(idsByRef), next: page.nextCursor };
    };
    const first = await read(undefined);
    return (async function* () {
      let page = first;
      for (;;) {
        yield page;
        if (!page.next) return;
        page = await read(page.next);
      }
    })();
  }

  const columnsOf = (query: LeadExportQuery) =>
    query.columns && query.columns.length ? [...new Set(query.columns)] : defaultLeadExportColumns;

  return {
    /** CSV in UTF-8 with a byte-order mark (so that spreadsheet programs read the accents right). */
    async csv(p: Principal, query: LeadExportQuery): Promise<Readable> {
      const columns = columnsOf(query);
      const source = await pages(p, query);
      return Readable.from(
        (async function* () {
          yield `\uFEFF${stringify([columns.map((c) => leadExportColumns[c])], { record_delimiter: 'windows' })}`;
          for await (const page of source) {
            const rows = page.items.map((l) => columns.map((c) => csvCell(cellOf[c](l, page.names))));
            if (rows.length) yield stringify(rows, { record_delimiter: 'windows' });
          }
        })(),
      );
    },

    /** XLSX through exceljs's streaming writer: rows are committed to the zip as they are read. */
    async xlsx(p: Principal, query: LeadExportQuery): Promise<Readable> {
      const columns = columnsOf(query);
      const source = await pages(p, query);
      const out = new PassThrough();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out,
        useStyles: false,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet('Leads');
      void (async () => {
        try {
          sheet.addRow(columns.map((c) => leadExportColumns[c])).commit();
          for await (const page of source) {
            for (const l of page.items)
              sheet.addRow(columns.map((c) => xlsxCell(cellOf[c](l, page.names)))).commit();
            // The reader sets the pace: the next page is read once the client has taken this one.
            if (out.writableNeedDrain) await drainedOrClosed(out);
            if (out.destroyed) return;
          }
          sheet.commit();
          await workbook.commit();
        } catch (err) {
          out.destroy(err as Error);
        }
      })();
      return out;
    },
  };
}
export type LeadExport = ReturnType<typeof createLeadExport>;
