import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { SurveyLoadError } from './surveys/catalog.ts';

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

// The only file that listens. Everything else is built by buildApp so tests can use inject().
try {
  const config = loadConfig();
  const app = await buildApp(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  await app.listen({ port: config.port, host: config.host });
  // Which data this instance serves, said once at start (never the database password).
  const database = app.db.dialect === 'sqlite' ? config.databaseUrl : redactPassword(config.databaseUrl);
  app.log.info(
    { database: `${app.db.dialect} ${database}`, surveys: app.catalog.list().map((s) => `${s.meta.id} v${s.version}`) },
    `kuulo started: ${app.catalog.list().length} surveys, ${app.db.dialect} database`,
  );
  // Results indexes load in the background while the server already takes answers.
  void app.results.indexes.warm(app.catalog.list().map((s) => s.meta.id));
  // Expired sessions, drafts and old attempts go on a schedule (server/ops/housekeeping.ts).
  app.housekeeping.start();
} catch (error) {
  if (error instanceof ConfigError || error instanceof SurveyLoadError) {
    console.error(`kuulo: ${error.message}`);
  } else {
    console.error('kuulo: could not start:', error);
  }
  process.exit(1);
}
