/**
 * One spreadsheet import measured in its own process (so its peak RSS is its own): `tsx
 * import-measure.ts <xlsx file> <read|preview|import> <surveys dir> <db file>`. Prints `IMPORT {json}`
 * with time, rows and peak RSS (sampled every 50 ms and from the kernel's maximum).
 * `read` is the baseline: the same file through exceljs's streaming reader, every row's values
 * touched, nothing else; `preview` reads, maps and validates every row and stores nothing; `import`
 * is `npm run import`'s path, storing every row in one transaction.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { connect, migrateToLatest } from '../../db/connect.ts';
import { projectRoot } from '../../server/config.ts';
import { loadGeography } from '../../server/geography.ts';
import { openImport } from '../../server/imports/service.ts';
import { importSpreadsheet } from '../../server/imports/spreadsheet.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';

export type ImportMode = 'read' | 'preview' | 'import';
export interface ImportFigures {
  readonly mode: ImportMode;
  readonly rows: number;
  readonly stored: number;
  readonly ms: number;
  readonly peakRss: number;
  readonly startRss: number;
}

const [file, mode, surveysDir, dbFile] = process.argv.slice(2) as [string, ImportMode, string, string];
const startRss = process.memoryUsage().rss;
let peakRss = startRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const started = performance.now();
let rows = 0;
let stored = 0;
if (mode === 'read') {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(fs.createReadStream(file), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      rows++;
      cells += (row.values as unknown[]).length;
    }
  }
  rows--; // the header
  if (cells === 0) throw new Error('read nothing');
} else {
  const geography = loadGeography(`${projectRoot}/surveys/geography/municipalities.csv`);
  const db = connect(dbFile);
  await migrateToLatest(db);
  const catalog = await SurveyCatalog.open(db.kysely, surveysDir, geography);
  const survey = catalog.get('kierros-2021')!;
  const opened = await openImport(db.kysely, geography, survey, { path: file }, {}, null);
  const result = await importSpreadsheet(db.kysely, geography, survey, opened.sheet, opened.columns, { skipInvalid: false, now: new Date(), dryRun: mode === 'preview' });
  if (result.rejected > 0) throw new Error(`${result.rejected} rows rejected: ${JSON.stringify(result.problems.slice(0, 3))}`);
  rows = result.rows;
  stored = result.stored;
  catalog.dispose();
  await db.close();
}
const ms = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const figures: ImportFigures = { mode, rows, stored, ms, peakRss, startRss };
console.log(`IMPORT ${JSON.stringify(figures)}`);
