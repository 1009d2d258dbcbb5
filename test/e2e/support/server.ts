import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { projectRoot } from '../../../server/config.ts';
import { testConfig } from '../../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../../helpers/database.ts';
import { clientDir } from './client.ts';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  /** Stops listening and closes the app; the database stays. */
  stop(): Promise<void>;
}

/** The real app with the shipped surveys and the built client, listening on 127.0.0.1 (port 0: any free one). */
export async function startServer(database: TestDatabase, port = 0): Promise<RunningServer> {
  const config = testConfig({ databaseUrl: database.url, surveysDir: path.join(projectRoot, 'surveys'), clientDir: await clientDir() });
  const app = await buildApp(config, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://127.0.0.1:${actualPort}`, port: actualPort, stop: () => app.close() };
}

/** A fresh database and a server on it, for one test file. */
export async function startFreshServer(): Promise<{ server: RunningServer; database: TestDatabase; close(): Promise<void> }> {
  const database = await freshDatabase();
  const server = await startServer(database);
  return {
    server,
    database,
    async close() {
      await server.stop();
      await database.drop();
    },
  };
}
