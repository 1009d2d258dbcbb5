import { DEMO_CODING_QUESTION, replaceDemoCoding } from './coding.ts';
import { RESIDENT_SURVEY } from './residents.ts';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { connect, migrateToLatest } from '../../db/connect.ts';
import { loadConfig } from '../../server/config.ts';
import { runCli } from '../../server/cli/run.ts';
import { DEFAULT_SEED, SEED_RESIDENTS } from './index.ts';
import { DemoDataInvalid, replaceDemoData } from './store.ts';
import { loadGeography } from '../../server/geography.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';

const USAGE = `usage: npm run demo [-- --seed <number>] [--residents <count>]
  Replaces the SYNTHETIC demo data (responses marked synthetic) with a new set; real responses are never touched.
  --seed       the random seed (default ${DEFAULT_SEED}); the same seed gives the same data
  --residents  resident respondents to "Minun arkeni ja elämäni" (default ${SEED_RESIDENTS}, as in the seed survey)`;

function wholeNumber(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value > max) throw new UsageError(`--${name} must be a whole number from 0 to ${max}, got '${raw}'`);
  return value;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let seed: number;
  let residents: number;
  try {
    const { values } = parseArgs({ options: { seed: { type: 'string' }, residents: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    seed = wholeNumber('seed', values.seed, DEFAULT_SEED, 0xffff_ffff);
    residents = wholeNumber('residents', values.residents, SEED_RESIDENTS, 10_000_000);
  } catch (error) {
    console.error(`kuulo demo: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const config = loadConfig();
  const geography = loadGeography(config.geographyFile);
  const db = connect(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography);
    console.log(`SYNTHETIC DEMO DATA: generating made-up answers (seed ${seed}, ${residents} residents). They are not real responses and are stored marked synthetic.`);
    const bar = new cliProgress.SingleBar(
      { format: '{phase} {bar} {percentage}% | {value}/{total} responses | {eta_formatted} left', stream: process.stderr, noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const startedAt = Date.now();
    let summary;
    try {
      summary = await replaceDemoData(db.kysely, catalog, geography, {
        seed,
        residents,
        onProgress: ({ phase, done, total }) => {
          if (!started) bar.start(total, 0, { phase });
          started = true;
          bar.update(done, { phase: phase === 'checking' ? 'checking' : 'storing ' });
        },
      });
    } finally {
      if (started) bar.stop();
      catalog.dispose();
    }
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const width = Math.max(...summary.stored.map((s) => s.surveyId.length));
    console.log(`SYNTHETIC DEMO DATA stored in ${seconds} s (seed ${seed}); ${summary.removed} earlier synthetic response(s) removed; real responses untouched:`);
    for (const s of summary.stored) console.log(`  ${s.surveyId.padEnd(width)}  v${s.version}  ${s.count} synthetic response(s)`);
    if (summary.skipped.length > 0) console.log(`  (no such survey in ${config.surveysDir}, so none made: ${summary.skipped.join(', ')})`);
    const coded = await replaceDemoCoding(db.kysely, new Date());
    if (coded) console.log(`  coded: ${DEMO_CODING_QUESTION} of ${RESIDENT_SURVEY}, a codebook of ${coded.codes} codes, ${coded.coded} answers coded, a sample of ${coded.sample} coded by two coders (${coded.disagreements} disagreements)`);
    return 0;
  } catch (error) {
    if (error instanceof DemoDataInvalid) {
      console.error(`kuulo demo: ${error.message}\nNothing was changed.`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

runCli('demo', main);
