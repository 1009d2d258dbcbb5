import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ExportColumn } from './columns.ts';
import type { Cell, DataExport } from './dataset.ts';

/**
 * A text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
 * return before one) gets a leading apostrophe, as OWASP advises
 * (https://owasp.org/www-community/attacks/CSV_Injection). A text that already begins with an
 * apostrophe gets one more, so the rule can be undone exactly: drop one leading apostrophe.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

export interface CsvOptions {
  /** `;` with decimal commas (Excel in a Finnish locale, R's read.csv2); `,` with decimal points. */
  readonly delimiter: ',' | ';';
  /**
   * The file the SPSS syntax reads: SPSS and PSPP end a case at every line break, even inside
   * quotes, so a line break inside a text is written as U+2028 (LINE SEPARATOR) and turned back
   * by the syntax; a scale's "can't say" is its negative missing-value code.
   */
  readonly spss?: boolean;
  readonly onRow?: (rows: number) => void;
}

const LINE_BREAK = /\r\n|\r|\n/g;

function cellWriter(column: ExportColumn, options: CsvOptions): (cell: Cell) => string | number | null {
  const spssCodes = options.spss ? column.spssCodes : null;
  const decimalComma = options.delimiter === ';';
  return (cell) => {
    if (cell === null) return null;
    if (typeof cell === 'number') return decimalComma ? String(cell).replace('.', ',') : cell;
    if (spssCodes?.has(cell)) return spssCodes.get(cell)!;
    const text = options.spss ? cell.replace(LINE_BREAK, '\u2028') : cell;
    return guardFormula(text);
  };
}

/** The export as CSV: UTF-8 with a byte order mark, a header of column names, a row per response. */
export function csvStream(data: DataExport, options: CsvOptions): Readable {
  const writers = data.columns.map((c) => cellWriter(c, options));
  const out = stringify({ delimiter: options.delimiter, bom: true, record_delimiter: 'unix', header: false });
  const pump = async () => {
    if (!out.write(data.columns.map((c) => c.name))) await drained(out);
    let rows = 0;
    for await (const record of data.records()) {
      const line = record.map((cell, i) => writers[i]!(cell));
      rows++;
      if (!out.write(line)) await drained(out);
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
