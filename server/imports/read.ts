import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { WorkbookReader } from './xlsx-stream-reader.ts';

/**
 * Reading a spreadsheet as a header and rows of text cells, whatever tool wrote it: CSV with a
 * comma, a semicolon or a tab, in UTF-8 (with or without a byte order mark) or Windows-1252 (what
 * Excel in a Finnish locale saves as "CSV (semicolon delimited)"), and XLSX through exceljs's
 * streaming reader, so a file of a hundred thousand rows is never held whole in memory.
 *
 * Cells come back as text (numbers as JavaScript writes them, `3.5`; a CSV's `3,5` stays as typed):
 * the mapping decides what a cell means for its question, and reports it by row and column.
 */

export type SpreadsheetFormat = 'csv' | 'xlsx';
export type CsvEncoding = 'utf-8' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';

export interface SheetRow {
  /** The row's number as a spreadsheet program shows it: the header is row 1, the first answer row 2. */
  readonly rowNumber: number;
  /** One cell per header, `''` for an empty one. */
  readonly cells: readonly string[];
}

export interface Sheet {
  readonly format: SpreadsheetFormat;
  readonly headers: readonly string[];
  /** For CSV, how it was read (detected unless given). */
  readonly encoding: CsvEncoding | null;
  readonly delimiter: CsvDelimiter | null;
  /** Every row after the header, read as it is iterated (once). */
  readonly rows: AsyncIterable<SheetRow>;
  /** Bytes of the file read so far, for a progress bar (XLSX: of the zipped file). */
  bytesRead(): number;
  /** Total bytes of the file. */
  readonly size: number;
  /** Stops reading (after a sample of the first rows). */
  close(): void;
}

export interface ReadOptions {
  readonly format?: SpreadsheetFormat;
  readonly encoding?: CsvEncoding;
  readonly delimiter?: CsvDelimiter;
}

export class SpreadsheetError extends Error {
  override readonly name = 'SpreadsheetError';
}

/** The format by the file's first bytes: XLSX is a ZIP (`PK\x03\x04`); anything else is read as CSV. */
export function sniffFormat(head: Uint8Array): SpreadsheetFormat {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 ? 'xlsx' : 'csv';
}

/** UTF-8 when every byte sequence is valid UTF-8; otherwise Windows-1252, which decodes any byte. */
export function detectEncoding(chunks: Iterable<Uint8Array>): CsvEncoding {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const chunk of chunks) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The delimiter the header line uses most, counted outside quotes: `;`, `,` or a tab. */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c as CsvDelimiter]++;
  }
  const best = (Object.entries(counts) as [CsvDelimiter, number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] === 0 ? ',' : best[0];
}

