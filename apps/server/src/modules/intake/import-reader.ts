import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/** One data row of a file: its line (as a spreadsheet program numbers it, the header being 1) and cells by header. */
export interface FileRow {
  line: number;
  cells: Record<string, string>;
}

export interface FileShape {
  encoding: string | null;
  delimiter: string | null;
}

/**
 * The text encoding of a CSV from its first bytes: a byte-order mark says it; otherwise UTF-16 shows
 * as a NUL in every other byte, and what is not valid UTF-8 is taken as Windows-1251 (the usual
 * single-byte encoding of the spreadsheets our users export).
 */
export function detectEncoding(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const sample = head.subarray(0, Math.min(head.length, 4096));
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) oddNul++;
    else evenNul++;
  }
  if (oddNul > sample.length / 4) return 'utf-16le';
  if (evenNul > sample.length / 4) return 'utf-16be';
  // A character cut at the end of the sample is not an error: up to 3 bytes are left out.
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return 'utf-8';
    } catch {
      /* try a shorter sample */
    }
  }
  return 'windows-1251';
}

/** The separator of a CSV: the candidate found the same number of times (and most often) on the first lines. */
export function sniffDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 10);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => {
      let n = 0;
      let quoted = false;
      for (const ch of l) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) n++;
      }
      return n;
    });
    if (counts.length === 0 || counts[0] === 0) continue;
    const consistent = counts.filter((n) => n === counts[0]).length;
    const score = consistent * 1000 + counts[0];
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Decodes a byte stream as it flows (a character split between chunks is kept for the next one). */
function decoding(encoding: string) {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

async function headOf(path: string, bytes: number) {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The header names, trimmed and made unique (a repeated name gets " (2)"). */
function headerNames(raw: string[]) {
  const seen = new Map<string, number>();
  return raw.map((h) => {
    const name = h.replace(/^\uFEFF/, '').trim();
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** The shape of a CSV: its encoding and separator, from its first 64 kB. */
export async function csvShape(path: string): Promise<FileShape> {
  const head = await headOf(path, 65_536);
  const encoding = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head);
  return { encoding, delimiter: sniffDelimiter(text) };
}

/** The rows of a CSV file as they stream from disk; the file is never held in memory. */
export async function* csvRows(path: string, shape: FileShape): AsyncGenerator<FileRow> {
  const parser = createReadStream(path)
    .pipe(decoding(shape.encoding ?? 'utf-8'))
    .pipe(
      parse({
        delimiter: shape.delimiter ?? ',',
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        max_record_size: 1_000_000,
        info: true,
      }),
    );
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = headerNames(record);
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((h, i) => {
        if (record[i] !== undefined) cells[h] = record[i];
      });
      yield { line: info.lines, cells };
    }
  } finally {
    parser.destroy();
  }
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
};

/** The rows of the first sheet of an XLSX file, read by exceljs's streaming reader. */
export async function* xlsxRows(path: string): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!header) {
        header = headerNames(values);
        continue;
      }
      if (values.every((v) => v.trim() === '')) continue;
      const cells: Record<string, string> = {};
      header.forEach((h, i) => {
        if (values[i] !== undefined) cells[h] = values[i];
      });
      yield { line: row.number, cells };
    }
    // Only the first sheet holds the rows.
    return;
  }
}
