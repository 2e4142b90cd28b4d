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
import { decodeCursor } from '../../lib/keyset';
import { keysetOf, type Keyset } from '../../lib/pagination';
import { plainText } from '../../lib/rich-text';
import { authorizeLeadList } from '../access/lead-policy';
import type { Principal } from '../access/principal';
import { leadContextOf } from '../leads/lead-context';
import { leadListFilters, type LeadSelection } from '../leads/lead-filters.repository';
import { mapLead } from '../leads/lead-row';
import { leadSortColumns } from '../leads/lead-sql';
import { createExportRepository, namedReferences, type NamedReference } from './export.repository';

/** Leads read per round trip: large enough to keep round trips few, small enough to keep memory flat. */
export const EXPORT_PAGE = 2000;

type Cell = string | number | boolean | null;
type Names = Map<string, string>;

/** The reference each named column shows (only those asked are looked up). */
const referenceOf: Partial<Record<LeadExportColumn, NamedReference>> = {
  status: 'statusId',
  source: 'sourceId',
  leadType: 'leadTypeId',
  owner: 'ownerId',
  unit: 'unitId',
  salesDirection: 'salesDirectionId',
  product: 'productId',
  marketingCampaign: 'marketingCampaignId',
};

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

export function createLeadExport({ db }: { db: Database }) {
  const repo = createExportRepository(db);

  /**
   * Every lead of the list, a keyset page at a time with the list's own filters, access rule and sort
   * (memory stays the size of one page whatever the number of leads), only the asked columns read,
   * each page with the names of the records it refers to. The names are kept for the whole export, so
   * that only ids not met before are looked up. The next page is read while the current one is written.
   * Reading the first page before anything is sent lets a bad filter or a missing right answer as an
   * error, not a broken file.
   */
  async function pages(p: Principal, query: LeadExportQuery, columns: LeadExportColumn[]) {
    const { columns: _columns, ...listQuery } = query;
    const selection = { ...listQuery, limit: EXPORT_PAGE, count: false } as LeadSelection;
    const { scope, today } = await leadContextOf(db, p);
    authorizeLeadList(scope);
    const filters = leadListFilters(scope, p.userId, selection, today);
    const first = keysetOf(selection, leadSortColumns, '-updatedAt', 'l.id');
    const names: Names = new Map();
    const refs = (Object.keys(namedReferences) as NamedReference[]).filter((ref) =>
      columns.some((c) => referenceOf[c] === ref),
    );
    const read = async (k: Keyset) => {
      const page = await repo.page(filters, k, columns);
      const items = page.items.map(mapLead);
      const missing: Partial<Record<NamedReference, string[]>> = {};
      for (const ref of refs) {
        const ids = new Set<string>();
        for (const l of items) {
          const id = l[ref];
          if (id && !names.has(id)) ids.add(id);
        }
        if (ids.size) missing[ref] = [...ids];
      }
      if (Object.keys(missing).length)
        for (const [id, name] of await repo.names(missing)) names.set(id, name);
      return {
        items,
        names,
        next: page.nextCursor ? { ...k, after: decodeCursor(page.nextCursor, k.terms) } : null,
      };
    };
    const firstPage = await read(first);
    return (async function* () {
      let page = firstPage;
      for (;;) {
        const next = page.next ? read(page.next) : null;
        // A failed read ahead is reported where it is awaited, not as an unhandled rejection.
        next?.catch(() => undefined);
        yield page;
        if (!next) return;
        page = await next;
      }
    })();
  }

  const columnsOf = (query: LeadExportQuery) =>
    query.columns && query.columns.length ? [...new Set(query.columns)] : defaultLeadExportColumns;

  return {
    /** CSV in UTF-8 with a byte-order mark (so that spreadsheet programs read the accents right). */
    async csv(p: Principal, query: LeadExportQuery): Promise<Readable> {
      const columns = columnsOf(query);
      const source = await pages(p, query, columns);
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
      const source = await pages(p, query, columns);
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
