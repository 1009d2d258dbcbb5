import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { withDatabase } from './run.ts';
import { auditDataExport, csvStream, prepareDataExport, spssSyntax, xlsxStream, type DataFormat } from '../exports/data/index.ts';
import { ApiError } from '../errors.ts';
import { SurveyCatalog } from '../surveys/catalog.ts';

// `npm run export -- data …`: responses as CSV, XLSX or SPSS syntax with its CSV, streamed.

/** A progress bar on standard error (the file goes to --out, never to standard output). */
function progressBar(label: string, total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% | {value}/{total} | {eta_formatted} left`, stream: process.stderr, noTTYOutput: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

export const DATA_USAGE =
  'data <survey> --format csv|xlsx|sps [--labels|--codes] [--filter q:v[,v] …] [--channel web,paper] [--from date] [--to date] [--group 305,Koillismaa] [--delimiter comma|semicolon] --out <file>';

export async function dataExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      labels: { type: 'boolean', default: false },
      codes: { type: 'boolean', default: false },
      filter: { type: 'string', multiple: true },
      channel: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      group: { type: 'string' },
      delimiter: { type: 'string', default: 'comma' },
      out: { type: 'string' },
    },
  });
  const format = values.format as DataFormat | undefined;
  if (positionals.length !== 1 || !values.out || !format || !['csv', 'xlsx', 'sps'].includes(format) || (values.labels && values.codes) || !['comma', 'semicolon'].includes(values.delimiter!)) {
    console.error(`usage: npm run export -- ${DATA_USAGE}`);
    return 2;
  }
  const surveyId = positionals[0]!;
  const out = values.out;
  return withDatabase(async ({ config, geography, db }) => {
    const catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography);
    try {
      // SPSS reads codes: the syntax and its CSV are written together, the CSV beside the syntax.
      const mode = format === 'sps' || values.codes ? 'codes' : 'labels';
      const now = new Date();
      const data = await prepareDataExport(
        db,
        catalog,
        geography,
        surveyId,
        { labels: mode, filter: values.filter, channel: values.channel, from: values.from, to: values.to, group: values.group },
        now,
      );
      const exporter = { role: 'command line', via: 'cli' as const };
      await auditDataExport(db.kysely, data, format, null, exporter, now);
      const bar = progressBar(`exporting ${surveyId}`, data.rows);
      const onRow = (rows: number) => bar.update(Math.min(rows, data.rows));
      let written = [out];
      if (format === 'xlsx') {
        await pipeline(xlsxStream(data, exporter, { onRow }), fs.createWriteStream(out));
      } else if (format === 'csv') {
        await pipeline(csvStream(data, { delimiter: values.delimiter === 'semicolon' ? ';' : ',', onRow }), fs.createWriteStream(out));
      } else {
        const csvFile = `${out.replace(/\.sps$/i, '')}.csv`;
        fs.writeFileSync(out, spssSyntax(data, exporter, path.basename(csvFile)));
        await pipeline(csvStream(data, { delimiter: ',', spss: true, onRow }), fs.createWriteStream(csvFile));
        written = [out, csvFile];
      }
      bar.stop();
      const blank = data.hidden.municipalities.length;
      console.log(`exported ${data.rows} response(s) of ${surveyId} to ${written.join(' and ')}${blank > 0 ? `; ${blank} small municipalit${blank === 1 ? 'y' : 'ies'} left blank (suppressed in the results)` : ''}`);
      return 0;
    } catch (error) {
      if (error instanceof ApiError) {
        console.error(`kuulo export: ${error.message}`);
        return 2;
      }
      throw error;
    } finally {
      catalog.dispose();
    }
  });
}