function firstLine(text: string): string {
  // The header ends at the first line break outside quotes.
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

/** A source of bytes: a file on disk (read as a stream) or an uploaded buffer. */
export type SpreadsheetSource = { readonly path: string } | { readonly buffer: Buffer };

function sourceSize(source: SpreadsheetSource): number {
  return 'path' in source ? fs.statSync(source.path).size : source.buffer.length;
}

function sourceStream(source: SpreadsheetSource): Readable {
  return 'path' in source ? fs.createReadStream(source.path, { highWaterMark: 256 * 1024 }) : Readable.from([source.buffer]);
}

function* fileChunks(source: SpreadsheetSource): Generator<Uint8Array> {
  if ('buffer' in source) {
    yield source.buffer;
    return;
  }
  const fd = fs.openSync(source.path, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function headOf(source: SpreadsheetSource, bytes: number): Buffer {
  if ('buffer' in source) return source.buffer.subarray(0, bytes);
  const fd = fs.openSync(source.path, 'r');
  try {
    const head = Buffer.alloc(bytes);
    const n = fs.readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens a spreadsheet: reads its header now and its rows as they are iterated. */
export async function openSpreadsheet(source: SpreadsheetSource, options: ReadOptions = {}): Promise<Sheet> {
  const size = sourceSize(source);
  const format = options.format ?? sniffFormat(headOf(source, 4));
  return format === 'xlsx' ? openXlsx(source, size) : openCsv(source, size, options);
}

async function openCsv(source: SpreadsheetSource, size: number, options: ReadOptions): Promise<Sheet> {
  const encoding = options.encoding ?? detectEncoding(fileChunks(source));
  const head = new TextDecoder(encoding).decode(headOf(source, 64 * 1024)).replace(/^\uFEFF/, '');
  const delimiter = options.delimiter ?? detectDelimiter(firstLine(head));
  let bytes = 0;
  const input = sourceStream(source);
  const decoder = new TextDecoder(encoding);
  // Decoded here rather than by csv-parse, which knows no Windows-1252.
  const text = Readable.from(
    (async function* () {
      let first = true;
      for await (const chunk of input) {
        bytes += (chunk as Buffer).length;
        let s = decoder.decode(chunk as Buffer, { stream: true });
        if (first) {
          s = s.replace(/^\uFEFF/, '');
          first = false;
        }
        if (s) yield s;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    })(),
  );
  const parser = text.pipe(parse({ delimiter, relax_column_count: true, skip_empty_lines: false, info: true }));
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await iterator.next();
  if (first.done) throw new SpreadsheetError('the file is empty: it has no header row');
  const headers = first.value.record.map((h) => h.trim());
  return {
    format: 'csv',
    headers,
    encoding,
    delimiter,
    size,
    bytesRead: () => bytes,
    close: () => {
      input.destroy();
      parser.destroy();
    },
    rows: {
      [Symbol.asyncIterator]: async function* () {
        let rowNumber = 1;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          rowNumber++;
          const record = next.value.record;
          if (record.every((c) => c.trim() === '')) continue;
          yield { rowNumber, cells: headers.map((_h, i) => record[i] ?? '') };
        }
      },
    },
  };
}

/** A cell of exceljs's reader as text: formulas by their result, rich text joined, dates in ISO 8601. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
  }
  return '';
}

async function openXlsx(source: SpreadsheetSource, size: number): Promise<Sheet> {
  let bytes = 0;
  const file = sourceStream(source);
  // Counted on the way through (a 'data' listener of its own would start the flow before exceljs reads).
  const input = file.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    }),
  );
  file.on('error', (error) => input.destroy(error));
  // Shared strings are kept (Excel writes every text cell as one); styles and hyperlinks are not read.
  const Reader = WorkbookReader();
  const reader = new Reader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  const sheets = reader[Symbol.asyncIterator]();
  const sheet = await sheets.next().catch((error: Error) => {
    throw new SpreadsheetError(`not a readable XLSX file: ${error.message}`);
  });
  if (sheet.done) throw new SpreadsheetError('the workbook has no worksheet');
  const rowIterator = (sheet.value as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
  const values = (row: ExcelJS.Row): string[] => {
    const v = row.values as unknown[];
    const out: string[] = [];
    for (let i = 1; i < v.length; i++) out.push(cellText(v[i]));
    return out;
  };
  let headerRow: ExcelJS.Row | undefined;
  for (;;) {
    const next = await rowIterator.next();
    if (next.done) break;
    if (values(next.value).some((c) => c.trim() !== '')) {
      headerRow = next.value;
      break;
    }
  }
  if (!headerRow) throw new SpreadsheetError('the first worksheet is empty: it has no header row');
  const headers = values(headerRow).map((h) => h.trim());
  return {
    format: 'xlsx',
    headers,
    encoding: null,
    delimiter: null,
    size,
    bytesRead: () => bytes,
    close: () => {
      file.destroy();
      input.destroy();
    },
    rows: {
      [Symbol.asyncIterator]: async function* () {
        for (;;) {
          const next = await rowIterator.next();
          if (next.done) break;
          const cells = values(next.value);
          if (cells.every((c) => c.trim() === '')) continue;
          yield { rowNumber: next.value.number, cells: headers.map((_h, i) => cells[i] ?? '') };
        }
        // Only the first worksheet is read; the rest of the zip is drained so the stream ends.
        for (;;) {
          const rest = await sheets.next();
          if (rest.done) break;
          for await (const _row of rest.value as AsyncIterable<unknown>) void _row;
        }
      },
    },
  };
}

/** The first rows of a spreadsheet, for suggesting a mapping (a multiple choice's separator). */
export async function sampleRows(source: SpreadsheetSource, options: ReadOptions, count: number): Promise<string[][]> {
  const sheet = await openSpreadsheet(source, options);
  const out: string[][] = [];
  try {
    for await (const row of sheet.rows) {
      out.push([...row.cells]);
      if (out.length >= count) break;
    }
  } finally {
    sheet.close();
  }
  return out;
}
