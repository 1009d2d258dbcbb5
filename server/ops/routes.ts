import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requires } from '../auth/permissions.ts';
import { fileAnswer } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { Health, Readiness } from './schemas.ts';
import { OpsService } from './service.ts';

export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ops = new OpsService(
    app.db,
    () => app.catalog.list().map((s) => s.meta.id),
    () => app.results.indexes.states(),
  );

  // Liveness: the process answers and its database does. Cheap enough for a health check every few seconds.
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: Health, '4xx': ErrorBody } } }, async () => ops.health());

  // Readiness, for a load balancer: 200 when this instance can take answers, else 503 (the service
  // says what each depends on). Public, so its answer holds no error text, survey ids or counts of
  // answers; those are in the admins' metrics.
  app.get(
    '/api/ready',
    {
      // It answers the database's state itself: never 503 database_unavailable.
      config: { access: 'public', database: false },
      schema: {
        response: {
          200: { description: 'This instance can take answers: the database answers and its schema is the one this code knows.', content: { 'application/json': { schema: Readiness } } },
          503: {
            description:
              'This instance cannot take answers now; take it out of the load balancer until it is 200 again. `database` is `unreachable` when the database did not answer within two seconds ' +
              '(down, restarting, refusing connections, locked); `migrations` is `behind` when a migration this code knows has not run (start this version once to run it) or `ahead` ' +
              'when a newer version migrated the database (this one may misread it). Results indexes still loading never make it 503.',
            content: { 'application/json': { schema: Readiness } },
          },
          '4xx': ErrorBody,
        },
      },
    },
    async (_request, reply) => {
      const readiness = await ops.readiness();
      reply.header('cache-control', 'no-store');
      return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );

  // Prometheus scrapes this with an admin's session, or through a proxy that adds one (README, "Monitoring").
  app.get('/api/admin/metrics', { config: requires('operations.read'), schema: { response: { 200: fileAnswer('text/plain', 'the metrics in the Prometheus text format'), '4xx': ErrorBody } } }, async (_request, reply) => {
    const text = await app.metrics.text();
    return reply.header('cache-control', 'no-store').type(app.metrics.contentType).send(text);
  });
};
