import { BlobReader, configure, ZipReader, type Entry, type FileEntry } from '@zip.js/zip.js';
import { Inflate } from 'fflate';

/*
 * The first rows of the first sheet of an XLSX file, read in the browser. An XLSX is a zip of XML
 * files: the zip's directory sits at its end, so only the parts needed are read from the file (never
 * the whole of it), and the sheet and its shared strings are inflated as a stream that is stopped as
 * soon as the rows asked for have arrived. A sheet of a million rows previews as fast as one of ten.
 */

// zip.js reads the zip's directory (zip64 included); fflate inflates the entries piece by piece in this
// thread, as they are read from the file: no worker, nothing for the content security policy to allow.
configure({ useWebWorkers: false });

export interface SheetPreview {
  headers: string[];
  rows: Record<string, string>[];
  /** Each row's number in the sheet (as a spreadsheet program shows it), the header being the first. */
  lines: number[];
}

type Tag = { name: string; attrs: Record<string, string>; end: boolean; selfClosing: boolean };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (s: string) =>
  s.indexOf('&') < 0
    ? s
    : s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
        e[0] === '#'
          ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
          : (ENTITIES[e] ?? m),
      );

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseTag(raw: string): Tag | null {
  if (raw[0] === '?' || raw[0] === '!') return null;
  const end = raw[0] === '/';
  const selfClosing = raw.endsWith('/');
  const body = raw.slice(end ? 1 : 0, selfClosing ? -1 : undefined);
  const m = /^[\w:.-]+/.exec(body);
  if (!m) return null;
  // Namespace prefixes differ between writers (x:row, row): the local name is what counts.
  const name = m[0].slice(m[0].indexOf(':') + 1);
  const attrs: Record<string, string> = {};
  for (const a of body.slice(m[0].length).matchAll(ATTR))
    attrs[a[1].slice(a[1].indexOf(':') + 1)] = decodeEntities(a[2] ?? a[3] ?? '');
  return { name, attrs, end, selfClosing };
}

/**
 * A tokenizer of XML text that arrives in pieces: each complete tag and each text between tags is
 * handed on as soon as it is whole; a tag cut at the end of a piece waits for the next one.
 */
export function xmlTokens(on: { tag(t: Tag): void; text(s: string): void }) {
  let rest = '';
  return (chunk: string) => {
    const s = rest + chunk;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        rest = s.slice(i);
        return;
      }
      if (lt > i) on.text(decodeEntities(s.slice(i, lt)));
      if (s.startsWith('<![CDATA[', lt)) {
        const close = s.indexOf(']]>', lt);
        if (close < 0) {
          rest = s.slice(lt);
          return;
        }
        on.text(s.slice(lt + 9, close));
        i = close + 3;
        continue;
      }
      const gt = s.indexOf('>', lt);
      if (gt < 0) {
        rest = s.slice(lt);
        return;
      }
      const tag = parseTag(s.slice(lt + 1, gt).trim());
      if (tag) on.tag(tag);
      i = gt + 1;
    }
  };
}

/**
 * Inflates an entry into `feed` as the file is read, until `feed` says it has enough (true) or the entry
 * ends: stopping early leaves the rest of a large file unread. The text is decoded as UTF-8 as it comes
 * (a character cut between two pieces waits for the next).
 */
