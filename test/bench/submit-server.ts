// A server for the submit benchmark, in its own process so the load generator does not share its
// event loop. Prints `listening <port>` when ready and answers the parent's 'stats' message with its
// CPU time and group-commit counts. BENCH_VALIDATION: compiled | full | off. BENCH_PATH:
//   group     the server as it runs: synchronous=FULL, group commit (GROUP_COMMIT_MS, GROUP_COMMIT_MAX)
//   single    durable but without group commit: the parent sets GROUP_COMMIT_MAX=1
//   previous  the store path before durable group commit: a transaction per submission
//             (GROUP_COMMIT_MAX=1), SQLite's synchronous=NORMAL and the answers (survey, question,
//             value) index, both put back here on this benchmark's own database
import { sql } from 'kysely';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

const validation = (process.env.BENCH_VALIDATION ?? 'compiled') as 'compiled' | 'full' | 'off';
const app = await buildApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', CLIENT_DIR: '/nonexistent' }), { logger: false, validation });
if (process.env.BENCH_PATH === 'previous') {
  if (app.db.dialect === 'sqlite') await sql`pragma synchronous = NORMAL`.execute(app.db.kysely);
  await app.db.kysely.schema.createIndex('answers_tally_idx').ifNotExists().on('answers').columns(['survey_id', 'question', 'value']).execute();
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ cpu: process.cpuUsage(), writes: app.db.writes.stats });
});
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
