import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { previewXlsx, xmlTokens } from './xlsxPreview';

/** A workbook as a spreadsheet program writes one: shared strings, dates, numbers, booleans, a second sheet. */
async function workbook(rows: number, opts: { sharedStrings?: boolean } = {}) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Leads');
  sheet.addRow(['Lead name', 'E-mail', 'Probability', 'Start date', 'Active', '', 'Lead name']);
  for (let i = 1; i <= rows; i++) {
    if (i === 3) sheet.addRow([]);
    const row = sheet.addRow([
      i === 2 ? 'Müller & Söhne <GmbH>' : `Lead ${i}`,
      `p${i}@example.test`,
      i === 4 ? 'abc' : 10 + i,
      new Date(Date.UTC(2026, 0, i)),
      i % 2 === 0,
      'no header',
      `twin ${i}`,
    ]);
    row.getCell(4).numFmt = 'dd.mm.yyyy';
  }
  wb.addWorksheet('Other').addRow(['Not this sheet']);
  const buf = opts.sharedStrings === false ? await streamed(rows) : await wb.xlsx.writeBuffer();
  return new Blob([buf as ArrayBuffer]);
}

/** The same sheet through the streaming writer (inline strings, no shared strings), as big exports are. */
async function streamed(rows: number) {
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = wb.addWorksheet('Leads');
  sheet.addRow(['Lead name', 'E-mail']).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow([`Lead ${i}`, `p${i}@example.test`]).commit();
  sheet.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('the XLSX preview', () => {
  it('reads the header and the first rows of the first sheet as the import reads them', async () => {
    const p = await previewXlsx(await workbook(30), 5);
    expect(p.headers).toEqual([
      'Lead name',
      'E-mail',
      'Probability',
      'Start date',
      'Active',
      'Lead name (2)',
    ]);
    expect(p.rows).toHaveLength(5);
    // The blank row is left out; lines are the sheet's own row numbers.
    expect(p.lines).toEqual([2, 3, 5, 6, 7]);
    expect(p.rows[0]).toEqual({
      'Lead name': 'Lead 1',
      'E-mail': 'p1@example.test',
      Probability: '11',
      'Start date': '2026-01-01',
      Active: 'false',
      'Lead name (2)': 'twin 1',
    });
    expect(p.rows[1]['Lead name']).toBe('Müller & Söhne <GmbH>');
    expect(p.rows[3].Probability).toBe('abc');
    expect(p.rows[3].Active).toBe('true');
  });

  it('reads only the start of a large sheet, not the whole file', async () => {
    let read = 0;
    /**
     * The file as a browser's File reads it: a slice costs nothing until it is read, and its stream
     * reads 64 kB at a time as it is pulled. Counts the bytes taken from it.
     */
    class Counted extends Blob {
      override slice(start?: number, end?: number, type?: string): Blob {
        return new Counted([super.slice(start, end, type)]);
      }
      override stream() {
        let pos = 0;
        const whole = Blob.prototype.slice.call(this);
        return new ReadableStream<Uint8Array<ArrayBuffer>>(
          {
            async pull(out) {
              if (pos >= whole.size) return out.close();
              const part = new Uint8Array(await whole.slice(pos, pos + 65_536).arrayBuffer());
              pos += part.length;
              read += part.length;
              out.enqueue(part);
            },
          },
          { highWaterMark: 0 },
        );
      }
      override async arrayBuffer() {
        read += this.size;
        return super.arrayBuffer();
      }
    }
    const big = new Counted([await streamed(100_000)]);
    const p = await previewXlsx(big, 20);
    expect(p.rows).toHaveLength(20);
    expect(p.rows[19]).toEqual({ 'Lead name': 'Lead 20', 'E-mail': 'p20@example.test' });
    expect(read).toBeLessThan(big.size / 2);
    expect((await previewXlsx(await workbook(0), 20)).rows).toEqual([]);
  });

  it('tokenizes XML that arrives cut anywhere, entities and CDATA included', () => {
    const xml = '<a x="1 &amp; 2"><b>one &lt;two&gt;</b><c/><![CDATA[<raw>]]></a>';
    for (let cut = 1; cut < xml.length; cut++) {
      const seen: string[] = [];
      const feed = xmlTokens({
        tag: (t) => seen.push(`${t.end ? '/' : ''}${t.name}${t.selfClosing ? '/' : ''}${t.attrs.x ?? ''}`),
        text: (s) => seen.push(`"${s}"`),
      });
      feed(xml.slice(0, cut));
      feed(xml.slice(cut));
      expect(seen.join(' ').replace(/" "/g, '')).toBe('a1 & 2 b "one <two>" /b c/ "<raw>" /a');
    }
  });
});
