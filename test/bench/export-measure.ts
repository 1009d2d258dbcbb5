/**
 * One export measured in its own process (so its peak RSS is its own): `tsx export-measure.ts
 * <db file> <baseline|csv|xlsx> <out file> <cli|default>`. Prints `EXPORT {json}` with time, rows and peak RSS,
 * sampled every 50 ms. `baseline` reads the same pages of responses and answers with plain
 * SELECTs and writes nothing, so the ratios say what building and writing the rows cost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { connect } from '../../db/connect.ts';
import { pageExportResponses } from '../../db/exports.ts';
import { answersOf } from '../../db/results.ts';
import { projectRoot } from '../../server/config.ts';
import { RESIDENT_SURVEY } from '../../tools/demo/index.ts';
import { csvStream, prepareDataExport, xlsxStream } from '../../server/exports/data/index.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';
import { benchGeography } from './results-load.ts';

export type ExportMode = 'baseline' | 'csv' | 'xlsx';
export interface ExportFigures {
  readonly mode: ExportMode;
  /** Started with `npm run export`'s heap flags, or Node's defaults. */
  readonly heap: 'cli' | 'default';
  readonly rows: number;
  readonly ms: number;
  readonly peakRss: number;
  readonly startRss: number;
  /** Peak of V8's live heap plus external memory (buffers): what the export really holds, before lazy GC. */
  readonly peakHeap: number;
  readonly fileBytes: number;
}

const [file, mode, out, heap] = process.argv.slice(2) as [string, ExportMode, string, ExportFigures['heap']];
const geography = benchGeography();
const db = connect(file);
const catalog = await SurveyCatalog.open(db.kysely, path.join(projectRoot, 'surveys'), geography);
const startRss = process.memoryUsage().rss;
let peakRss = startRss;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed + m.external);
}, 50);
const started = performance.now();
let rows = 0;
if (mode === 'baseline') {
  const selection = { surveyId: RESIDENT_SURVEY, filters: [], channels: null, from: null, to: null, municipalities: null, storedUpTo: null };
  let after: string | null = null;
  for (;;) {
    const heads = await pageExportResponses(db.kysely, selection, after, 2000);
    if (heads.length === 0) break;
    await answersOf(db.kysely, heads.map((h) => h.id));
    rows += heads.length;
    // better-sqlite3 answers synchronously: give the memory sampler its turn, as the exports do.
    await new Promise((resolve) => setImmediate(resolve));
    after = heads[heads.length - 1]!.id;
  }
} else {
  const data = await prepareDataExport(db.kysely, catalog, geography, RESIDENT_SURVEY, { labels: 'labels' }, new Date());
  const onRow = (n: number) => (rows = n);
  const stream = mode === 'csv' ? csvStream(data, { delimiter: ',', onRow }) : xlsxStream(data, { role: 'benchmark' }, { onRow });
  await pipeline(stream, fs.createWriteStream(out));
}
const ms = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
catalog.dispose();
await db.close();
const figures: ExportFigures = { mode, heap, rows, ms, peakRss, startRss, peakHeap, fileBytes: mode === 'baseline' ? 0 : fs.statSync(out).size };
console.log(`EXPORT ${JSON.stringify(figures)}`);
