// `npm run fuzz -- 100000 [seed]`: the suite's fuzz test (api-fuzz.test.ts), longer. The count and
// the seed may also come as FUZZ_REQUESTS and FUZZ_SEED; DATABASE_URL picks the database as for
// the suite (a postgres:// URL runs it on PostgreSQL).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [count, seed] = process.argv.slice(2);
for (const [name, value] of [['count', count], ['seed', seed]]) {
  if (value !== undefined && !/^\d+$/.test(value)) {
    console.error(`usage: npm run fuzz -- [requests] [seed]  (${name} '${value}' is not a whole number)`);
    process.exit(2);
  }
}
const env = { ...process.env, FUZZ_REQUESTS: count ?? process.env.FUZZ_REQUESTS ?? '100000' };
if (seed !== undefined) env.FUZZ_SEED = seed;
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const run = spawnSync(process.execPath, [vitest, 'run', fileURLToPath(new URL('./api-fuzz.test.ts', import.meta.url))], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