async function streamEntry(file: Blob, entry: FileEntry, feed: (text: string) => boolean) {
  if (entry.encrypted || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8))
    throw new Error('The workbook is encrypted or compressed in a way this preview does not read.');
  // The local header before the data has its own lengths of the name and of the extra field.
  const local = new DataView(await file.slice(entry.offset, entry.offset + 30).arrayBuffer());
  const start = entry.offset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const reader = file
    .slice(start, start + entry.compressedSize)
    .stream()
    .getReader();
  const decoder = new TextDecoder('utf-8');
  let enough = false;
  const take = (chunk: Uint8Array) => {
    if (!enough && feed(decoder.decode(chunk, { stream: true }))) enough = true;
  };
  // Inflated as each piece of the file arrives; nothing more is read once the feed has enough.
  const inflate = entry.compressionMethod === 8 ? new Inflate(take) : null;
  try {
    while (!enough) {
      const { done, value } = await reader.read();
      if (done) {
        inflate?.push(new Uint8Array(0), true);
        return;
      }
      if (inflate) inflate.push(value);
      else take(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

const isFile = (e: Entry | undefined): e is FileEntry => !!e && !e.directory;

async function entryText(file: Blob, entry: Entry | undefined): Promise<string> {
  if (!isFile(entry)) return '';
  let text = '';
  await streamEntry(file, entry, (t) => {
    text += t;
    return false;
  });
  return text;
}

/** Column letters of a cell reference ("AB12") as a 0-based index. */
const columnIndex = (ref: string) => {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
};

/** Built-in number formats that show a date or a time. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);
const isDateCode = (code: string) =>
  /[dmyhs]/i.test(
    code
      .replace(/"[^"]*"/g, '')
      .replace(/\[[^\]]*\]/g, '')
      .replace(/\\./g, ''),
  );

/** The styles (by index, as a cell's `s` names them) that show a number as a date. */
function dateStyles(xml: string): Set<number> {
  const custom = new Map<number, string>();
  const styles = new Set<number>();
  let inCellXfs = false;
  let xf = 0;
  xmlTokens({
    tag(t) {
      if (t.name === 'numFmt' && !t.end) custom.set(Number(t.attrs.numFmtId), t.attrs.formatCode ?? '');
      else if (t.name === 'cellXfs') inCellXfs = !t.end && !t.selfClosing;
      else if (t.name === 'xf' && inCellXfs && !t.end) {
        const id = Number(t.attrs.numFmtId ?? 0);
        if (DATE_FORMAT_IDS.has(id) || (custom.has(id) && isDateCode(custom.get(id)!))) styles.add(xf);
        xf++;
      }
    },
    text() {},
  })(xml);
  return styles;
}

/** The path of the first sheet (in tab order), from the workbook and its relationships. */
function firstSheetPath(workbook: string, rels: string): string {
  let rid: string | null = null;
  xmlTokens({
    tag(t) {
      if (t.name === 'sheet' && !t.end && rid === null) rid = t.attrs.id ?? null;
    },
    text() {},
  })(workbook);
  let target: string | null = null;
  xmlTokens({
    tag(t) {
      if (t.name === 'Relationship' && t.attrs.Id === rid) target = t.attrs.Target ?? null;
    },
    text() {},
  })(rels);
  if (!target) return 'xl/worksheets/sheet1.xml';
  const path = target as string;
  return path.startsWith('/') ? path.slice(1) : `xl/${path}`.replace(/\/[^/]+\/\.\.\//g, '/');
}

/** A date serial (days since 1899-12-30, or 1904-01-01) as YYYY-MM-DD, as the import reads it. */
function serialDate(serial: number, date1904: boolean) {
  const ms = Math.round((serial + (date1904 ? 24107 : 0) - 25569) * 86_400_000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(serial) : d.toISOString().slice(0, 10);
}

interface RawCell {
  col: number;
  type: string;
  style: number;
  value: string;
}

/** The header names, trimmed and made unique (a repeated name gets " (2)"), as the import names them. */
function headerNames(raw: string[]) {
  const seen = new Map<string, number>();
  return raw.map((h) => {
    const name = h.trim();
    if (!name) return '';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** The header and the first `limit` rows that are not blank, of the first sheet of an XLSX file. */
export async function previewXlsx(file: Blob, limit: number): Promise<SheetPreview> {
  const zip = new ZipReader(new BlobReader(file));
  try {
    const entries = new Map((await zip.getEntries()).map((e) => [e.filename, e]));
    const workbook = await entryText(file, entries.get('xl/workbook.xml'));
    const sheetEntry = entries.get(
      firstSheetPath(workbook, await entryText(file, entries.get('xl/_rels/workbook.xml.rels'))),
    );
    if (!isFile(sheetEntry)) throw new Error('The workbook has no sheet.');
    const date1904 = /date1904\s*=\s*["'](1|true)["']/.test(workbook);
    const dates = dateStyles(await entryText(file, entries.get('xl/styles.xml')));

    // The sheet's first rows, as raw cells (shared strings are indices until the strings are read).
    const rows: { line: number; cells: RawCell[] }[] = [];
    let row: { line: number; cells: RawCell[] } | null = null;
    let cell: RawCell | null = null;
    let into: 'v' | 't' | null = null;
    let nextLine = 1;
    const feed = xmlTokens({
      tag(t) {
        if (t.name === 'row') {
          if (!t.end) {
            row = { line: t.attrs.r ? Number(t.attrs.r) : nextLine, cells: [] };
            nextLine = row.line + 1;
          }
          if ((t.end || t.selfClosing) && row) {
            if (row.cells.some((c) => c.value.trim() !== '')) rows.push(row);
            row = null;
          }
        } else if (t.name === 'c' && row) {
          if (!t.end) {
            const prev = row.cells[row.cells.length - 1];
            cell = {
              col: t.attrs.r ? columnIndex(t.attrs.r) : prev ? prev.col + 1 : 0,
              type: t.attrs.t ?? 'n',
              style: Number(t.attrs.s ?? 0),
              value: '',
            };
          }
          if ((t.end || t.selfClosing) && cell) {
            row.cells.push(cell);
            cell = null;
          }
        } else if ((t.name === 'v' || t.name === 't') && cell) {
          into = t.end || t.selfClosing ? null : t.name;
        }
      },
      text(s) {
        if (cell && into) cell.value += s;
      },
    });
    await streamEntry(file, sheetEntry, (text) => {
      feed(text);
      return rows.length > limit;
    });

    // The shared strings the rows name: read in order, up to the highest index needed.
    let needed = -1;
    for (const r of rows)
      for (const c of r.cells) if (c.type === 's') needed = Math.max(needed, Number(c.value));
    const strings: string[] = [];
    const sst = entries.get('xl/sharedStrings.xml');
    if (needed >= 0 && isFile(sst)) {
      let current: string | null = null;
      let inText = false;
      let phonetic = 0;
      const feedStrings = xmlTokens({
        tag(t) {
          if (t.name === 'si') {
            if (!t.end) current = '';
            if ((t.end || t.selfClosing) && current !== null) {
              strings.push(current);
              current = null;
            }
          } else if (t.name === 'rPh') {
            // The phonetic reading of East Asian text is not part of the value.
            if (!t.selfClosing) phonetic += t.end ? -1 : 1;
          } else if (t.name === 't') inText = !t.end && !t.selfClosing;
        },
        text(s) {
          if (inText && current !== null && phonetic === 0) current += s;
        },
      });
      await streamEntry(file, sst, (text) => {
        feedStrings(text);
        return strings.length > needed;
      });
    }

    const textOf = (c: RawCell): string => {
      if (c.type === 's') return strings[Number(c.value)] ?? '';
      if (c.type === 'b') return c.value === '1' ? 'true' : 'false';
      if (c.type === 'e') return '';
      if (c.type === 'n' && c.value !== '') {
        const n = Number(c.value);
        return dates.has(c.style) ? serialDate(n, date1904) : String(n);
      }
      return c.value;
    };
    const [head, ...data] = rows.slice(0, limit + 1);
    if (!head) return { headers: [], rows: [], lines: [] };
    const width = Math.max(...rows.map((r) => (r.cells.length ? r.cells[r.cells.length - 1].col + 1 : 0)));
    const rawHeaders = Array.from({ length: width }, () => '');
    for (const c of head.cells) rawHeaders[c.col] = textOf(c);
    const names = headerNames(rawHeaders);
    return {
      headers: names.filter(Boolean),
      rows: data.map((r) => {
        const out: Record<string, string> = {};
        for (const c of r.cells) if (names[c.col]) out[names[c.col]] = textOf(c);
        return out;
      }),
      lines: data.map((r) => r.line),
    };
  } finally {
    await zip.close();
  }
}
