import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { connect, migrateToLatest, type Db } from '../db/connect.ts';
import type { Config } from './config.ts';
import { registerClient } from './client.ts';
import { registerErrorHandler } from './errors.ts';
import { loadGeography, type Geography } from './geography.ts';
import { respondentRoutes } from './routes/respondent.ts';
import { systemRoutes } from './routes/system.ts';
import { SurveyCatalog } from './surveys/catalog.ts';
import { compileFullSurvey, compileSurvey } from './validation/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    catalog: SurveyCatalog;
    geography: Geography;
    /** The current time; tests replace it through `BuildOptions.clock`. */
    clock: () => Date;
  }
}

export interface BuildOptions {
  readonly clock?: () => Date;
  /**
   * How answers are judged: `compiled` (the fast validator, falling back to survey-core where a
   * definition needs it), `full` (always survey-core) or `off`. Only the benchmark sets anything
   * but `compiled`, to measure what validation costs on the same server.
   */
  readonly validation?: 'compiled' | 'full' | 'off';
  readonly logger?: boolean;
}

/**
 * Builds the whole application from a config: database (migrated), geography, surveys (loaded
 * and versioned), routes. Only `main.ts` listens; tests call this and use `inject()`.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const geography = loadGeography(config.geographyFile);
  const db = connect(config.databaseUrl);
  let catalog: SurveyCatalog;
  try {
    await migrateToLatest(db);
    catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography, {
      compile: options.validation === 'full' ? compileFullSurvey : compileSurvey,
    });
  } catch (error) {
    await db.close();
    throw error;
  }

  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    // Respondents' addresses are never logged or stored with answers (see README, "Privacy").
    disableRequestLogging: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('catalog', catalog);
  app.decorate('geography', geography);
  app.decorate('clock', options.clock ?? (() => new Date()));
  app.addHook('onClose', async () => {
    catalog.dispose();
    await db.close();
  });
  for (const { file, warning } of catalog.warnings) app.log.warn({ file }, warning);

  registerErrorHandler(app);
  await app.register(systemRoutes);
  await app.register(respondentRoutes, { validate: options.validation !== 'off' });
  await registerClient(app, config.clientDir);
  return app;
}
