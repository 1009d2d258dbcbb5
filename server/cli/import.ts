import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runCli, withDatabase } from './run.ts';
import { importResponses } from '../responses/import.ts';
import { SurveyCatalog } from '../surveys/catalog.ts';

const USAGE = 'usage: npm run import -- <survey-id> <file.jsonl> [--skip-invalid] [--rejected <file>]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'skip-invalid': { type: 'boolean', default: false }, rejected: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help || positionals.length !== 2) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const [surveyId, file] = positionals as [string, string];
  if (!fs.existsSync(file)) {
    console.error(`kuulo import: no file ${file}`);
    return 2;
  }
  return withDatabase(async ({ config, geography, db }) => {
    const catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography);
    const survey = catalog.get(surveyId);
    if (!survey) {
      console.error(`kuulo import: no survey '${surveyId}' in ${config.surveysDir} (have: ${catalog.list().map((s) => s.meta.id).join(', ')})`);
      return 2;
    }
    const size = fs.statSync(file).size;
    const bar = new cliProgress.SingleBar(
      { format: 'importing {bar} {percentage}% | {value}/{total} bytes | {eta_formatted} left', stream: process.stderr, noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
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
    catalog.dispose();

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
    console.log(`imported ${result.stored} response(s) into ${surveyId} v${survey.version}; ${result.alreadyStored} already imported; ${result.rejected.length} rejected`);
    return 0;
  });
}

runCli('import', main);
