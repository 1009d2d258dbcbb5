import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MIGRATION_NAMES } from '../../db/connect.ts';
import { appliedMigrations, ping } from '../../db/health.ts';
import { fileAnswer } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { Health, Readiness } from './schemas.ts';
import { requires } from '../auth/permissions.ts';

// A readiness probe must answer quickly even when the database does not: a PostgreSQL server that
// stopped answering would otherwise hold the probe until the load balancer's own timeout.
const DATABASE_TIMEOUT_MS = 2000;

class TimedOut extends Error {}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `current`: every migration this code knows has run and no other; `behind`: some have not run
 * (this database needs a start of this version to migrate it); `ahead`: the database has
 * migrations this code does not know (a newer version migrated it; this one may misread it).
 */
type MigrationState = 'current' | 'behind' | 'ahead' | 'unchecked';

function migrationState(applied: readonly string[] | null): MigrationState {
  if (applied === null) return 'behind';
  const known = new Set(MIGRATION_NAMES);
  if (applied.some((name) => !known.has(name))) return 'ahead';
  const done = new Set(applied);
  return MIGRATION_NAMES.every((name) => done.has(name)) ? 'current' : 'behind';
}


export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Liveness: the process answers and its database does. Cheap enough for a health check every few seconds.
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { response: { 200: Health, '4xx': ErrorBody } } },
    async () => {
      await ping(app.db.kysely);
      return { status: 'ok' as const, database: app.db.dialect, surveys: app.catalog.list().length };
    },
  );

  /*
   * Readiness, for a load balancer: 200 when this instance can take answers (database reachable,
   * schema exactly the one this code knows), else 503. Results indexes still building do not make
   * it unready (answers are taken and stored meanwhile; the first analyst just waits). Public, so it
   * says states and counts only: no error text, no survey ids (a draft survey's id is not public),
   * no response counts; those are in the admins' metrics.
   */
  app.get(
    '/api/ready',
    { config: { access: 'public' }, schema: { response: { 200: Readiness, 503: Readiness, '4xx': ErrorBody } } },
    async (_request, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      let migrations: MigrationState = 'unchecked';
      try {
        await within(ping(app.db.kysely), DATABASE_TIMEOUT_MS);
        migrations = migrationState(await within(appliedMigrations(app.db.kysely), DATABASE_TIMEOUT_MS));
      } catch {
        database = 'unreachable';
      }
      const surveys = app.catalog.list().map((s) => s.meta.id);
      const states = new Map(app.results.indexes.states().map((s) => [s.surveyId, s]));
      const resultsIndexes = { ready: 0, building: 0, notStarted: 0, progress: null as number | null };
      let loaded = 0;
      let total = 0;
      for (const id of surveys) {
        const state = states.get(id);
        if (state?.state === 'ready') resultsIndexes.ready++;
        else if (state?.state === 'building') {
          resultsIndexes.building++;
          loaded += state.responses;
          total += state.total;
        } else resultsIndexes.notStarted++;
      }
      // A percent, not counts: how many answered a survey is not for the public. Never 100 while building.
      if (resultsIndexes.building > 0) resultsIndexes.progress = total > 0 ? Math.min(99, Math.floor((100 * loaded) / total)) : 0;
      const ready = database === 'ok' && migrations === 'current';
      reply.header('cache-control', 'no-store');
      return reply.status(ready ? 200 : 503).send({
        status: ready ? ('ready' as const) : ('unready' as const),
        database,
        migrations,
        surveys: { state: 'loaded' as const, count: surveys.length },
        resultsIndexes,
      });
    },
  );

  // Prometheus scrapes this with an admin's session, or through a proxy that adds one (README, "Monitoring").
  app.get('/api/admin/metrics', { config: requires('operations.read'), schema: { response: { 200: fileAnswer('text/plain', 'the metrics in the Prometheus text format'), '4xx': ErrorBody } } }, async (_request, reply) => {
    const text = await app.metrics.text();
    return reply.header('cache-control', 'no-store').type(app.metrics.contentType).send(text);
  });
};
