// `npm run crash -- 200 [seed]`: the crash test (crash.test.ts) with that many SIGKILL rounds (default 100; the suite runs 20). The rounds
// and the seed may also come as CRASH_ROUNDS and CRASH_SEED (a run prints its seed; the same seed repeats its kill
// times and request mix); DATABASE_URL picks the database as for the suite (a postgres:// URL runs it on PostgreSQL).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [rounds, seed] = process.argv.slice(2);
for (const [name, value] of [['rounds', rounds], ['seed', seed]]) {
  if (value !== undefined && !/^[1-9]\d*$/.test(value)) {
    console.error(`usage: npm run crash -- [rounds] [seed]  (${name} '${value}' is not a positive whole number)`);
    process.exit(2);
  }
}
const env = { ...process.env, CRASH_ROUNDS: rounds ?? process.env.CRASH_ROUNDS ?? '100' };
if (seed !== undefined) env.CRASH_SEED = seed;
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const run = spawnSync(process.execPath, [vitest, 'run', fileURLToPath(new URL('./crash.test.ts', import.meta.url))], { stdio: 'inherit', env });
process.exit(run.status ?? 1);
