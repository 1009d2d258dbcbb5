import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { freshDatabase, type TestDatabase } from './database.ts';

/** Writes survey files into a new temporary folder: `{ "name.json": object-or-raw-text }`. */
export function surveysFolder(files: Record<string, object | string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-surveys-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export function testConfig(overrides: Partial<Config>): Config {
  // Most tests' surveys are small forms without a privacy notice; the notice's own tests turn the requirement on.
  const base = loadConfig({ ...process.env, DATABASE_URL: '', SURVEYS_DIR: '', PORT: '', HOST: '', LOG_LEVEL: 'silent', CLIENT_DIR: '/nonexistent', PRIVACY_NOTICE_REQUIRED: 'false' });
  return Object.freeze({ ...base, ...overrides });
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  readonly config: Config;
  close(): Promise<void>;
}

/** Builds the app on a fresh database with the given survey files. */
export async function buildTestApp(
  surveys: Record<string, object | string>,
  options: BuildOptions & { database?: TestDatabase; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = options.database ?? (await freshDatabase());
  const config = testConfig({ databaseUrl: database.url, surveysDir: surveysFolder(surveys), ...options.config });
  const app = await buildApp(config, { logger: false, ...options });
  // A test asks for results right after storing data: it waits for the index build however long a
  // busy machine takes, rather than getting the server's 503 after a second (a test of that sets 0).
  app.results.indexes.buildWaitMs = Infinity;
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
