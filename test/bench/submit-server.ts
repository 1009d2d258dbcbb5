// A server for the submit benchmark, in its own process so the load generator does not share its
// event loop. Prints `listening <port>` when ready. BENCH_VALIDATION: compiled | full | off.
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

const validation = (process.env.BENCH_VALIDATION ?? 'compiled') as 'compiled' | 'full' | 'off';
const app = await buildApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent', CLIENT_DIR: '/nonexistent' }), { logger: false, validation });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
