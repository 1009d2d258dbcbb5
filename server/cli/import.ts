import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { Value } from 'typebox/value';
import { findImportMapping, saveImportMapping } from '../../db/imports.ts';
import { runCli, withDatabase } from './run.ts';
import { importResponses } from '../responses/import.ts';
import { SurveyCatalog, type SurveyVersion } from '../surveys/catalog.ts';
import type { Geography } from '../geography.ts';
import type { Db } from '../../db/connect.ts';
import { MappingError } from '../imports/mapping.ts';
import { SpreadsheetError, type CsvDelimiter, type CsvEncoding } from '../imports/read.ts';
import { ImportMapping } from '../imports/schemas.ts';
import { openImport } from '../imports/service.ts';
import { importSpreadsheet } from '../imports/spreadsheet.ts';

const USAGE = `usage: npm run import -- <survey-id> <file> [options]

  <file>                 Kuulo's own JSON lines (.jsonl), or a spreadsheet: CSV (comma, semicolon or tab;
                         UTF-8 or Windows-1252) or XLSX (the first worksheet)
  --skip-invalid         store the valid rows and report the rest (default: nothing is stored if any row is bad)
  --rejected <file>      where the rejected lines (JSON lines) or the problems (spreadsheet, CSV) are written
spreadsheets only:
  --mapping <file|name>  the column mapping: a JSON file, or the name of a mapping saved for the survey
                         (default: the newest saved mapping whose columns the file has, else a suggested one)
  --save-mapping <name>  save the mapping used under this name, for the next file
  --write-mapping <file> write the mapping (given, saved or suggested) as JSON to edit, and import nothing
  --preview [rows]       show the first rows as they would be stored and every problem; store nothing
  --encoding <utf-8|windows-1252>, --delimiter <,|;|tab>   override what is detected`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'skip-invalid': { type: 'boolean', default: false },
      rejected: { type: 'string' },
      mapping: { type: 'string' },
      'save-mapping': { type: 'string' },
      'write-mapping': { type: 'string' },
      preview: { type: 'boolean', default: false },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  // `--preview 5`: the optional count arrives as a third positional.
  const previewCount = values.preview && positionals.length === 3 && /^\d+$/.test(positionals[2]!) ? Number(positionals.pop()) : 5;
  if (values.help || positionals.length !== 2) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const [surveyId, file] = positionals as [string, string];
  if (!fs.existsSync(file)) {
    console.error(`kuulo import: no file ${file}`);
    return 2;
  }
  if (values.encoding !== undefined && values.encoding !== 'utf-8' && values.encoding !== 'windows-1252') {
    console.error(`kuulo import: --encoding must be utf-8 or windows-1252, not '${values.encoding}'`);
    return 2;
  }
  const delimiter = values.delimiter === 'tab' ? '\t' : values.delimiter;
  if (delimiter !== undefined && delimiter !== ',' && delimiter !== ';' && delimiter !== '\t') {
    console.error(`kuulo import: --delimiter must be ',', ';' or tab, not '${values.delimiter}'`);
    return 2;
  }
  return withDatabase(async ({ config, geography, db }) => {
    const catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography);
    try {
      const survey = catalog.get(surveyId);
      if (!survey) {
        console.error(`kuulo import: no survey '${surveyId}' in ${config.surveysDir} (have: ${catalog.list().map((s) => s.meta.id).join(', ')})`);
        return 2;
      }
      if (isJsonLines(file)) return await importJsonLines(db, geography, survey, file, values);
      return await importSheet(db, geography, survey, file, {
        ...values,
        previewCount,
        encoding: values.encoding as CsvEncoding | undefined,
        delimiter: delimiter as CsvDelimiter | undefined,
      });
    } finally {
      catalog.dispose();
    }
  });
}

/** Kuulo's own JSON lines start with `{` (after a BOM or blank space); anything else is a spreadsheet. */
function isJsonLines(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('{');
  } finally {
    fs.closeSync(fd);
  }
}

