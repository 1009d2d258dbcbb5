import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openSpreadsheet } from '../../server/imports/read.ts';
import { WorkbookReader } from '../../server/imports/xlsx-stream-reader.ts';

// exceljs's streaming reader decodes each chunk of the sheet's XML on its own, so a character whose
// UTF-8 bytes are split across two chunks turns into U+FFFD (server/imports/xlsx-stream-reader.ts).
// A workbook of 3,000 rows of Finnish and Arabic texts of varying lengths puts characters on chunk
// boundaries; the import's reader must give back every text exactly.

const ROWS = 3000;
const texts = Array.from({ length: ROWS }, (_, i) => [`k${i}`, `Äänestä öljyä ${'å'.repeat(i % 37)} ${i}`, `مرحبا بكم في الاستبيان ${'ع'.repeat(i % 53)} ${i}`]);

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Vastaukset');
  ws.addRow(['key', 'fi', 'ar']);
  for (const row of texts) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("the import's XLSX reader", { timeout: 120_000 }, () => {
  it("reads every multibyte text whole, where exceljs 4.4.0's own streaming reader splits some", async () => {
    const buffer = await workbook();
    const sheet = await openSpreadsheet({ buffer }, {});
    expect(sheet.headers).toEqual(['key', 'fi', 'ar']);
    const read: (readonly string[])[] = [];
    for await (const row of sheet.rows) read.push(row.cells);
    expect(read).toHaveLength(ROWS);
    expect(read.filter((cells, i) => cells.join('|') !== texts[i]!.join('|'))).toEqual([]);
    expect(read.some((cells) => cells.join('').includes('\uFFFD'))).toBe(false);

    // The same file through exceljs's unpatched reader: this workbook does put characters on chunk boundaries.
    let corrupted = 0;
    for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), { sharedStrings: 'cache', worksheets: 'emit' })) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) if ((row.values as unknown[]).some((v) => typeof v === 'string' && v.includes('\uFFFD'))) corrupted++;
    }
    expect(corrupted).toBeGreaterThan(0);
    // Other users of exceljs keep its own modules.
    expect(WorkbookReader()).not.toBe(ExcelJS.stream.xlsx.WorkbookReader);
  });
});
