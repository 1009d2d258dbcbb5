import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { SurveyLoadError } from './surveys/catalog.ts';

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
  // Results indexes load in the background while the server already takes answers.
  void app.results.indexes.warm(app.catalog.list().map((s) => s.meta.id));
} catch (error) {
  if (error instanceof ConfigError || error instanceof SurveyLoadError) {
    console.error(`kuulo: ${error.message}`);
  } else {
    console.error('kuulo: could not start:', error);
  }
  process.exit(1);
}
