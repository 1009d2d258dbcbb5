import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { guardFormula } from '../formula-guard.ts';
import type { ExportColumn } from './columns.ts';
import type { Cell, DataExport } from './dataset.ts';
import { timeSlices } from '../../results/response-index.ts';

export interface CsvOptions {
  /** `;` with decimal commas (Excel in a Finnish locale, R's read.csv2); `,` with decimal points. */
  readonly delimiter: ',' | ';';
  /**
   * The file the SPSS syntax reads: SPSS and PSPP end a case at every line break, even inside
   * quotes, so inside a text a line feed is written as U+2028 (LINE SEPARATOR) and a carriage
   * return as U+2029 (PARAGRAPH SEPARATOR), both turned back by the syntax;
   * a scale's "can't say" is its negative missing-value code.
   */
  readonly spss?: boolean;
  readonly onRow?: (rows: number) => void;
}

/**
 * The SPSS CSV's stand-ins for a line feed and a carriage return inside a text (see `spss`). A
 * text that itself holds U+2028 or U+2029 comes back from the syntax with a line break there.
 */
export const SPSS_LINE_FEED = '\u2028';
export const SPSS_CARRIAGE_RETURN = '\u2029';

const spssText = (text: string) => text.replace(/[\r\n]/g, (c) => (c === '\n' ? SPSS_LINE_FEED : SPSS_CARRIAGE_RETURN));

function cellWriter(column: ExportColumn, options: CsvOptions): (cell: Cell) => string | number | null {
  const spssCodes = options.spss ? column.spssCodes : null;
  const decimalComma = options.delimiter === ';';
  return (cell) => {
    if (cell === null) return null;
    if (typeof cell === 'number') return decimalComma ? String(cell).replace('.', ',') : cell;
    if (spssCodes?.has(cell)) return spssCodes.get(cell)!;
    // Guarded first, at the real line breaks; the syntax undoes the guard at the stand-ins.
    const guarded = guardFormula(cell);
    return options.spss ? spssText(guarded) : guarded;
  };
}

/** The export as CSV: UTF-8 with a byte order mark, a header of column names, a row per response. */
export function csvStream(data: DataExport, options: CsvOptions): Readable {
  const writers = data.columns.map((c) => cellWriter(c, options));
  // csv-stringify quotes a field holding a line break only when asked once `record_delimiter` is
  // set; unquoted, a carriage return inside a text ends the row in Excel and LibreOffice, and the
  // rest of the text becomes a row of its own.
  const out = stringify({ delimiter: options.delimiter, bom: true, record_delimiter: 'unix', quote_record_delimiter: true, header: false });
  const pump = async () => {
    if (!out.write(data.columns.map((c) => c.name))) await drained(out);
    let rows = 0;
    // The rows of a page come in one turn of the loop; writing them is a turn's work of its own, so
    // the writer takes a turn every 10 ms of it.
    const slices = timeSlices();
    for await (const record of data.records()) {
      const line = record.map((cell, i) => writers[i]!(cell));
      rows++;
      if (!out.write(line)) await drained(out);
      else if (slices.due()) await slices.turn();
      if (options.onRow && rows % 1000 === 0) options.onRow(rows);
    }
    options.onRow?.(rows);
    out.end();
  };
  pump().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** Resolves when a stream wants more, or when it has been closed (the reader went away). */
export function drained(stream: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', fail);
      if (stream.destroyed) reject(new Error('the export was cancelled'));
      else resolve();
    };
    const fail = (error: Error) => {
      stream.off('drain', done);
      stream.off('close', done);
      reject(error);
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', fail);
  });
}
