// exceljs's streaming XLSX reader, with its XML text decoded correctly.
//
// exceljs 4.4.0's streaming reader (lib/utils/parse-sax.js) turns each chunk of a zip entry into a
// string on its own (`bufferToString(chunk)`), so a character whose UTF-8 bytes fall across two
// chunks becomes two U+FFFD: an imported "ä" or Arabic letter is silently corrupted, a few rows in a
// few thousand (test/imports/xlsx-stream-reader.test.ts makes such a file). No release fixes it and
// no other maintained streaming XLSX reader is in this project, so this module loads exceljs's own
// WorkbookReader once more with that one function replaced by the same loop over a StringDecoder,
// which carries a split character over to the next chunk. It does so on fresh copies of the reader's
// modules and puts the module cache back as it was: every other use of exceljs keeps its modules.
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJS from 'exceljs';

const exceljsRequire = createRequire(createRequire(import.meta.url).resolve('exceljs/package.json'));

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };
interface SaxesParserLike {
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'opentag' | 'text' | 'closetag', listener: (value: unknown) => void): void;
  write(text: string): void;
}

/** parse-sax.js as exceljs has it, but decoding the bytes with a StringDecoder across chunks. */
async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = exceljsRequire('saxes') as { SaxesParser: new () => SaxesParserLike };
  const { PassThrough } = exceljsRequire('readable-stream') as { PassThrough: new () => NodeJS.ReadWriteStream };
  let source: AsyncIterable<Buffer | string> = iterable;
  if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
    source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as AsyncIterable<Buffer | string>;
  }
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => {
    error = e;
  });
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

type WorkbookReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;

function loadReader(): WorkbookReaderClass {
  const modules = ['exceljs/lib/utils/parse-sax.js', 'exceljs/lib/stream/xlsx/workbook-reader.js', 'exceljs/lib/stream/xlsx/worksheet-reader.js', 'exceljs/lib/stream/xlsx/hyperlink-reader.js'].map((m) =>
    exceljsRequire.resolve(m),
  );
  const cache = exceljsRequire.cache;
  const kept = modules.map((file) => cache[file]);
  try {
    for (const file of modules) delete cache[file];
    // The original parse-sax module, loaded fresh, then its export replaced before the readers load it.
    exceljsRequire(modules[0]!);
    cache[modules[0]!]!.exports = parseSax;
    return exceljsRequire(modules[1]!) as WorkbookReaderClass;
  } finally {
    modules.forEach((file, i) => {
      if (kept[i]) cache[file] = kept[i];
      else delete cache[file];
    });
  }
}

let reader: WorkbookReaderClass | undefined;

/** exceljs's `stream.xlsx.WorkbookReader`, reading texts split across chunks whole. */
export function WorkbookReader(): WorkbookReaderClass {
  reader ??= loadReader();
  return reader;
}
