import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { withDatabase } from '../cli/run.ts';
import { ApiError } from '../errors.ts';
import { csvStream, xlsxStream } from '../exports/data/index.ts';
import { SurveyCatalog } from '../surveys/catalog.ts';
import { auditAnonymisedExport, MUNICIPALITY_QI, prepareAnonymisedExport, type TimeCoarsening } from './anonymise.ts';

// `npm run export -- anonymised …`: the anonymised data export from the command line, with its
// report written beside it as JSON (the API gives the report at /api/privacy/<survey>/anonymisation).

export const ANONYMISED_USAGE =
  'anonymised <survey> --format csv|xlsx [--timestamps day|week] [--k N] [--qi municipality,ikaryhma,…] [--delimiter comma|semicolon] --out <file> (the report goes to <file>.report.json)';

export async function anonymisedExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      timestamps: { type: 'string', default: 'week' },
      k: { type: 'string' },
      qi: { type: 'string', default: MUNICIPALITY_QI },
      delimiter: { type: 'string', default: 'comma' },
      out: { type: 'string' },
    },
  });
  const k = values.k === undefined ? undefined : Number(values.k);
  if (
    positionals.length !== 1 || !values.out || !['csv', 'xlsx'].includes(values.format ?? '') || !['day', 'week'].includes(values.timestamps!) ||
    !['comma', 'semicolon'].includes(values.delimiter!) || (k !== undefined && !Number.isInteger(k))
  ) {
    console.error(`usage: npm run export -- ${ANONYMISED_USAGE}`);
    return 2;
  }
  const surveyId = positionals[0]!;
  const out = values.out;
  return withDatabase(async ({ config, geography, db }) => {
    const catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography);
    try {
      const now = new Date();
      const plan = { timestamps: values.timestamps as TimeCoarsening, quasiIdentifiers: values.qi!.split(',').map((q) => q.trim()), ...(k === undefined ? {} : { k }) };
      const { data, report } = await prepareAnonymisedExport(db.kysely, catalog, geography, surveyId, plan, now);
      const format = values.format as 'csv' | 'xlsx';
      await auditAnonymisedExport(db.kysely, data, report, format, null, now, 'cli');
      if (format === 'xlsx') await pipeline(xlsxStream(data, { role: 'command line' }), fs.createWriteStream(out));
      else await pipeline(csvStream(data, { delimiter: values.delimiter === 'semicolon' ? ';' : ',' }), fs.createWriteStream(out));
      fs.writeFileSync(`${out}.report.json`, `${JSON.stringify(report, null, 2)}\n`);
      const applied = Object.values(report.redactions).reduce((s, r) => s + r.applied, 0);
      console.log(
        `exported ${report.rows} anonymised response(s) of ${surveyId} to ${out}: ${applied} redaction(s), times to the ${report.timestamps}, ` +
          `${report.municipalitiesRecoded.municipalities} municipalit${report.municipalitiesRecoded.municipalities === 1 ? 'y' : 'ies'} recoded to the area, ` +
          `k = ${report.kAnonymity.k} achieved ${report.kAnonymity.kAchieved} (${report.kAnonymity.suppressedRows} row(s) left out); report in ${out}.report.json`,
      );
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
