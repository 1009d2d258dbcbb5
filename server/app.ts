import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import helmet from 'helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { connect, migrateToLatest, type Db } from '../db/connect.ts';
import { projectRoot, type Config } from './config.ts';
import { accessControl } from './auth/access.ts';
import { rateLimitKey } from './auth/rate-limit-key.ts';
import { registerClient } from './client.ts';
import { registerErrorHandler } from './errors.ts';
import { loadGeography, type Geography } from './geography.ts';
import { registerJsonBody } from './json-body.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerOperations } from './ops/index.ts';
import { adminRoutes } from './admin/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { distributionRoutes } from './distribution/routes.ts';
import { entryRoutes } from './responses/entry-routes.ts';
import { exportsDataRoutes } from './exports/data/routes.ts';
import { exportsResultsRoutes } from './exports/results/routes.ts';
import { respondentRoutes } from './responses/routes.ts';
import { linksAdminRoutes } from './distribution/links-routes.ts';
import { resultsRoutes } from './results/routes.ts';
import { codingRoutes } from './coding/routes.ts';
import { authoringRoutes } from './authoring/routes.ts';
import { anonymiseRoutes } from './privacy/anonymise-routes.ts';
import { rightsRoutes } from './privacy/rights-routes.ts';
import { importRoutes } from './imports/routes.ts';
import { seriesRoutes } from './series/routes.ts';
import { CodingService } from './coding/service.ts';
import { surveyAdminRoutes } from './surveys/routes.ts';
import { ResultsService } from './results/service.ts';
import { databaseKey, snapshotDir } from './results/snapshot.ts';
import { schemaValidators } from './schema-validators.ts';
import { serialiser } from './http/serialiser.ts';
import { systemRoutes } from './ops/routes.ts';
import { SurveyCatalog } from './surveys/catalog.ts';
import { compileFullSurvey, compileSurvey } from './validation/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    catalog: SurveyCatalog;
    geography: Geography;
    results: ResultsService;
    /** The current time; tests replace it through `BuildOptions.clock`. */
    clock: () => Date;
  }
}

/**
 * Scripts, styles, fonts and data only from this origin; no inline script, no eval, no framing.
 * `style-src-attr 'unsafe-inline'` lets survey-core set element styles (widths, progress) without
 * allowing any <style> or script. https://owasp.org/www-project-secure-headers/
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export interface BuildOptions {
  readonly clock?: () => Date;
  /**
   * How answers are judged: `compiled` (the fast validator, falling back to survey-core where a
   * definition needs it), `full` (always survey-core) or `off`. Only the benchmark sets anything
   * but `compiled`, to measure what validation costs on the same server.
   */
  readonly validation?: 'compiled' | 'full' | 'off';
  readonly logger?: boolean;
  /** Where the log goes instead of standard output (tests read the 5xx log line from it). */
  readonly logStream?: NodeJS.WritableStream;
}

/**
 * Builds the whole application from a config: database (migrated), geography, surveys (loaded
 * and versioned), routes. Only `main.ts` listens; tests call this and use `inject()`.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const geography = loadGeography(config.geographyFile);
  const db = connect(config.databaseUrl, { groupCommit: config.groupCommit });
  let catalog: SurveyCatalog;
  try {
    await migrateToLatest(db);
    catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography, {
      compile: options.validation === 'full' ? compileFullSurvey : compileSurvey,
      privacyNoticeRequired: config.privacyNoticeRequired,
    });
  } catch (error) {
    await db.close();
    throw error;
  }

  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // A random id, not a counter that restarts with the process: the id in an error's answer must
    // find its one log line even across restarts and instances.
    genReqId: () => crypto.randomUUID(),
    bodyLimit: config.bodyLimit,
    // Respondents' addresses are never logged or stored with answers (see README, "Privacy").
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Query strings and path parameters arrive as text, so their numbers are coerced; JSON bodies are
  // taken with exactly the types they say. The respondents' answers are judged by the survey validator.
  app.setValidatorCompiler(schemaValidators());
  // Answers are written by fast-json-stringify on schemas rewritten so that it need not run Ajv on every value.
  app.setSerializerCompiler(serialiser);

  app.decorate('db', db);
  app.decorate('catalog', catalog);
  app.decorate('geography', geography);
  app.decorate('results', new ResultsService(db.kysely, catalog, geography, db.scans));
  app.results.indexes.useSnapshots(snapshotDir(config.resultsSnapshotDir, config.databaseUrl, projectRoot), databaseKey(config.databaseUrl), app.log);
  app.decorate('clock', options.clock ?? (() => new Date()));
  app.addHook('onClose', async () => {
    await app.results.indexes.close();
    catalog.dispose();
    await db.close();
  });
  for (const { file, warning } of catalog.warnings) app.log.warn({ file }, warning);

  registerErrorHandler(app);
  // Every JSON body: no deeper than a form can nest, no NUL character; nor a NUL in the address.
  registerJsonBody(app);
  // Housekeeping's schedule and the metrics' hooks, before any route so that every route is counted.
  registerOperations(app, config);
  // The API speaks JSON only: anything else is 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  // JSON answers compressed (a survey definition is 25 KB raw, 4 KB gzipped: a second on a weak
  // line); the client's files are already compressed at build time and pass untouched.
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  await app.register(fastifyCookie);
  // Helmet's headers, its middleware built once. (@fastify/helmet builds it anew for every request:
  // its options merged and its directives parsed each time, about a tenth of a submission's time on
  // the server's thread, for the same headers on every route here.)
  const securityHeaders = helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  await app.register(fastifyRateLimit, { global: false, keyGenerator: rateLimitKey(app.server) });
  await app.register(accessControl, { idleMinutes: config.sessionIdleMinutes });
  // The OpenAPI document collects the routes as they are added, so it comes before them.
  await registerOpenApi(app);

  await app.register(systemRoutes);
  await app.register(respondentRoutes, { validate: options.validation !== 'off', submitRateLimit: config.submitRateLimit });
  await app.register(authRoutes, { sessionHours: config.sessionHours, loginRateLimit: config.loginRateLimit });
  await app.register(adminRoutes, { passwordResetRateLimit: config.loginRateLimit });
  await app.register(distributionRoutes, { publicUrl: config.publicUrl, resumeDays: config.resumeDays, rateLimit: config.submitRateLimit });
  await app.register(entryRoutes, { validate: options.validation !== 'off' });
  await app.register(rightsRoutes, { rateLimit: config.loginRateLimit });
  await app.register(surveyAdminRoutes, { invitationDays: config.invitationDays });
  await app.register(linksAdminRoutes, { publicUrl: config.publicUrl });
  await app.register(resultsRoutes, { results: app.results });
  await app.register(exportsResultsRoutes);
  await app.register(exportsDataRoutes);
  await app.register(anonymiseRoutes);
  const coding = new CodingService(db.kysely, catalog, geography, app.results);
  app.results.useDerived(coding.derivedVariables());
  await app.register(codingRoutes, { coding });
  await app.register(importRoutes);
  await app.register(seriesRoutes);
  // A survey published from the browser (here or on another instance) gets its results index anew, with the new version's variables.
  catalog.onInstall((surveyId) => app.results.indexes.invalidate(surveyId));
  await app.register(authoringRoutes);
  await registerClient(app, config.clientDir);
  return app;
}
