import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { runCli, withDatabase } from './run.ts';
import { loadGeography } from '../geography.ts';
import { loadPopulation, parsePopulationCsv } from '../results/population.ts';

// npm run population -- <file.csv>: replaces the population table used for weighting.
async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file === '--help') {
    console.error('usage: npm run population -- <file.csv>   (columns: municipality, sex, age_group, population)');
    return file ? 0 : 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`kuulo population: no file ${file}`);
    return 2;
  }
  const config = loadConfig();
  const parsed = parsePopulationCsv(fs.readFileSync(file, 'utf8'), loadGeography(config.geographyFile));
  if ('problems' in parsed) {
    for (const p of parsed.problems) console.error(`${file}: ${p}`);
    console.error('kuulo population: nothing was loaded');
    return 1;
  }
  return withDatabase(async ({ db }) => {
    const loaded = await loadPopulation(db.kysely, parsed.rows, null, new Date());
    console.log(`loaded ${loaded.rows} rows, ${loaded.total} people`);
    return 0;
  });
}

runCli('population', main);
