import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from '../exceljs.ts';
import { guardFormula } from '../formula-guard.ts';
import type { ExportColumn } from './columns.ts';
import type { Cell, DataExport } from './dataset.ts';
import { timeSlices } from '../../results/response-index.ts';
import { exportInfo, type Exporter } from './info.ts';

// Bytes of written rows not yet deflated and passed on, above which the writer waits.
const MAX_BACKLOG = 4 * 1024 * 1024;
const TURN_MS = 10;

/** Bytes waiting between the sheet and the reader: in exceljs's sheet buffer, the zip's input, and ours. */
function backlog(sheet: object, out: PassThrough): number {
  // exceljs internals (4.4): the worksheet's StreamBuf and the zip entry it is piped into.
  // The zip entry is archiver's readable-stream v2 PassThrough, which has no writableLength getter.
  type Pipe = { writableLength?: number; _writableState?: { length?: number } };
  const stream = (sheet as { stream?: { buffers?: { length?: number }[]; pipes?: Pipe[] } }).stream;
  const buffered = (stream?.buffers ?? []).reduce((s, b) => s + (b.length ?? 0), 0);
  const piped = (stream?.pipes ?? []).reduce((s, p) => s + (p.writableLength ?? p._writableState?.length ?? 0), 0);
  return buffered + piped + out.readableLength;
}

export const SHEETS = { data: 'Vastaukset', codebook: 'Koodikirja', info: 'Tiedot' } as const;

const TYPE_NAMES: Record<ExportColumn['type'], string> = {
  text: 'teksti',
  number: 'luku',
  category: 'luokka',
  flag: '0/1 (monivalinnan vaihtoehto)',
  position: 'sija (järjestys)',
};

/** The codebook's rows: one per data column. */
export function codebookRows(data: DataExport): string[][] {
  return data.columns.map((c) => [
    c.name,
    c.spss,
    c.question ?? '',
    c.label,
    `${TYPE_NAMES[c.type]}${c.kind === 'response' ? '' : `; ${c.kind}`}`,
    c.values.map((v) => `${v.value} = ${v.label}${c.spssCodes?.has(v.value) ? ` (SPSS: ${c.spssCodes.get(v.value)}, puuttuva)` : ''}`).join('\n'),
  ]);
}

/**
 * A row's cells as written: a text is a string cell (never a formula, however it begins), guarded
 * like the CSV's (formula-guard.ts) so that the sheet saved as CSV is as safe; exceljs leaves a
 * cell out for undefined: empty, not an empty text.
 */
const sheetRow = (cells: readonly Cell[]) => cells.map((cell) => (typeof cell === 'string' ? guardFormula(cell) : (cell ?? undefined)));

/**
 * The export as an XLSX workbook, written row by row (exceljs's streaming writer, no shared
 * strings table), so memory stays flat.
 */
export function xlsxStream(data: DataExport, exporter: Exporter, options: { onRow?: (rows: number) => void } = {}): Readable {
  const out = new PassThrough();
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    workbook.creator = 'Kuulo';
    const sheet = workbook.addWorksheet(SHEETS.data, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = data.columns.map((c) => ({ key: c.name, width: c.type === 'text' ? 30 : Math.min(30, Math.max(8, c.name.length + 2)) }));
    sheet.addRow(sheetRow(data.columns.map((c) => c.name))).commit();
    let rows = 0;
    const slices = timeSlices(TURN_MS);
    for await (const record of data.records()) {
      sheet.addRow(sheetRow(record)).commit();
      rows++;
      // A turn of the loop every TURN_MS of writing (a wide row takes exceljs about a millisecond
      // under load, so a fixed count of rows could hold the loop for a hundred), and at most every 200 rows.
      if (rows % 200 === 0 || slices.due()) {
        // exceljs hands each sheet's XML to the zip without waiting for it (its StreamBuf ignores
        // backpressure), so rows read faster than they are deflated and sent would pile up in
        // memory: 2.3 GB at a million rows. Wait here until that backlog is small.
        await slices.turn();
        while (backlog(sheet, out) > MAX_BACKLOG && !out.destroyed) await new Promise((resolve) => setTimeout(resolve, 2));
        if (out.destroyed) throw new Error('the export was cancelled');
        options.onRow?.(rows);
      }
    }
    options.onRow?.(rows);
    sheet.commit();

    const codebook = workbook.addWorksheet(SHEETS.codebook, { views: [{ state: 'frozen', ySplit: 1 }] });
    codebook.columns = [{ width: 30 }, { width: 30 }, { width: 24 }, { width: 60 }, { width: 24 }, { width: 60 }];
    codebook.addRow(['Sarake', 'SPSS-nimi', 'Kysymys', 'Teksti', 'Tyyppi', 'Arvot ja selitteet']).commit();
    for (const row of codebookRows(data)) codebook.addRow(sheetRow(row)).commit();
    codebook.commit();

    const info = workbook.addWorksheet(SHEETS.info);
    info.columns = [{ width: 26 }, { width: 100 }];
    for (const row of exportInfo(data, exporter)) info.addRow(sheetRow(row)).commit();
    info.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