function progressBar(unit: string) {
  return new cliProgress.SingleBar(
    { format: `importing {bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`, stream: process.stderr, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
}

async function importJsonLines(db: Db, geography: Geography, survey: SurveyVersion, file: string, values: { 'skip-invalid'?: boolean; rejected?: string }): Promise<number> {
  const size = fs.statSync(file).size;
  const bar = progressBar('bytes');
  bar.start(size, 0);
  // The iterator is made at once so that it buffers: lines read while the database opens its
  // transaction (a network round trip on PostgreSQL) would otherwise be emitted to no one.
  const reader = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const iterator = reader[Symbol.asyncIterator]();
  const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  const result = await importResponses(db.kysely, geography, survey, lines, {
    skipInvalid: values['skip-invalid'] ?? false,
    now: new Date(),
    onProgress: (bytes) => bar.update(Math.min(bytes, size)),
  });
  bar.update(size);
  bar.stop();

  for (const r of result.rejected) {
    for (const e of r.errors) console.error(`line ${r.lineNumber}: ${e.question ? `${e.question}: ` : ''}${e.message} [${e.code}]`);
  }
  if (!result.committed) {
    console.error(`kuulo import: ${result.rejected.length} invalid line(s); nothing was stored. Fix them, or use --skip-invalid to store the valid lines.`);
    return 1;
  }
  if (result.rejected.length > 0) {
    const rejectedFile = values.rejected ?? `${file}.rejected.jsonl`;
    fs.writeFileSync(rejectedFile, result.rejected.map((r) => `${r.line}\n`).join(''));
    console.error(`kuulo import: ${result.rejected.length} invalid line(s) written to ${rejectedFile}`);
  }
  console.log(`imported ${result.stored} response(s) into ${survey.meta.id} v${survey.version}; ${result.alreadyStored} already imported; ${result.rejected.length} rejected`);
  return 0;
}

interface SheetOptions {
  'skip-invalid'?: boolean;
  rejected?: string;
  mapping?: string;
  'save-mapping'?: string;
  'write-mapping'?: string;
  preview?: boolean;
  previewCount: number;
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
}

async function mappingArgument(db: Db, surveyId: string, argument: string | undefined): Promise<ImportMapping | null> {
  if (argument === undefined) return null;
  let json: unknown;
  if (fs.existsSync(argument)) {
    try {
      json = JSON.parse(fs.readFileSync(argument, 'utf8'));
    } catch (error) {
      throw new MappingError([`${argument} is not JSON: ${(error as Error).message}`]);
    }
  } else {
    const saved = await findImportMapping(db.kysely, surveyId, argument);
    if (!saved) throw new MappingError([`no file ${argument}, and no mapping of that name saved for '${surveyId}'`]);
    json = JSON.parse(saved.mapping);
  }
  if (!Value.Check(ImportMapping, json)) {
    throw new MappingError([...Value.Errors(ImportMapping, json)].filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf').map((e) => `${e.instancePath || 'the mapping'} ${e.message}`));
  }
  return json;
}

/** A cell of the problems file (semicolons between cells), quoted where it must be. */
const csvCell = (v: string | number | null) => (v === null ? '' : /[";\n\r]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));

async function importSheet(db: Db, geography: Geography, survey: SurveyVersion, file: string, options: SheetOptions): Promise<number> {
  let opened;
  try {
    const given = await mappingArgument(db, survey.meta.id, options.mapping);
    opened = await openImport(db.kysely, geography, survey, { path: file }, { encoding: options.encoding, delimiter: options.delimiter }, given);
  } catch (error) {
    if (error instanceof MappingError) {
      console.error(`kuulo import: the mapping does not fit:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`);
      return 1;
    }
    if (error instanceof SpreadsheetError) {
      console.error(`kuulo import: ${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const { sheet, mapping, mappingSource } = opened;
  console.error(
    `kuulo import: ${file}: ${sheet.format.toUpperCase()}${sheet.encoding ? `, ${sheet.encoding}, delimiter '${sheet.delimiter === '\t' ? 'tab' : sheet.delimiter}'` : ''}; mapping ${mappingSource}`,
  );
  for (const c of mapping.columns) {
    const what = c.target === 'ignore' ? 'ignored' : `${c.target}${c.question ? ` ${c.question}` : ''}${c.row ? `.${c.row}` : ''}${c.option ? ` = ${c.option}` : ''}${c.separator ? ` (picks split at '${c.separator}')` : ''}`;
    console.error(`  ${c.column} → ${what}`);
  }
  if (options['write-mapping']) {
    sheet.close();
    fs.writeFileSync(options['write-mapping'], `${JSON.stringify(mapping, null, 2)}\n`);
    console.log(`wrote the mapping to ${options['write-mapping']}; edit it and import with --mapping ${options['write-mapping']}`);
    return 0;
  }
  const bar = progressBar('bytes');
  if (!options.preview) bar.start(sheet.size, 0);
  let result;
  try {
    result = await importSpreadsheet(db.kysely, geography, survey, sheet, opened.columns, {
      skipInvalid: options['skip-invalid'] ?? false,
      now: new Date(),
      dryRun: options.preview ?? false,
      previewRows: options.preview ? options.previewCount : 0,
      onProgress: (bytes) => bar.update(Math.min(bytes, sheet.size)),
    });
  } finally {
    if (!options.preview) {
      bar.update(sheet.size);
      bar.stop();
    }
    sheet.close();
  }
  for (const p of result.problems) console.error(`row ${p.row}${p.column !== null ? `, column '${p.column}'` : ''}: ${p.message}`);
  if (options.preview) {
    for (const row of result.preview) console.log(`row ${row.row}${row.valid ? '' : ' (invalid)'}: ${JSON.stringify({ municipality: row.municipality, submittedAt: row.submittedAt, data: row.data })}`);
    console.log(`preview: ${result.rows} row(s), ${result.validRows} valid, ${result.rejected} invalid; nothing was stored`);
    return result.rejected > 0 ? 1 : 0;
  }
  if (options['save-mapping']) {
    await saveImportMapping(db.kysely, { survey_id: survey.meta.id, name: options['save-mapping'], mapping: JSON.stringify(mapping), updated_at: new Date().toISOString(), updated_by: null });
    console.error(`kuulo import: mapping saved as '${options['save-mapping']}'`);
  }
  if (result.rejected > 0) {
    const problemsFile = options.rejected ?? `${file}.problems.csv`;
    fs.writeFileSync(problemsFile, ['row;column;question;problem', ...result.problems.map((p) => [p.row, p.column, p.question, p.message].map(csvCell).join(';'))].join('\n') + '\n');
    console.error(`kuulo import: the problems of ${result.rejected} row(s) written to ${problemsFile}`);
  }
  if (!result.committed) {
    console.error(`kuulo import: ${result.rejected} invalid row(s); nothing was stored. Fix them, or use --skip-invalid to store the valid rows.`);
    return 1;
  }
  console.log(`imported ${result.stored} response(s) into ${survey.meta.id} v${survey.version}; ${result.alreadyStored} already imported; ${result.rejected} rejected`);
  return 0;
}

runCli('import', main);
