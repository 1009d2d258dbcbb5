// The results' files are drawn in a worker thread of their own (this module, started on first use
// and kept; it holds the process only while a file is pending): the chart's SVG (React's server
// rendering), its PNG, a question's table workbook, a cross-tab workbook, the deck and the report. Their figures are made on
// the server's thread (ResultsService, with suppression and the user's scope); what crosses is the
// finished view or document, plain data, and what comes back is the file's bytes, transferred.
//
// Why: building a file is tens to hundreds of milliseconds of synchronous work whatever the number
// of responses — docx laying out a report (60 ms of the server's thread for four questions on a quiet
// machine), exceljs a table by municipality (50 ms), React a chart (30 ms), resvg's PNG encoding
// (`asPng`, about 200 ms at scale 2 under load: `renderAsync` left it on the caller's thread) — and on
// the server's thread each was one pause of every request and submission (`npm run bench -- loop`).
//
// PNGs are rendered with resvg and the DejaVu fonts bundled as a dependency, so the picture is the
// same on every server whatever fonts its system has.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { serveTasks, TaskWorker, type Handled } from '../../module-worker.ts';
import type { TrendResult } from '../../results/trend-schemas.ts';
import type { ChartModel } from '../../../chart/model.ts';
import { chartSvg, FONT_FAMILY } from './chart-svg.ts';
import { crosstabWorkbookFile, type CrosstabWorkbook } from './crosstab-xlsx.ts';
import { deckPptx } from './deck.ts';
import type { ExportDocument } from './document.ts';
import { reportDocx } from './report.ts';
import type { ChartLayout } from './schemas.ts';
import { tableXlsx } from './table-xlsx.ts';
import { trendSvg, type TrendChartOptions } from './trend-svg.ts';
import type { ExportView } from './view.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf')];

/** The same renderer on either thread: `scale` 2 gives a picture sharp enough for a slide or a printed page. */
function png(svg: string, scale: number): Uint8Array {
  const image = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  }).render();
  return image.asPng();
}

type Format = 'svg' | 'png';

/** An SVG as its UTF-8 bytes, or drawn as a PNG at scale 2. */
/** Bytes made here, handed back transferred rather than copied. */
const transferred = (bytes: Uint8Array): Handled => ({ result: bytes, transfer: [bytes.buffer as ArrayBuffer] });

function picture(svg: string, format: Format): Handled {
  return transferred(format === 'png' ? png(svg, 2) : new TextEncoder().encode(svg));
}

const bytesOf = (file: Buffer): Handled => {
  // A Buffer may be a view on Node's shared pool: copy it into a buffer of its own to transfer.
  const own = new Uint8Array(file.byteLength);
  own.set(file);
  return transferred(own);
};

const TAG = 'result-files';

serveTasks(TAG, {
  chart: ({ view, layout, format }: { view: ExportView & { chart: ChartModel }; layout: ChartLayout; format: Format }) => picture(chartSvg(view, layout), format),
  trend: ({ result, options, format }: { result: TrendResult; options: TrendChartOptions; format: Format }) => picture(trendSvg(result, options), format),
  png: ({ svg, scale }: { svg: string; scale: number }) => transferred(png(svg, scale)),
  table: async ({ view, generatedAt }: { view: ExportView; generatedAt: Date }) => bytesOf(await tableXlsx(view, generatedAt)),
  crosstab: async ({ data, generatedAt }: { data: CrosstabWorkbook; generatedAt: Date }) => bytesOf(await crosstabWorkbookFile(data, generatedAt)),
  deck: async (doc: ExportDocument) => bytesOf(await deckPptx(doc)),
  report: async (doc: ExportDocument) => bytesOf(await reportDocx(doc)),
});

const files = new TaskWorker(import.meta.url, TAG, 'the results files worker', (e) => new Error(`the file could not be made: ${e.message}`));

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const run = async (kind: string, input: unknown) => asBuffer(await files.run<Uint8Array>(kind, input));

/** A question's bar chart as SVG or PNG (chartSvg). */
export const chartFileBytes = (view: ExportView & { chart: ChartModel }, layout: ChartLayout, format: Format) => run('chart', { view, layout, format });
/** A question's trend over the waves as SVG or PNG (trendSvg). */
export const trendFileBytes = (result: TrendResult, options: TrendChartOptions, format: Format) => run('trend', { result, options, format });
/** Any SVG as a PNG. */
export const svgToPng = (svg: string, scale = 2) => run('png', { svg, scale });
/** A question's results table as a workbook (tableXlsx). */
export const tableFileBytes = (view: ExportView, generatedAt: Date) => run('table', { view, generatedAt });
/** A cross-tab workbook (crosstabWorkbookFile). */
export const crosstabFileBytes = (data: CrosstabWorkbook, generatedAt: Date) => run('crosstab', { data, generatedAt });
/** A deck (deckPptx). */
export const deckFileBytes = (doc: ExportDocument) => run('deck', doc);
/** A report (reportDocx). */
export const reportFileBytes = (doc: ExportDocument) => run('report', doc);
